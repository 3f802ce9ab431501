import HinboxCore
import Logging
import PostgresNIO

/// Creating and dropping whole databases on a server (tests give each test its own database).
public enum PostgresDatabases {
    /// Creates the empty database `name` on the server of `server` (connecting to its database)
    /// and returns its location. `name`: lower-case letters, digits and `_`, at most 63.
    public static func create(_ name: String, on server: PostgresLocation) async throws -> PostgresLocation {
        try await administer(server, "CREATE DATABASE \(try quoted(name))")
        return server.with(database: name)
    }

    /// Drops the database `name`, closing its sessions (`WITH (FORCE)`); nothing when it does not exist.
    public static func drop(_ name: String, on server: PostgresLocation) async throws {
        try await administer(server, "DROP DATABASE IF EXISTS \(try quoted(name)) WITH (FORCE)")
    }

    /// Runs one literal statement (administration and tests; never with untrusted text).
    public static func execute(_ statement: String, on location: PostgresLocation) async throws {
        try await administer(location, statement)
    }

    /// `name` as a quoted identifier, refused unless it is a plain lower-case name (no SQL can ride on it).
    private static func quoted(_ name: String) throws -> String {
        let plain = !name.isEmpty && name.count <= 63 && name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
        guard plain else { throw ConfigError("'\(name)' is not a plain database name (use a-z, 0-9 and _)") }
        return "\"\(name)\""
    }

    private static func administer(_ server: PostgresLocation, _ statement: String) async throws {
        let logger = Logger(label: "hinbox.postgres")
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try server.connectionConfiguration(), id: 1, logger: logger)
        } catch {
            throw StoreError.cannotConnect(location: server.redacted, reason: PostgresFailure.reason(error))
        }
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw StoreError.databaseFailed(what: statement, location: server.redacted, reason: PostgresFailure.reason(error))
        }
    }
}
