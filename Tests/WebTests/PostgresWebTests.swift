import Foundation
import HinboxApp
import HinboxPostgres
import HinboxTesting
import Testing

/// `hinbox serve` and `export --html` over a PostgreSQL copy of the fixture give the same pages as
/// over the SQLite original. Needs `HINBOX_TEST_POSTGRES_URL` (scripts/test.sh).
@Suite("Web pages from PostgreSQL", .enabled(if: TestPostgres.isAvailable, "needs HINBOX_TEST_POSTGRES_URL (scripts/test.sh)"))
struct PostgresWebTests {
    @Test("The static site of a PostgreSQL copy equals the SQLite original's, file by file; serve answers from it")
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
        }
    }
}
