import Foundation
import Synchronization
import GRDB
import HinboxCore
import Testing
@testable import HinboxStore

@Suite("SQLiteStore opening and migrations")
struct SQLiteStoreOpeningTests {
    @Test("A fresh database gets every migration and is sound")
    func freshSchema() async throws {
        let store = try SQLiteStore.inMemory()
        let (tables, applied, foreignKeys) = try await store.writer.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name"),
             try SQLiteStore.migrator.appliedMigrations(db),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(tables == ["alias", "article", "entity", "entity_embedding", "mention", "merged_profile_version",
                           "profile_version", "resolution_decision", "run", "sqlite_sequence"])
        #expect(applied == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"])
        #expect(foreignKeys == 1)
        #expect(try store.integrityCheck() == ["ok"])
        let counts = try store.counts()
        #expect(counts.entities == 0 && counts.versions == 0 && counts.mentions == 0 && counts.articles == 0)
    }

    @Test("Migrations are literals: a fresh database's schema SQL is what v1–v8 write, whatever the enums say now")
    func literalSchema() async throws {
        let store = try SQLiteStore.inMemory()
        let sql = try await store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'grdb%' ORDER BY type, name")
        }
        #expect(sql.joined(separator: "\n") == FreshSchema.sql)
        // v1 built these two lists from the enums; the literals spell the same text, so databases
        // created before are unchanged. A new case fails here: it needs a migration of its own.
        let types = EntityType.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let statuses = ArticleStatus.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        #expect(FreshSchema.sql.contains("CHECK (type IN (\(types)))"))
        #expect(FreshSchema.sql.contains("CHECK (status IN (\(statuses)))"))
    }

    @Test("The schema rejects invalid rows")
    func schemaConstraints() async throws {
        let store = try await StoreFixtures.store()
        try await store.commit(StoreFixtures.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))
        try await store.writer.write { db in
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE entity SET type = 'animal' WHERE id = 'per_1'")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE article SET status = 'pending' WHERE id = 'a1'")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE profile_version SET version = 0")
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "DELETE FROM run") // articles still reference it
            }
        }
    }

    @Test("A file database survives reopening, in WAL mode with foreign keys on")
    func fileReopen() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeTemporary(path) }
        do {
            let store = try SQLiteStore.open(path: path)
            try await store.startRun(StoreFixtures.run())
            try await store.commit(StoreFixtures.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))
        }
        #expect(FileManager.default.fileExists(atPath: path))

        let reopened = try SQLiteStore.open(path: path)
        let profile = try #require(try await reopened.profileDetail(nameOrID: "per_1", version: nil))
        #expect(profile.entity.name == "Dana Whitfield")
        #expect(try await reopened.article(id: "a1")?.status == .processed)
        let (journal, foreignKeys) = try await reopened.writer.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
        #expect(try reopened.integrityCheck() == ["ok"])
    }

    @Test("Opening a file that is not SQLite says so")
    func notSQLite() throws {
        let path = StoreFixtures.temporaryPath("notes.sqlite")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try String(repeating: "These are my notes, not a database.\n", count: 200).write(toFile: path, atomically: true, encoding: .utf8)

        let error = try #require(throws: StoreError.self) { try SQLiteStore.open(path: path) }
        #expect(error == .notADatabase)
        #expect(error.description.contains(path))
        #expect(error.description.contains("not a SQLite database"))
    }

    @Test("Opening another application's SQLite database is refused without changing it")
    func foreignDatabase() throws {
        let path = StoreFixtures.temporaryPath("other.sqlite")
        defer { StoreFixtures.removeTemporary(path) }
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            let other = try DatabaseQueue(path: path)
            try other.write { try $0.execute(sql: "CREATE TABLE photos (id INTEGER PRIMARY KEY)") }
        }
        #expect(throws: StoreError.notAHinboxDatabase) { try SQLiteStore.open(path: path) }
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["photos"])
    }

    @Test("A database from a newer hinbox is refused")
    func newerSchema() async throws {
        let path = StoreFixtures.temporaryPath()
        defer { StoreFixtures.removeTemporary(path) }
        do {
            let store = try SQLiteStore.open(path: path)
            try await store.writer.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        }
        let error = try #require(throws: StoreError.self) { try SQLiteStore.open(path: path) }
        #expect(error == .newerSchema)
        #expect(error.description.contains("v99"))
    }

    @Test("Several openers racing to migrate one new file all succeed, and each migration is applied once")
    func concurrentMigration() throws {
        // Each opener has its own connections, as separate processes do (`hinbox serve` started
        // next to a first `hinbox process`, or a test polling the file a child is creating).
        for round in 0..<40 {
            let path = StoreFixtures.temporaryPath("race-\(round).sqlite")
            defer { StoreFixtures.removeTemporary(path) }
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do { _ = try SQLiteStore.open(path: path) } catch {
                    failures.withLock { $0.append(String(describing: error)) }
                }
            }
            #expect(failures.withLock { $0 } == [], "round \(round)")
            let applied = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
            #expect(applied == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"])
        }
    }
}
