import Foundation
import HinboxCore
import HinboxTesting
import Testing

/// The reply cache through the CLI: the same articles processed again (into a new database, as an
/// eval rerun or a rebuild does) make no model request; after one prompt is edited only that
/// step's requests are made; `--no-cache` sends everything; `hinbox cache` reports and clears.
/// (`--force` into the same database asks for profile *updates* — new requests, new replies.)
@Suite("Reply cache end to end", .serialized)
struct ReplyCacheEndToEndTests {
    static func schemas(_ server: ScriptedOpenAIServer) -> [String: Int] {
        Dictionary(grouping: server.requests) { request in
            request.path.hasSuffix("/embeddings") ? "embeddings" : request.body?["response_format"]?["json_schema"]?["name"]?.stringValue ?? "-"
        }.mapValues(\.count)
    }

    @Test("A rerun into a new database: 0 requests; one prompt edited: only its step's requests; --no-cache: all of them")
    func forceRerunsAreFree() async throws {
        let workspace = try ReliabilityWorkspace.make()
        defer { workspace.remove() }
        let gazetteer = try KnowledgeSnapshot.sampleGazetteer()
        let first = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: gazetteer))
        defer { Task { try? await first.shutdown() } }
        let clean = try await workspace.process(first)
        #expect(clean.exitCode == 0, "stdout: \(clean.stdout)\nstderr: \(clean.stderr)")
        let paid = Self.schemas(first)
        #expect((paid["profile_create"] ?? 0) > 0 && (paid["embeddings"] ?? 0) > 0)
        let before = try await KnowledgeSnapshot.read(workspace.database)

        let second = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: gazetteer))
        defer { Task { try? await second.shutdown() } }
        let forced = try await workspace.process(second, database: "\(workspace.directory.path)/rebuild.sqlite")
        #expect(forced.exitCode == 0 && forced.stdout.contains("10 processed"), "\(forced.stdout)\n\(forced.stderr)")
        #expect(try await KnowledgeSnapshot.read("\(workspace.directory.path)/rebuild.sqlite").comparable(text: true) == before.comparable(text: true))
        #expect(second.requests.isEmpty, "\(Self.schemas(second))")
        #expect(forced.stdout.contains("answered from the reply cache"), "\(forced.stdout)")

        // Edit one prompt: only the calls that use it go to the server.
        let prompt = "\(workspace.home)/prompts/profile_create.md"
        try (try String(contentsOfFile: prompt, encoding: .utf8) + "\n9. Prefer short paragraphs.\n").write(toFile: prompt, atomically: true, encoding: .utf8)
        let third = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: gazetteer))
        defer { Task { try? await third.shutdown() } }
        let edited = try await workspace.process(third, database: "\(workspace.directory.path)/edited.sqlite")
        #expect(edited.exitCode == 0, "\(edited.stderr)")
        #expect(Self.schemas(third) == ["profile_create": paid["profile_create"] ?? -1], "\(Self.schemas(third))")

        let stats = try await workspace.hinbox(["cache", "stats"])
        #expect(stats.exitCode == 0 && stats.stdout.contains("replies"), "\(stats.stdout)\(stats.stderr)")
        let uncached = try await workspace.process(third, database: "\(workspace.directory.path)/uncached.sqlite", ["--no-cache"])
        #expect(uncached.exitCode == 0, "\(uncached.stdout)\n\(uncached.stderr)")
        #expect(Self.schemas(third)["embeddings"] == paid["embeddings"], "--no-cache sends every request")
        let cleared = try await workspace.hinbox(["cache", "clear"])
        #expect(cleared.stdout.contains("removed"), "\(cleared.stdout)")
        #expect(try await workspace.hinbox(["cache", "stats"]).stdout.contains(": 0 replies"))
    }
}
