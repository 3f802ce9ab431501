import Foundation
public import HinboxCore
public import HinboxPostgres
import HinboxStore

/// Where the knowledge base is: a SQLite file (the default) or a PostgreSQL database
/// (`--db postgres://…` or `HINBOX_DATABASE_URL`). The one place that opens a store and takes the
/// run lock, so every command works on either.
///
/// ```swift
/// let location = try StoreLocation("postgres://hinbox@127.0.0.1:5433/hinbox")
/// let store = try await location.open()
/// defer { Task { await store.close() } }
/// ```
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite file (created when missing).
    case sqlite(path: String)
    /// A PostgreSQL database (its schema is created when it has no tables).
    case postgres(PostgresLocation)

    /// A `postgres://` or `postgresql://` URL, else a SQLite file path.
    public init(_ text: String) throws {
        self = PostgresLocation.isURL(text) ? .postgres(try PostgresLocation(url: text)) : .sqlite(path: text)
    }

    /// The location as it may be printed: a PostgreSQL URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.redacted
        }
    }

    /// The location `store` was opened from; nil for an in-memory SQLite database.
    public static func of(_ store: any KnowledgeBase) -> StoreLocation? {
        if let store = store as? PostgresStore { return .postgres(store.postgres) }
        if let store = store as? SQLiteStore, store.path != ":memory:" { return .sqlite(path: store.path) }
        return nil
    }

    /// Opens the knowledge base, creating and migrating it when needed.
    /// - Parameter readOnly: SQLite only: open the file read-only (`hinbox serve`); PostgreSQL
    ///   reads in read-only transactions anyway.
    public func open(readOnly: Bool = false) async throws -> any KnowledgeBase {
        switch self {
        case .sqlite(let path): readOnly ? try SQLiteStore.openReadOnly(path: path) : try SQLiteStore.open(path: path)
        case .postgres(let location): try await PostgresStore.open(location)
        }
    }

    /// Opens an existing knowledge base for the read-only and correcting commands.
    /// - Throws: ``ConfigError`` when a SQLite file does not exist yet (a PostgreSQL database is
    ///   created by opening it, empty).
    public func openExisting() async throws -> any KnowledgeBase {
        if case .sqlite(let path) = self, !FileManager.default.fileExists(atPath: path) {
            throw ConfigError("no database at \(path); run `hinbox process <dir>` first or pass --db")
        }
        return try await open()
    }

    /// Takes the run lock at once: one `hinbox process` or correction per database.
    /// - Parameter shared: PostgreSQL only: take it shared with other workers (`--worker`).
    /// - Throws: ``RunLock/Refused`` while another process holds it.
    public func acquireRunLock(shared: Bool = false) async throws -> any RunLease {
        switch self {
        case .sqlite(let path):
            return try RunLock.acquire(databasePath: path)
        case .postgres(let location):
            guard let lock = try await PostgresRunLock.acquire(location, shared: shared) else {
                throw RunLock.Refused(databasePath: location.redacted, holderPID: nil)
            }
            return lock
        }
    }

    /// Runs `body` holding the run lock, releasing it however `body` ends.
    public func withRunLock<T: Sendable>(shared: Bool = false, _ body: () async throws -> T) async throws -> T {
        let lock = try await acquireRunLock(shared: shared)
        do {
            let value = try await body()
            await lock.release()
            return value
        } catch {
            await lock.release()
            throw error
        }
    }
}

/// A held run lock (``RunLock`` on a file, an advisory lock on PostgreSQL).
public protocol RunLease: Sendable {
    /// Lets the lock go; the next process may take it.
    func release() async
}

extension RunLock: RunLease {}
extension PostgresRunLock: RunLease {}
