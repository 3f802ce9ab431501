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
    /// Requests by schema (or `embeddings`), from the `from`-th request on.
    static func schemas(_ server: ScriptedOpenAIServer, from start: Int = 0) -> [String: Int] {
        Dictionary(grouping: server.requests.dropFirst(start)) { request in
            request.path.hasSuffix("/embeddings") ? "embeddings" : request.body?["response_format"]?["json_schema"]?["name"]?.stringValue ?? "-"
        }.mapValues(\.count)
    }

    @Test("A rerun into a new database: 0 requests; one prompt edited: only its step's requests; --no-cache: all of them")
    func rerunsAreFree() async throws {
        let workspace = try ReliabilityWorkspace.make()
        defer { workspace.remove() }
        // One server throughout: the cache is keyed by the server's URL too.
        let server = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: try KnowledgeSnapshot.sampleGazetteer()))
        defer { Task { try? await server.shutdown() } }
        let clean = try await workspace.process(server)
        #expect(clean.exitCode == 0, "stdout: \(clean.stdout)\nstderr: \(clean.stderr)")
        let paid = Self.schemas(server)
        #expect((paid["profile_batch"] ?? 0) > 0 && (paid["embeddings"] ?? 0) > 0)
        let before = try await KnowledgeSnapshot.read(workspace.database)

        var mark = server.requests.count
        let rebuilt = try await workspace.process(server, database: "\(workspace.directory.path)/rebuild.sqlite")
        #expect(rebuilt.exitCode == 0 && rebuilt.stdout.contains("10 processed"), "\(rebuilt.stdout)\n\(rebuilt.stderr)")
        #expect(server.requests.count == mark, "\(Self.schemas(server, from: mark))")
        #expect(rebuilt.stdout.contains("answered from the reply cache"), "\(rebuilt.stdout)")
        #expect(try await KnowledgeSnapshot.read("\(workspace.directory.path)/rebuild.sqlite").comparable(text: true) == before.comparable(text: true))

        // Edit one prompt: only the calls that use it go to the server.
        let prompt = "\(workspace.home)/prompts/profile_batch.md"
        try (try String(contentsOfFile: prompt, encoding: .utf8) + "\n9. Prefer short paragraphs.\n").write(toFile: prompt, atomically: true, encoding: .utf8)
        mark = server.requests.count
        let edited = try await workspace.process(server, database: "\(workspace.directory.path)/edited.sqlite")
        #expect(edited.exitCode == 0, "\(edited.stderr)")
        #expect(Self.schemas(server, from: mark) == ["profile_batch": paid["profile_batch"] ?? -1], "\(Self.schemas(server, from: mark))")

        let stats = try await workspace.hinbox(["cache", "stats"])
        #expect(stats.exitCode == 0 && stats.stdout.contains("replies"), "\(stats.stdout)\(stats.stderr)")
        mark = server.requests.count
        let uncached = try await workspace.process(server, database: "\(workspace.directory.path)/uncached.sqlite", ["--no-cache"])
        #expect(uncached.exitCode == 0, "\(uncached.stdout)\n\(uncached.stderr)")
        #expect(Self.schemas(server, from: mark)["embeddings"] == paid["embeddings"], "--no-cache sends every request")
        let cleared = try await workspace.hinbox(["cache", "clear"])
        #expect(cleared.stdout.contains("removed"), "\(cleared.stdout)")
        #expect(try await workspace.hinbox(["cache", "stats"]).stdout.contains(": 0 replies"))
    }
}
