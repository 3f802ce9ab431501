import HinboxCore
public import Logging
import NIOSSL
import PostgresNIO

/// One `hinbox process` (or correction) per PostgreSQL database at a time: a session-level
/// advisory lock (`pg_try_advisory_lock`) held on a connection of its own.
///
/// The server drops the lock when that session ends, however the process ends (kill -9 included),
/// so a lock is never stale. Advisory locks are per database, like the SQLite run lock is per file.
///
/// ```swift
/// guard let lock = try await PostgresRunLock.acquire(location) else { /* another run holds it */ }
/// defer { Task { await lock.release() } }
/// ```
public final class PostgresRunLock: Sendable {
    /// The advisory lock key of the run lock (`hinboy` in ASCII; migrations use `hinbox`).
    static let key: Int64 = 0x68_69_6E_62_6F_79
    private let connection: PostgresConnection
    private let logger: Logger

    private init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Takes the lock at once; nil when another session holds it. Never waits.
    ///
    /// - Throws: ``StoreError/cannotOpen`` when the server cannot be reached.
    public static func acquire(_ location: PostgresLocation, logger: Logger = Logger(label: "hinbox.postgres")) async throws -> PostgresRunLock? {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try location.connectionConfiguration(), id: 1, logger: logger)
        } catch {
            throw StoreError.cannotConnect(location: location.redacted, reason: PostgresFailure.reason(error))
        }
        do {
            let taken = try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: logger).one(Bool.self)
            guard taken else {
                try? await connection.close()
                return nil
            }
            return PostgresRunLock(connection: connection, logger: logger)
        } catch {
            try? await connection.close()
            throw StoreError.cannotConnect(location: location.redacted, reason: PostgresFailure.reason(error))
        }
    }

    /// Releases the lock and closes its connection.
    public func release() async {
        _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.key))", logger: logger)
        try? await connection.close()
    }
}

/// Words a postgres-nio error for the user: the server's message, or what failed on the way.
enum PostgresFailure {
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return PostgresLocation.redact(String(describing: error)) }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        return PostgresLocation.redact(error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)")
    }
}
