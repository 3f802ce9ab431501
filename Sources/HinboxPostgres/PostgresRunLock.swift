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
    private let shared: Bool

    private init(connection: PostgresConnection, shared: Bool, logger: Logger) {
        self.connection = connection
        self.shared = shared
        self.logger = logger
    }

    /// Takes the lock at once; nil when another session holds it. Never waits.
    ///
    /// - Parameter shared: take it shared, as `hinbox process --worker` does: any number of
    ///   workers hold it together, and a single run or a correction (exclusive) is refused while
    ///   one does — and the other way round.
    /// - Throws: ``StoreError/cannotOpen`` when the server cannot be reached.
    public static func acquire(
        _ location: PostgresLocation, shared: Bool = false, logger: Logger = Logger(label: "hinbox.postgres")
    ) async throws -> PostgresRunLock? {
        let lock: PostgresQuery = shared ? "SELECT pg_try_advisory_lock_shared(\(key))" : "SELECT pg_try_advisory_lock(\(key))"
        guard let connection = try await session(holding: lock, at: location, id: 1, logger: logger) else { return nil }
        return PostgresRunLock(connection: connection, shared: shared, logger: logger)
    }

    /// A connection of its own (not from a pool), its failure worded for the user.
    ///
    /// - Throws: ``StoreError/cannotOpen`` when the server cannot be reached.
    static func connect(_ location: PostgresLocation, id: Int, logger: Logger) async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: id, logger: logger)
        } catch {
            throw StoreError.cannotConnect(location: location.redacted, reason: PostgresFailure.reason(error))
        }
    }

    /// A connection of its own that took the advisory lock of `lock` (a `pg_try_advisory_lock…`
    /// query); nil, closed, when another session holds it.
    ///
    /// - Throws: ``StoreError/cannotOpen`` when the server cannot be reached.
    static func session(holding lock: PostgresQuery, at location: PostgresLocation, id: Int, logger: Logger) async throws -> PostgresConnection? {
        let connection = try await connect(location, id: id, logger: logger)
        do {
            guard try await connection.query(lock, logger: logger).one(Bool.self) else {
                try? await connection.close()
                return nil
            }
            return connection
        } catch {
            try? await connection.close()
            throw StoreError.cannotConnect(location: location.redacted, reason: PostgresFailure.reason(error))
        }
    }

    /// Releases the lock and closes its connection.
    public func release() async {
        _ = try? await connection.query(
            shared ? "SELECT pg_advisory_unlock_shared(\(Self.key))" : "SELECT pg_advisory_unlock(\(Self.key))", logger: logger)
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
