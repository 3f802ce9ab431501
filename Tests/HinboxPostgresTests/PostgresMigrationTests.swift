import Foundation
import HinboxCore
import HinboxPostgres
import HinboxTesting
import Testing

/// The PostgreSQL schema: created fresh, kept on reopening, safe for concurrent openers, and
/// refused on another application's database. Needs `HINBOX_TEST_POSTGRES_URL` (scripts/test.sh).
@Suite("PostgreSQL migrations", .enabled(if: TestPostgres.isAvailable, "needs HINBOX_TEST_POSTGRES_URL (scripts/test.sh)"))
struct PostgresMigrationTests {
    @Test("A fresh database gets every table and v1–v5; reopening keeps the rows and applies nothing again")
    func freshAndReopen() async throws {
        try await TestPostgres.withDatabase { location in
            let store = try await PostgresStore.open(location)
            #expect(try await store.schemaVersions() == ["v1", "v2", "v3", "v4", "v5"])
            #expect(try await store.tableCounts().keys.sorted() == [
                "alias", "article", "entity", "entity_embedding", "mention", "merged_profile_version", "profile_version",
                "resolution_decision", "run",
            ])
            try await store.startRun(RunRecord(
                id: "r1", startedAt: Date(timeIntervalSince1970: 1_700_000_000.123_456), inputPath: "in", domain: "news", model: "m",
                embeddingModel: "e"))
            await store.close()

            let reopened = try await PostgresStore.open(location)
            #expect(try await reopened.schemaVersions() == ["v1", "v2", "v3", "v4", "v5"])
            let run = try #require(try await reopened.overview(runLimit: 1).latestRuns.first)
            // Whole milliseconds, like the SQLite store.
            #expect(run.startedAt == Date(timeIntervalSince1970: 1_700_000_000.123))
            await reopened.close()
        }
    }

    @Test("Eight processes' worth of openers at once: all open, the schema is applied once")
    func concurrentOpeners() async throws {
        try await TestPostgres.withDatabase { location in
            let versions = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let store = try await PostgresStore.open(location)
                        let versions = try await store.schemaVersions()
                        await store.close()
                        return versions
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(versions == Array(repeating: ["v1", "v2", "v3", "v4", "v5"], count: 8))
        }
    }

    @Test("A database with another application's tables is refused, and left as it was")
    func foreignDatabase() async throws {
        try await TestPostgres.withDatabase { location in
            let store = try await PostgresStore.open(location)
            await store.close()
            // Simulate a foreign database: drop hinbox's bookkeeping, keep tables.
            try await PostgresDatabases.execute("DROP TABLE schema_migrations", on: location)
            await #expect(throws: StoreError.notAHinboxDatabase) { try await PostgresStore.open(location) }
        }
    }

    @Test("A newer hinbox's schema version is refused")
    func newerSchema() async throws {
        try await TestPostgres.withDatabase { location in
            let store = try await PostgresStore.open(location)
            await store.close()
            try await PostgresDatabases.execute("INSERT INTO schema_migrations (version) VALUES ('v99')", on: location)
            await #expect(throws: StoreError.newerSchema) { try await PostgresStore.open(location) }
        }
    }

    @Test("The run lock is held by one session at a time and free again after release")
    func runLock() async throws {
        try await TestPostgres.withDatabase { location in
            let first = try #require(try await PostgresRunLock.acquire(location))
            #expect(try await PostgresRunLock.acquire(location) == nil)
            await first.release()
            let second = try #require(try await PostgresRunLock.acquire(location))
            await second.release()
        }
    }

    @Test("Workers share the run lock; a single run is refused while one holds it, and a worker while a single run does")
    func sharedRunLock() async throws {
        try await TestPostgres.withDatabase { location in
            let worker = try #require(try await PostgresRunLock.acquire(location, shared: true))
            let another = try #require(try await PostgresRunLock.acquire(location, shared: true))
            #expect(try await PostgresRunLock.acquire(location) == nil)
            await worker.release()
            await another.release()
            let single = try #require(try await PostgresRunLock.acquire(location))
            #expect(try await PostgresRunLock.acquire(location, shared: true) == nil)
            await single.release()
        }
    }

    @Test("An unreachable server is a cannotOpen error that says what to do and hides the password")
    func unreachable() async throws {
        let location = try PostgresLocation(url: "postgres://hinbox:s3cret@127.0.0.1:1/hinbox")
        let error = await #expect(throws: StoreError.cannotOpen) { try await PostgresStore.open(location) }
        let message = "\(error.map { "\($0)" } ?? "")"
        #expect(message.contains("postgres://hinbox:***@127.0.0.1:1/hinbox"))
        #expect(message.contains("scripts/postgres.sh"))
        #expect(!message.contains("s3cret"))
    }
}
