import Foundation
import HinboxCore
import HinboxTesting
import Testing

/// Runs the built `hinbox` against the scripted OpenAI-compatible server on 127.0.0.1 and checks
/// the knowledge base through `hinbox profiles list --json`.
@Suite("hinbox process, end to end", .serialized)
struct ProcessEndToEndTests {
    static let root = ProjectPaths.root(from: #filePath)

    struct Profile: Decodable, Hashable {
        var id: String
        var type: String
        var name: String
        var aliases: [String]
        var version: Int
        var articleIds: [String]
    }

    struct Detail: Decodable {
        var name: String
        var aliases: [String]
        var text: String
        var sources: [String]
        var versions: [Version]
        var mergedVersions: [MergedVersion]
        struct Version: Decodable { var version: Int; var triggerArticleId: String; var covers: [String]; var grounding: Grounding? }
        struct Grounding: Decodable { var claims: [Claim]; var revised: Bool }
        struct Claim: Decodable { var sentence: String; var articleId: String; var verdict: String }
        struct MergedVersion: Decodable { var fromEntityId: String; var fromName: String; var version: Version }
    }

    /// A scripted server, a copy of the sample articles and a database in a temp directory.
    struct Fixture {
        var server: ScriptedOpenAIServer
        var binary: HinboxBinary
        var directory: URL

        var articles: String { directory.appendingPathComponent("articles").path }
        var database: String { directory.appendingPathComponent("kb.sqlite").path }

        static func make(articlesFrom source: String, gazetteer: Gazetteer) async throws -> Fixture {
            let binary = try #require(HinboxBinary.locate(projectRoot: root), "build hinbox first (swift build)")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-e2e-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: directory.appendingPathComponent("articles").path)
            let server = try await ScriptedOpenAIServer.start(handler: GazetteerScript.handler(gazetteer: gazetteer))
            return Fixture(server: server, binary: binary, directory: directory)
        }

        func hinbox(_ arguments: [String]) async throws -> HinboxBinary.Result {
            try await binary.run(arguments + ["--db", database], environment: [
                "HINBOX_MODEL": "scripted", "HINBOX_EMBEDDING_MODEL": "scripted-embeddings",
                "HINBOX_BASE_URL": server.baseURL, "HINBOX_NO_TRACE": "1",
            ])
        }

        func process(_ extra: [String] = []) async throws -> HinboxBinary.Result {
            try await hinbox(["process", articles] + extra)
        }

        func profiles() async throws -> [Profile] {
            let result = try await hinbox(["profiles", "list", "--json"])
            #expect(result.exitCode == 0, "\(result.stderr)")
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode([Profile].self, from: Data(result.stdout.utf8))
        }

        func detail(_ id: String) async throws -> Detail {
            let result = try await hinbox(["profiles", "show", id, "--json"])
            #expect(result.exitCode == 0, "\(result.stderr)")
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(Detail.self, from: Data(result.stdout.utf8))
        }

        func tearDown() async throws {
            try await server.shutdown()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func sampleGazetteer() throws -> Gazetteer {
        try Gazetteer(contentsOf: URL(fileURLWithPath: "\(root)/Tests/Fixtures/gazetteer.json"))
    }

    @Test("sample articles: entities, citations, versions, no duplicates, rerun skips, changed article reprocessed")
    func sampleArticles() async throws {
        let fixture = try await Fixture.make(articlesFrom: "\(Self.root)/data", gazetteer: try Self.sampleGazetteer())
        defer { Task { try? await fixture.tearDown() } }

        let first = try await fixture.process()
        #expect(first.exitCode == 0, "stdout: \(first.stdout)\nstderr: \(first.stderr)")
        #expect(first.stdout.contains("10 processed, 0 failed"), "\(first.stdout)")
        let profiles = try await fixture.profiles()

        // The expected entities are there, once each.
        for (type, name) in [("person", "Dana Whitfield"), ("person", "Tomas Lindqvist"), ("organization", "Ridgeport Water Authority"),
                             ("organization", "Department of Environmental Quality"), ("location", "Halvern River")] {
            #expect(profiles.filter { $0.type == type && $0.name == name }.count == 1, "\(type) \(name) in \(profiles.map(\.name))")
        }
        let keys = profiles.map { "\($0.type)|\(NameNormalizer.key($0.name))" }
        #expect(Set(keys).count == keys.count, "duplicate entities: \(keys)")

        // A recurring entity was merged across articles: its updates folded per block of articles
        // (profile_batch 8), every article taken in by one version and cited.
        let mayor = try #require(profiles.first { $0.name == "Dana Whitfield" })
        #expect(mayor.articleIds.count >= 3)
        let detail = try await fixture.detail(mayor.id)
        #expect(detail.versions.flatMap(\.covers).sorted() == mayor.articleIds.sorted())
        #expect(detail.versions.contains { $0.covers.count > 1 }, "an update folded several articles")
        #expect(mayor.version < mayor.articleIds.count)
        for articleID in mayor.articleIds {
            #expect(detail.text.contains("^[\(articleID)]"), "profile cites \(articleID)")
            #expect(detail.sources.contains(articleID))
        }
        #expect(detail.versions.map(\.version) == Array(1...mayor.version))

        // Rerun: nothing changes.
        let second = try await fixture.process()
        #expect(second.exitCode == 0)
        #expect(second.stdout.contains("0 processed, 0 failed, 10 skipped"), "\(second.stdout)")
        let again = try await fixture.profiles()
        #expect(again == profiles)

        // A changed article is reprocessed: its entities get a new version, nothing is duplicated.
        let changed = "\(fixture.articles)/ridgeport/2025-02-18-deq-investigation.md"
        try (String(contentsOfFile: changed, encoding: .utf8) + "\nDana Whitfield said more testing would follow.\n")
            .write(toFile: changed, atomically: true, encoding: .utf8)
        let third = try await fixture.process()
        #expect(third.exitCode == 0)
        #expect(third.stdout.contains("1 processed, 0 failed, 9 skipped"), "\(third.stdout)")
        let after = try await fixture.profiles()
        #expect(after.count == profiles.count)
        let mayorAfter = try #require(after.first { $0.id == mayor.id })
        #expect(mayorAfter.version == mayor.version + 1)
        #expect(mayorAfter.articleIds == mayor.articleIds)
    }

    @Test("profiles merge and split by hand: history kept and shown, names move, a split undoes the merge")
    func corrections() async throws {
        let fixture = try await Fixture.make(articlesFrom: "\(Self.root)/data", gazetteer: try Self.sampleGazetteer())
        defer { Task { try? await fixture.tearDown() } }
        #expect(try await fixture.process().exitCode == 0)
        let profiles = try await fixture.profiles()
        let mayor = try #require(profiles.first { $0.name == "Dana Whitfield" })
        let other = try #require(profiles.first {
            $0.type == "person" && $0.id != mayor.id && $0.articleIds.contains { !mayor.articleIds.contains($0) }
        })
        let ownArticle = try #require(other.articleIds.first { !mayor.articleIds.contains($0) })

        let merge = try await fixture.hinbox(["profiles", "merge", mayor.id, other.id])
        #expect(merge.exitCode == 0, "\(merge.stderr)")
        let merged = try await fixture.detail(mayor.id)
        #expect(merged.aliases.contains(other.name))
        #expect(merged.versions.count == mayor.version + 1)
        // The removed entity's versions are kept and shown under the one it went into.
        #expect(merged.mergedVersions.map(\.fromEntityId) == Array(repeating: other.id, count: other.version))
        #expect(merged.mergedVersions.allSatisfy { $0.fromName == other.name })
        let shown = try await fixture.hinbox(["profiles", "show", mayor.id])
        #expect(shown.stdout.contains("Versions of entities merged in by hand:"), "\(shown.stdout)")
        // Grounding is on for a real model: the verdicts under the profile, a summary per version.
        #expect(shown.stdout.contains("\nGrounding: ") && shown.stdout.contains("  ✓ supported   ["), "\(shown.stdout)")
        #expect(shown.stdout.contains(" supported, 0 partial, 0 unsupported"), "\(shown.stdout)")
        #expect(merged.versions.allSatisfy { $0.grounding?.claims.isEmpty == false }, "every version was checked")
        #expect(shown.stdout.contains("\(other.id) \"\(other.name)\" v1"), "\(shown.stdout)")
        #expect(try await fixture.profiles().count == profiles.count - 1)

        let split = try await fixture.hinbox(["profiles", "split", mayor.id, "--article", ownArticle])
        #expect(split.exitCode == 0, "\(split.stderr)")
        let after = try await fixture.profiles()
        #expect(after.count == profiles.count)
        #expect(after.contains { $0.type == "person" && $0.articleIds == [ownArticle] && $0.id != other.id && $0.id != mayor.id })
    }

    @Test("GUM Wikinews documents from ../shared/data", .enabled(if: ProjectPaths.sharedData("gum-news", root: root) != nil, "../shared/data/gum-news is not present"))
    func gumNews() async throws {
        let source = try #require(ProjectPaths.sharedData("gum-news", root: Self.root))
        let gazetteer = try GoldGazetteer.load(directory: source)
        let documents = try FileManager.default.contentsOfDirectory(atPath: source).filter { $0.hasSuffix(".json") }.count
        let fixture = try await Fixture.make(articlesFrom: source, gazetteer: gazetteer)
        defer { Task { try? await fixture.tearDown() } }
        let run = try await fixture.process(["--concurrency", "4"])
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("\(documents) processed, 0 failed"), "\(run.stdout)")
        let profiles = try await fixture.profiles()
        #expect(profiles.count > 100)
        // Entities named in several documents were merged, not duplicated.
        #expect(profiles.contains { $0.articleIds.count >= 2 })
        // The same name in different stories may be different entities (resolution compares the
        // evidence), so a few namesakes are expected; most names must have merged.
        let keys = profiles.map { "\($0.type)|\(NameNormalizer.key($0.name))" }
        #expect(keys.count - Set(keys).count <= keys.count / 20, "too many namesakes: \(keys.count - Set(keys).count) of \(keys.count)")
        let rerun = try await fixture.process()
        #expect(rerun.stdout.contains("0 processed, 0 failed, \(documents) skipped"), "\(rerun.stdout)")
    }
}
