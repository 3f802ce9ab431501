import Foundation
public import HinboxCore
public import Logging
import PostgresNIO

/// The knowledge base in PostgreSQL, through postgres-nio: the same data model and semantics as
/// the SQLite store (ids, ordering, folding, versions, decisions), for a database that several
/// hinbox processes and people share.
///
/// Open it with ``open(_:logger:)``, which connects, migrates the schema and starts the
/// connection pool in a task of its own; ``close()`` stops the pool. Every ``commit(_:)`` is one
/// transaction; every read is one read-only repeatable-read transaction, so a page never mixes
/// two states of a database that `hinbox process` is writing.
///
/// ```swift
/// let store = try await PostgresStore.open(try PostgresLocation(url: "postgres://hinbox@127.0.0.1:5433/hinbox"))
/// defer { Task { await store.close() } }
/// try await store.commit(commit)
/// ```
public final class PostgresStore: KnowledgeBase, Sendable {
    /// Where the database is, without its password.
    public var location: String { postgres.redacted }
    /// The database's URL parts.
    public let postgres: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    private init(postgres: PostgresLocation, client: PostgresClient, logger: Logger) {
        self.postgres = postgres
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    // MARK: - Opening

    /// Connects to the database at `location` and migrates it to this binary's schema (safe when
    /// several processes open one database at once).
    ///
    /// - Throws: ``StoreError/cannotOpen`` when the server cannot be reached or refuses the user,
    ///   ``StoreError/notAHinboxDatabase`` when the database holds another application's tables,
    ///   ``StoreError/newerSchema`` when a newer hinbox migrated it.
    public static func open(_ location: PostgresLocation, logger: Logger = Logger(label: "hinbox.postgres")) async throws -> PostgresStore {
        // One direct connection first: the pool would retry an unreachable server for a minute.
        do {
            let probe = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: 0, logger: logger)
            try await probe.close()
        } catch {
            throw StoreError.cannotConnect(location: location.redacted, reason: PostgresFailure.reason(error))
        }
        let store = PostgresStore(postgres: location, client: PostgresClient(configuration: location.clientConfiguration()), logger: logger)
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Stops the connection pool. The store must not be used afterwards.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    // MARK: - Transactions

    /// Runs `body` in one read-write transaction. A ``StoreError`` or ``CorrectionError`` thrown
    /// by `body` passes through; database failures become ``StoreError``s saying what failed.
    @discardableResult
    func write<T: Sendable>(_ what: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction(what, readOnly: false, body)
    }

    /// Runs `body` in one read-only, repeatable-read transaction (one consistent state).
    func read<T: Sendable>(_ what: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction(what, readOnly: true, body)
    }

    private func transaction<T: Sendable>(
        _ what: String, readOnly: Bool, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await connection.query(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", logger: logger)
                do {
                    let value = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return value
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch let error as StoreError {
            throw error
        } catch let error as CorrectionError {
            throw error
        } catch let error as ResolverFence.Lost {
            throw error
        } catch {
            throw failure(error, what: what)
        }
    }

    /// A database or connection failure, worded for the user (never with the password).
    func failure(_ error: any Error, what: String) -> StoreError {
        if let error = error as? PSQLError, error.serverInfo == nil {
            return .cannotConnect(location: location, reason: PostgresFailure.reason(error))
        }
        if String(reflecting: type(of: error)).contains("ConnectionPoolError") {
            return .cannotConnect(location: location, reason: PostgresFailure.reason(error))
        }
        return .databaseFailed(what: what, location: location, reason: PostgresFailure.reason(error))
    }

    // MARK: - Maintenance

    /// How much the knowledge base holds.
    public func counts() async throws -> (entities: Int, versions: Int, mentions: Int, articles: Int) {
        try await read("count rows") { connection in
            let row = try await connection.query("""
                SELECT (SELECT COUNT(*) FROM entity), (SELECT COUNT(*) FROM profile_version),
                       (SELECT COUNT(*) FROM mention), (SELECT COUNT(*) FROM article)
                """, logger: logger).one(Int.self, Int.self, Int.self, Int.self)
            return (row.0, row.1, row.2, row.3)
        }
    }

    /// Rows per table (for `hinbox migrate`'s check), by table name.
    public func tableCounts() async throws -> [String: Int] {
        try await read("count rows") { connection in
            var counts: [String: Int] = [:]
            for table in PostgresSchema.tables {
                counts[table] = try await connection.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)"), logger: logger)
                    .one(Int.self)
            }
            return counts
        }
    }

    /// The server's version string (`hinbox doctor`).
    public func serverVersion() async throws -> String {
        try await read("ask the server's version") { connection in
            try await connection.query("SHOW server_version", logger: logger).one(String.self)
        }
    }

    // MARK: - Runs

    public func startRun(_ run: RunRecord) async throws {
        try await write("store run '\(run.id)'") { connection in try await insert(run, connection) }
    }

    public func finishRun(_ run: RunRecord) async throws {
        try await write("store run '\(run.id)'") { connection in
            let updated = try await connection.query("""
                UPDATE run SET started_at = \(StoredDate(run.startedAt)), finished_at = \(run.finishedAt.map(StoredDate.init)),
                    input_path = \(run.inputPath), domain = \(run.domain), model = \(run.model),
                    embedding_model = \(run.embeddingModel), processed = \(run.processed), failed = \(run.failed),
                    skipped = \(run.skipped)
                WHERE id = \(run.id) RETURNING id
                """, logger: logger).all(String.self)
            guard !updated.isEmpty else { throw StoreError.unknownRun(runID: run.id) }
        }
    }
}
