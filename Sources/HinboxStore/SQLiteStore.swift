import Foundation
import GRDB
public import HinboxCore
import Synchronization

/// The knowledge base in SQLite, through GRDB: the live ``KnowledgeStore``.
///
/// Open a file with ``open(path:)`` (WAL, foreign keys on, 5 s busy timeout) or a private
/// in-memory database with ``inMemory()``. Opening runs the schema migrations. Writes are
/// serialised by GRDB's single writer; every ``commit(_:)`` is one transaction.
///
/// ```swift
/// let store = try SQLiteStore.open(path: "hinbox.sqlite")
/// try await store.startRun(run)
/// try await store.commit(ArticleCommit(article: record, entities: entities, versions: versions))
/// ```
public final class SQLiteStore: KnowledgeStore, Sendable {
    /// The database file, or `:memory:`.
    public let path: String
    let writer: any DatabaseWriter
    /// Per entity type, what `hinbox serve`'s list pages show on every page — the tags for the
    /// filter chips and the number of entities — with the watermark they were computed at.
    let typeSummaries = Mutex<[String: TypeSummary]>([:])

    private init(writer: any DatabaseWriter, path: String, migrate: Bool = true) throws {
        self.writer = writer
        self.path = path
        if migrate { try Self.prepareSchema(writer, path: path) }
    }

    // MARK: - Opening

    /// Opens (or creates) the database file at `path`, creating missing parent directories, and
    /// migrates it to this binary's schema.
    ///
    /// - Throws: ``StoreError/notADatabase`` when the file is not SQLite,
    ///   ``StoreError/notAHinboxDatabase`` when it is another application's database,
    ///   ``StoreError/newerSchema`` when a newer hinbox wrote it, ``StoreError/cannotOpen`` otherwise.
    public static func open(path: String) throws -> SQLiteStore {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "cannot create its folder (\(error.localizedDescription))")
        }
        var configuration = makeConfiguration()
        configuration.busyMode = .timeout(5)
        do {
            let pool = try openPool(path: url.path, configuration: configuration)
            return try SQLiteStore(writer: pool, path: path)
        } catch let error as DatabaseError {
            throw openingError(error, path: path)
        }
    }

    /// Opens an existing database for reading only (`hinbox serve`). Reads see each commit of a
    /// concurrent `hinbox process` as a whole (WAL). A database an older hinbox wrote is first
    /// migrated once through a normal opening, so this binary's queries find their columns.
    ///
    /// - Throws: ``StoreError/cannotOpen`` when the file does not exist, and what ``open(path:)`` throws.
    public static func openReadOnly(path: String) throws -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: "no such file; run `hinbox process <dir>` first or pass --db")
        }
        var configuration = makeConfiguration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        // One reader per core: more connections only contend for the cores, and each has its own
        // page cache, so fewer, larger caches (8 MB each, bounded) hit more often under load.
        configuration.maximumReaderCount = max(2, ProcessInfo.processInfo.activeProcessorCount)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -8000") }
        do {
            var pool = try DatabasePool(path: path, configuration: configuration)
            if try pool.read({ try !migrator.hasCompletedMigrations($0) }) {
                try pool.close()
                _ = try open(path: path)
                pool = try DatabasePool(path: path, configuration: configuration)
            }
            return try SQLiteStore(writer: pool, path: path, migrate: false)
        } catch let error as DatabaseError {
            throw openingError(error, path: path)
        }
    }

    /// Opens a pool, waiting out a concurrent opener. Switching a new file to WAL needs an
    /// exclusive lock, and SQLite answers that `PRAGMA` with `SQLITE_BUSY` at once instead of
    /// calling the busy handler, so two processes creating one database (`hinbox serve` started
    /// next to a first `hinbox process`) would fail without this wait, bounded like the busy timeout.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = ContinuousClock.now + .seconds(5)
        var pause = 0.005
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 0.1)
            }
        }
    }

    /// A fresh, private in-memory database (for tests and dry runs).
    public static func inMemory() throws -> SQLiteStore {
        let queue = try DatabaseQueue(configuration: makeConfiguration())
        return try SQLiteStore(writer: queue, path: ":memory:")
    }

    static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "hinbox"
        configuration.prepareDatabase { db in
            db.add(function: foldFunction)
        }
        return configuration
    }

    /// `hinbox_fold(text)`: case-, diacritic- and width-insensitive form, for searches.
    static let foldFunction = DatabaseFunction("hinbox_fold", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(fold)
    }

    static func fold(_ text: String) -> String {
        TextFolding.fold(text)
    }

    private static func openingError(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB: .notADatabase(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: .busy(path: path)
        default: .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    // MARK: - Maintenance

    /// The rows of `PRAGMA integrity_check`: `["ok"]` when the file is sound.
    public func integrityCheck() throws -> [String] {
        try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// How much the knowledge base holds.
    public func counts() throws -> (entities: Int, versions: Int, mentions: Int, articles: Int) {
        try writer.read { db in
            (try EntityRow.fetchCount(db), try ProfileVersionRow.fetchCount(db),
             try MentionRow.fetchCount(db), try ArticleRow.fetchCount(db))
        }
    }

    // MARK: - Runs

    public func startRun(_ run: RunRecord) async throws {
        try await write("run '\(run.id)'") { db in try run.insert(db) }
    }

    public func finishRun(_ run: RunRecord) async throws {
        try await write("run '\(run.id)'") { db in
            guard try RunRecord.exists(db, key: run.id) else { throw StoreError.unknownRun(runID: run.id) }
            try run.update(db)
        }
    }

    // MARK: - Writing

    /// Runs `updates` in one write transaction, turning database failures into ``StoreError``s.
    func write(_ what: @autoclosure () -> String, _ updates: @escaping @Sendable (Database) throws -> Void) async throws {
        do {
            try await writer.write(updates)
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw StoreError.busy(path: path)
            default: throw StoreError.writeFailed(what: what(), reason: error.message ?? "\(error.resultCode)")
            }
        }
    }
}

extension SQLiteStore: KnowledgeBase {
    public var location: String { path }

    /// Nothing to do: GRDB closes the file when the store is released.
    public func close() async {}
}
