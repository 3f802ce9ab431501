import Foundation
import HinboxApp
import HinboxCore
import HinboxPostgres
import HinboxTesting
import HinboxWeb
import Testing

/// `hinbox serve` and `export --html` over a PostgreSQL copy of the fixture give the same pages as
/// over the SQLite original. Needs `HINBOX_TEST_POSTGRES_URL` (scripts/test.sh).
@Suite("Web pages from PostgreSQL", .enabled(if: TestPostgres.isAvailable, "needs HINBOX_TEST_POSTGRES_URL (scripts/test.sh)"))
struct PostgresWebTests {
    @Test("The static site of a PostgreSQL copy equals the SQLite original's, file by file; serve answers from it; review edits take the run lock")
    func sameSite() async throws {
        let fixture = try await KnowledgeFixture.make()
        defer { fixture.remove() }
        try await TestPostgres.withDatabase { location in
            let url = location.description
            let report = try await KnowledgeBaseMigration.copy(from: fixture.databasePath, to: url)
            #expect(report.matches, "\(report)")
            let fromSQLite = fixture.directory.appendingPathComponent("site-sqlite")
            let fromPostgres = fixture.directory.appendingPathComponent("site-postgres")
            let files = try await WebServing.exportSite(databasePath: fixture.databasePath, to: fromSQLite.path, phoenixURL: nil)
            #expect(try await WebServing.exportSite(databasePath: url, to: fromPostgres.path, phoenixURL: nil) == files)
            let enumerator = try #require(FileManager.default.enumerator(atPath: fromSQLite.path))
            var compared = 0
            for case let path as String in enumerator where path.hasSuffix(".html") {
                let expected = try String(contentsOf: fromSQLite.appendingPathComponent(path), encoding: .utf8)
                let actual = try? String(contentsOf: fromPostgres.appendingPathComponent(path), encoding: .utf8)
                #expect(actual == expected, "\(path) differs")
                compared += 1
            }
            #expect(compared > 5)

            let server = try await RunningServer.start(databasePath: url)
            let home = try await server.request("/")
            await server.stop()
            #expect(home.status == 200)
            #expect(home.body.contains(#"data-type="person">2<"#), "\(home.body)")

            // The review queue's edits: under the run lock, refused while a run holds it.
            let edits = WebServing.edits(try StoreLocation(url))
            let lock = try #require(try await PostgresRunLock.acquire(location))
            await #expect(throws: RunLock.Refused.self) { _ = try await edits.merge("Dana Whitfield", "Whitfield's deputy") }
            await lock.release()
            let people = try await TestPostgres.withStoreAt(location) { try await $0.profiles(type: .person, search: nil) }
            try #require(people.count == 2)
            let merged = try await edits.merge(people[0].id, people[1].id)
            #expect(merged.entityID == people[0].id)
            #expect(try await TestPostgres.withStoreAt(location) { try await $0.profiles(type: .person, search: nil) }.count == 1)
        }
    }
}
