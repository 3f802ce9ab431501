import Foundation
import HinboxApp
import HinboxCore
import HinboxPostgres
import HinboxSpawn
import HinboxTesting
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hinbox binary on a PostgreSQL database (`--db postgres://…`): the same articles give the
/// same knowledge base as on SQLite, every command works on it, a second run is refused, and
/// `hinbox migrate` copies a SQLite knowledge base over whole. Each test has a database of its
/// own. Needs `HINBOX_TEST_POSTGRES_URL` (scripts/test.sh starts a cluster and sets it).
@Suite("PostgreSQL end to end", .enabled(if: TestPostgres.isAvailable, "needs HINBOX_TEST_POSTGRES_URL (scripts/test.sh)"))
struct PostgresEndToEndTests {
    /// A URL of `location` carrying a password (the test cluster trusts loopback and never asks
    /// for it), so tests can check it never shows.
    static func withPassword(_ location: PostgresLocation) -> String {
        "postgres://\(location.user):s3cret-pw@\(location.host):\(location.port)/\(location.database)"
    }

    /// Runs `body` with a workspace of the sample articles, a scripted server and a fresh database.
    static func withSetup(_ body: (ReliabilityWorkspace, ScriptedOpenAIServer, PostgresLocation) async throws -> Void) async throws {
        let workspace = try ReliabilityWorkspace.make()
        defer { workspace.remove() }
        let server = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: try KnowledgeSnapshot.sampleGazetteer()))
        defer { Task { try? await server.shutdown() } }
        try await TestPostgres.withDatabase { try await body(workspace, server, $0) }
    }

    @Test("The sample articles processed into PostgreSQL equal those processed into SQLite", .timeLimit(.minutes(5)))
    func sameAsSQLite() async throws {
        let reference = try await KnowledgeSnapshot.reference.value
        try await Self.withSetup { workspace, server, location in
            let url = Self.withPassword(location)
            let result = try await workspace.process(server, database: url)
            #expect(result.exitCode == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
            #expect(result.stdout.contains("db postgres://postgres:***@"), "\(result.stdout)")
            #expect(!(result.stdout + result.stderr).contains("s3cret-pw"))
            let snapshot = try await KnowledgeSnapshot.read(url)
            #expect(snapshot.comparable(text: true) == reference.comparable(text: true))
            // Processing times differ between runs, so the processed-at order may too.
            #expect(snapshot.articles.map(\.id).sorted() == reference.articles.map(\.id).sorted())
            #expect(snapshot.duplicationProblems.isEmpty, "\(snapshot.duplicationProblems)")
            #expect(!snapshot.entities.isEmpty)
        }
    }

    @Test("profiles, articles, merge, split, export and doctor work on PostgreSQL; the password is in no output and no row", .timeLimit(.minutes(5)))
    func commands() async throws {
        try await Self.withSetup { workspace, server, location in
            let url = Self.withPassword(location)
            #expect(try await workspace.process(server, database: url).exitCode == 0)
            var outputs: [String] = []
            func run(_ arguments: [String]) async throws -> HinboxBinary.Result {
                let result = try await workspace.hinbox(arguments, database: url)
                outputs.append(result.stdout + result.stderr)
                #expect(result.exitCode == 0, "\(arguments): \(result.stdout)\n\(result.stderr)")
                return result
            }
            let list = try await run(["profiles", "list", "--json"])
            let profiles = try JSONDecoder().decode([ProfileListing].self, from: Data(list.stdout.utf8))
            let people = profiles.filter { $0.type == "person" }
            #expect(people.count >= 2)
            let shown = try await run(["profiles", "show", people[0].id])
            #expect(shown.stdout.contains(people[0].name))
            #expect(try await run(["articles", "list"]).stdout.contains("processed"))
            let merged = try await run(["profiles", "merge", people[0].id, people[1].id])
            #expect(merged.stdout.contains("Merged"))
            let article = try #require(people[0].article_ids.first ?? people[1].article_ids.first)
            let split = try await run(["profiles", "split", people[0].id, "--article", article])
            #expect(split.stdout.contains("Split article \(article)"))
            let site = workspace.directory.appendingPathComponent("site").path
            #expect(try await run(["export", "--html", site]).stdout.contains("Wrote"))
            #expect(FileManager.default.fileExists(atPath: "\(site)/index.html"))
            let doctor = try await workspace.hinbox(["doctor"], database: url)
            outputs.append(doctor.stdout + doctor.stderr)
            #expect(doctor.stdout.contains("PostgreSQL"), "\(doctor.stdout)")
            for output in outputs { #expect(!output.contains("s3cret-pw"), "\(output)") }
            // Nor is it in any row: the statement fails if one holds it.
            let tables = ["run", "article", "entity", "alias", "mention", "profile_version", "entity_embedding",
                          "resolution_decision", "merged_profile_version", "schema_migrations"]
            let scan = tables.map { "EXISTS (SELECT 1 FROM \($0) t WHERE row_to_json(t)::text LIKE '%s3cret-pw%')" }
            try await PostgresDatabases.execute("""
                DO $$ BEGIN IF \(scan.joined(separator: " OR ")) THEN RAISE EXCEPTION 'the password is in a row'; END IF; END $$
                """, on: location)

            let down = try await workspace.hinbox(["doctor"], database: "postgres://postgres:s3cret-pw@127.0.0.1:1/none")
            #expect(down.stdout.contains("scripts/postgres.sh start"), "\(down.stdout)")
            #expect(!(down.stdout + down.stderr).contains("s3cret-pw"))
        }
    }

    @Test("A run is refused at once while another process holds the database's run lock", .timeLimit(.minutes(2)))
    func refusedWhileLocked() async throws {
        try await Self.withSetup { workspace, server, location in
            let lock = try #require(try await PostgresRunLock.acquire(location))
            let refused = try await workspace.process(server, database: Self.withPassword(location))
            await lock.release()
            #expect(refused.exitCode == 1, "stdout: \(refused.stdout)\nstderr: \(refused.stderr)")
            #expect(refused.stderr.contains("another hinbox process is processing postgres://postgres:***@"), "\(refused.stderr)")
            #expect(server.requests.isEmpty, "the refused run called the model")
        }
    }

    @Test("A second hinbox on a running one's database is refused; kill -9 of the first leaves no stale lock",
          .timeLimit(.minutes(3)))
    func killedRunLeavesNoLock() async throws {
        try await Self.withSetup { workspace, server, location in
            let url = Self.withPassword(location)
            // The first run stops before its first article's extraction and stays running, holding the lock.
            let holding = try await HoldingServer.start(
                gazetteer: try KnowledgeSnapshot.sampleGazetteer(), holding: Set(workspace.articleIDs))
            defer { Task { try? await holding.server.shutdown() } }
            let first = try await workspace.launch(holding.server, database: url)
            defer { first.cleanUp() }
            try await eventually("the first run's extraction requests", timeout: .seconds(120)) {
                !holding.server.requests.isEmpty || !first.isRunning
            }
            try #require(first.isRunning, "the first run ended: \(first.stdout)\n\(first.stderr)")

            let second = try await workspace.process(server, database: url)
            #expect(second.exitCode == 1)
            #expect(second.stderr.contains("another hinbox process is processing postgres://postgres:***@"), "\(second.stderr)")
            #expect(server.requests.isEmpty)

            first.signal(SIGKILL)
            _ = await first.waitForExit()
            let third = try await workspace.process(server, database: url)
            #expect(third.exitCode == 0, "stdout: \(third.stdout)\nstderr: \(third.stderr)")
            #expect(third.stdout.contains("10 processed, 0 failed"), "\(third.stdout)")
        }
    }

    @Test("hinbox migrate copies a SQLite knowledge base whole, verifies the counts, and refuses a non-empty target",
          .timeLimit(.minutes(5)))
    func migrate() async throws {
        try await Self.withSetup { workspace, server, location in
            #expect(try await workspace.process(server).exitCode == 0)
            // A merge gives the source merged versions and a manual decision to copy too.
            let people = try JSONDecoder().decode([ProfileListing].self, from: Data(
                try await workspace.hinbox(["profiles", "list", "--json", "--type", "person"]).stdout.utf8))
            #expect(try await workspace.hinbox(["profiles", "merge", people[0].id, people[1].id]).exitCode == 0)
            let source = try await KnowledgeSnapshot.read(workspace.database)

            let url = Self.withPassword(location)
            let copied = try await workspace.binary.run(
                ["migrate", "--from", workspace.database, "--to", url], environment: workspace.environment(baseURL: nil))
            #expect(copied.exitCode == 0, "stdout: \(copied.stdout)\nstderr: \(copied.stderr)")
            #expect(copied.stdout.contains("every table's count matches the source"), "\(copied.stdout)")
            #expect(copied.stdout.contains("merged_profile_version"))
            #expect(!(copied.stdout + copied.stderr).contains("s3cret-pw"))
            let copy = try await KnowledgeSnapshot.read(url)
            #expect(copy.comparable(text: true) == source.comparable(text: true))
            #expect(copy.articles.map(Self.millisecondDates) == source.articles.map(Self.millisecondDates))
            let kept = try #require(try await TestPostgres.withStoreAt(location) { try await $0.profileDetail(nameOrID: people[0].id, version: nil) })
            #expect(!kept.mergedVersions.isEmpty)

            let again = try await workspace.binary.run(
                ["migrate", "--from", workspace.database, "--to", url], environment: workspace.environment(baseURL: nil))
            #expect(again.exitCode == 1)
            #expect(again.stderr.contains("not empty"), "\(again.stderr)")
        }
    }
}

extension PostgresEndToEndTests {
    /// An article row with its date as whole milliseconds (both stores keep milliseconds; the
    /// Dates they decode may differ below that).
    static func millisecondDates(_ article: ArticleRecord) -> ArticleRecord {
        var article = article
        article.processedAt = Date(timeIntervalSince1970: (article.processedAt.timeIntervalSince1970 * 1000).rounded() / 1000)
        return article
    }
}

/// One row of `hinbox profiles list --json`.
struct ProfileListing: Decodable {
    var id: String
    var type: String
    var name: String
    var article_ids: [String]
}
