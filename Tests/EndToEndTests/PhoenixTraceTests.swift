import Foundation
import HinboxCore
import HinboxTesting
import Testing

/// A scripted model server, a copy of the sample articles, a database and a cache (spool) in a temp
/// directory, and a Phoenix project of its own (UUID-suffixed: tests never see each other's spans).
struct PhoenixFixture {
    static let root = ProjectPaths.root(from: #filePath)

    var server: ScriptedOpenAIServer
    var binary: HinboxBinary
    var directory: URL
    var project: String
    var phoenix: PhoenixClient

    var articles: String { directory.appendingPathComponent("articles").path }
    var database: String { directory.appendingPathComponent("kb.sqlite").path }
    var cache: String { directory.appendingPathComponent("cache").path }
    var spool: String { "\(cache)/spool" }

    /// Runs `body` with a fresh fixture and always shuts the server down and removes the directory.
    static func with<T>(phoenixURL: String, _ body: (PhoenixFixture) async throws -> T) async throws -> T {
        let binary = try #require(HinboxBinary.locate(projectRoot: root), "build hinbox first (swift build)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-phoenix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(root)/data", toPath: directory.appendingPathComponent("articles").path)
        let gazetteer = try Gazetteer(contentsOf: URL(fileURLWithPath: "\(root)/Tests/Fixtures/gazetteer.json"))
        let server = try await ScriptedOpenAIServer.start(handler: GazetteerScript.handler(gazetteer: gazetteer))
        let fixture = PhoenixFixture(
            server: server, binary: binary, directory: directory,
            project: "hinbox-test-\(UUID().uuidString.lowercased())", phoenix: PhoenixClient(baseURL: phoenixURL))
        do {
            let result = try await body(fixture)
            try? await server.shutdown()
            try? FileManager.default.removeItem(at: directory)
            return result
        } catch {
            try? await server.shutdown()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// The environment of a traced run against the scripted server; HINBOX_CACHE keeps the spool in the temp dir.
    var environment: [String: String] {
        [
            "HINBOX_MODEL": "scripted", "HINBOX_EMBEDDING_MODEL": "scripted-embeddings", "HINBOX_BASE_URL": server.baseURL,
            "PHOENIX_COLLECTOR_ENDPOINT": phoenix.baseURL, "PHOENIX_PROJECT_NAME": project, "HINBOX_CACHE": cache,
        ]
    }

    func hinbox(_ arguments: [String], environment: [String: String]? = nil) async throws -> HinboxBinary.Result {
        try await binary.run(arguments + ["--db", database], environment: environment ?? self.environment)
    }

    func process(_ extra: [String] = [], environment: [String: String]? = nil) async throws -> HinboxBinary.Result {
        try await hinbox(["process", articles] + extra, environment: environment)
    }

    struct Article: Decodable {
        var id: String
        var status: String
        var runId: String
        var traceId: String?
    }

    func articleRows(environment: [String: String]? = nil) async throws -> [Article] {
        let result = try await hinbox(["articles", "list", "--json"], environment: environment)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode([Article].self, from: Data(result.stdout.utf8))
    }

    /// Polls until the project holds `traces` complete traces with `llmSpans` LLM spans, and returns its spans.
    func waitForSpans(traces: Int, llmSpans: Int, client: PhoenixClient? = nil) async throws -> SpanSet {
        let client = client ?? phoenix
        return try await poll(every: .milliseconds(250), { SpanSet(spans: try await client.spans(project: project)) },
                              until: { $0.isComplete(traces: traces, llmSpans: llmSpans) })
    }
}

/// What `hinbox process` printed that the trace checks need.
struct RunOutput {
    var sessionID: String
    var processed: Int
    var llmCalls: Int

    init(_ result: HinboxBinary.Result) throws {
        let stdout = result.stdout
        let session = try #require(stdout.firstMatch(of: #/redirects/sessions/([0-9A-Fa-f-]+)/#), "no session link in:\n\(stdout)")
        sessionID = String(session.1)
        let processedMatch = try #require(stdout.firstMatch(of: #/(\d+) processed, (\d+) failed/#), "no counts in:\n\(stdout)")
        processed = Int(processedMatch.1) ?? -1
        let calls = try #require(stdout.firstMatch(of: #/([\d,]+) LLM calls/#), "no LLM call count in:\n\(stdout)")
        llmCalls = Int(calls.1.replacingOccurrences(of: ",", with: "")) ?? -1
    }
}

/// Issue "Tracing: one trace per article in Phoenix": runs the built hinbox against a real Phoenix
/// (started by scripts/test.sh) and reads the spans back over REST and GraphQL.
@Suite(
    "Phoenix traces, end to end", .serialized,
    .enabled(if: PhoenixClient.testURL != nil, "HINBOX_TEST_PHOENIX_URL is set by scripts/test.sh"))
struct PhoenixTraceTests {
    static let sampleArticles = 10

    @Test("N articles → N traces, one AGENT root each, linked parents, session on every span, LLM attributes, article rows")
    func oneTracePerArticle() async throws {
        let url = try #require(PhoenixClient.testURL)
        try await PhoenixFixture.with(phoenixURL: url) { fixture in
            let first = try await fixture.process()
            #expect(first.exitCode == 0, "stdout: \(first.stdout)\nstderr: \(first.stderr)")
            #expect(!first.stderr.contains("could not be delivered"), "\(first.stderr)")
            let run = try RunOutput(first)
            #expect(run.processed == Self.sampleArticles, "\(first.stdout)")

            let set = try await fixture.waitForSpans(traces: run.processed, llmSpans: run.llmCalls)
            let traceIDs = set.traceIDs

            // Exactly N traces, each with exactly one root: AGENT process_article.
            #expect(traceIDs.count == Self.sampleArticles, "trace ids: \(traceIDs.sorted())")
            for traceID in traceIDs {
                let roots = set.inTrace(traceID).filter { $0.parentID == nil }
                #expect(roots.count == 1, "roots of \(traceID): \(roots)")
                if let root = roots.first {
                    #expect(root.kind == "AGENT" && root.name == "process_article", "root \(root)")
                    #expect(root.string("metadata.run_id") == run.sessionID, "\(root.attributes)")
                    #expect(root.string("metadata.article_id") != nil, "\(root.attributes)")
                    #expect(root.string("input.value").flatMap(JSONValue.parse)?["id"]?.stringValue == root.string("metadata.article_id"))
                    #expect(root.string("output.value") != nil)
                }
            }
            // Every parent resolves inside its own trace: no orphans, no cross-trace links.
            #expect(set.danglingParents.isEmpty, "dangling parents: \(set.danglingParents.prefix(10))")

            // Kinds: the contract's set is there, nothing of unknown kind (e.g. raw HTTP client spans).
            #expect(set.kinds.isSuperset(of: ["AGENT", "CHAIN", "LLM", "TOOL"]), "kinds: \(set.kinds.sorted())")
            #expect(!set.kinds.contains("UNKNOWN"), "UNKNOWN spans: \(set.ofKind("UNKNOWN").prefix(10))")
            // Grounding (on by default for a real model): an EVALUATOR check in the trace of every
            // article that wrote a profile version (with folded updates, one whose entities were all
            // known and whose block had not ended wrote none).
            let checks = set.ofKind("EVALUATOR").filter { $0.name == "grounding.check" }
            let writers = traceIDs.filter { traceID in
                let root = set.inTrace(traceID).first { $0.parentID == nil }
                let written = root?.string("output.value").flatMap(JSONValue.parse)?["profiles_written"]?.doubleValue ?? 0
                return written > 0
            }
            #expect(!writers.isEmpty)
            #expect(Set(checks.map(\.traceID)) == writers, "grounding.check spans: \(checks.prefix(5))")
            for check in checks {
                #expect(check.number("hinbox.grounding.supported") != nil && check.string("eval.label") != nil, "\(check)")
            }
            for span in set.ofKind("EMBEDDING") {
                #expect(span.string("embedding.model_name") != nil, "\(span)")
            }

            // The run's session id on every span.
            let withoutSession = set.spans.filter { $0.string("session.id") != run.sessionID }
            #expect(withoutSession.isEmpty, "\(withoutSession.count) spans without session \(run.sessionID): \(withoutSession.prefix(5))")

            // Every LLM call is an LLM span with model, tokens, messages and invocation parameters; a failed
            // attempt (retry) is its own LLM span with status ERROR.
            let llm = set.ofKind("LLM")
            let answered = set.answeredLLM
            #expect(answered.count == run.llmCalls, "\(answered.count) answered LLM spans for \(run.llmCalls) LLM calls in the summary")
            for span in llm {
                #expect(span.string("llm.model_name")?.isEmpty == false, "\(span)")
                #expect(span.string("llm.input_messages.0.message.role") != nil, "\(span)")
                #expect(span.string("llm.input_messages.0.message.content")?.isEmpty == false, "\(span)")
                let parameters = span.string("llm.invocation_parameters").flatMap(JSONValue.parse)
                #expect(parameters?.objectValue != nil, "llm.invocation_parameters on \(span): \(span.string("llm.invocation_parameters") ?? "missing")")
            }
            for span in answered {
                let prompt = span.number("llm.token_count.prompt") ?? -1
                let completion = span.number("llm.token_count.completion") ?? -1
                let total = span.number("llm.token_count.total") ?? -1
                #expect(prompt > 0 && completion >= 0 && total == prompt + completion, "tokens \(prompt)+\(completion)=\(total) on \(span)")
                #expect(span.string("llm.output_messages.0.message.role") == "assistant", "\(span)")
                #expect(span.string("llm.output_messages.0.message.content") != nil, "\(span)")
            }

            // The article rows point at exactly these traces, and each root names its own article.
            let rows = try await fixture.articleRows()
            #expect(rows.count == Self.sampleArticles)
            #expect(Set(rows.compactMap(\.traceId)) == traceIDs, "rows: \(rows.map { "\($0.id)=\($0.traceId ?? "nil")" })")
            for row in rows {
                let root = set.roots.first { $0.traceID == row.traceId }
                #expect(root?.string("metadata.article_id") == row.id, "article \(row.id) → trace \(row.traceId ?? "nil")")
            }

            // GraphQL agrees: trace count, each trace's root, session and project.
            let summary = try #require(try await fixture.phoenix.projectSummary(fixture.project))
            #expect(summary.traceCount == Self.sampleArticles)
            for traceID in traceIDs {
                let trace = try await fixture.phoenix.trace(traceID)
                #expect(trace["rootSpan"]?["name"]?.stringValue == "process_article", "\(trace.jsonString)")
                #expect(trace["rootSpan"]?["spanKind"]?.stringValue == "agent", "\(trace.jsonString)")
                #expect(trace["session"]?["sessionId"]?.stringValue == run.sessionID, "\(trace.jsonString)")
                #expect(trace["project"]?["name"]?.stringValue == fixture.project, "\(trace.jsonString)")
            }
            #expect(try await fixture.phoenix.sessionTraceIDs(run.sessionID) == traceIDs)
            #expect(try await fixture.phoenix.traceIDs(project: fixture.project, sessionID: run.sessionID) == traceIDs)

            // A second run is a second session: its traces are its own and the first session keeps its ten.
            let again = try await fixture.process(["--force", "--limit", "2"])
            #expect(again.exitCode == 0, "stdout: \(again.stdout)\nstderr: \(again.stderr)")
            let second = try RunOutput(again)
            #expect(second.sessionID != run.sessionID)
            #expect(second.processed == 2, "\(again.stdout)")
            let after = try await fixture.waitForSpans(traces: run.processed + second.processed, llmSpans: run.llmCalls + second.llmCalls)
            let secondTraces = after.traceIDs.subtracting(traceIDs)
            #expect(secondTraces.count == 2, "new traces: \(secondTraces.sorted())")
            #expect(after.spans.filter { secondTraces.contains($0.traceID) }.allSatisfy { $0.string("session.id") == second.sessionID })
            #expect(try await fixture.phoenix.traceIDs(project: fixture.project, sessionID: second.sessionID) == secondTraces)
            #expect(try await fixture.phoenix.traceIDs(project: fixture.project, sessionID: run.sessionID) == traceIDs)
            #expect(try await fixture.phoenix.sessionTraceIDs(second.sessionID) == secondTraces)
            #expect(try await fixture.phoenix.sessionTraceIDs(run.sessionID) == traceIDs)
        }
    }

    @Test("entity resolution embeds: EMBEDDING spans under evidence.* in the article's trace")
    func embeddingSpans() async throws {
        let url = try #require(PhoenixClient.testURL)
        try await PhoenixFixture.with(phoenixURL: url) { fixture in
            let result = try await fixture.process(["--limit", "2"])
            #expect(result.exitCode == 0, "\(result.stdout)\n\(result.stderr)")
            let run = try RunOutput(result)
            let set = try await poll(every: .milliseconds(250), { SpanSet(spans: try await fixture.phoenix.spans(project: fixture.project)) },
                                     until: { $0.isComplete(traces: run.processed, llmSpans: run.llmCalls) && !$0.ofKind("EMBEDDING").isEmpty })
            let embeddings = set.ofKind("EMBEDDING")
            #expect(!embeddings.isEmpty, "kinds: \(set.kinds.sorted())")
            let byID = Dictionary(set.spans.map { ($0.spanID, $0) }, uniquingKeysWith: { first, _ in first })
            for span in embeddings {
                #expect(span.string("embedding.model_name")?.isEmpty == false, "\(span)")
                #expect(span.string("embedding.embeddings.0.embedding.text") != nil, "\(span)")
                #expect(span.attributes["embedding.embeddings.0.embedding.vector"]?.arrayValue?.isEmpty == false, "no vector on \(span)")
                #expect(span.string("session.id") == run.sessionID)
                let parent = span.parentID.flatMap { byID[$0] }
                #expect(parent?.kind == "CHAIN" && parent?.name.hasPrefix("evidence.") == true, "parent of \(span): \(parent.map(\.description) ?? "none")")
            }
        }
    }

    @Test("a priced model gets a cost in Phoenix, and the API key is in no span attribute")
    func costAndNoKeyInSpans() async throws {
        let url = try #require(PhoenixClient.testURL)
        let plantedKey = "sk-test-PLANTED-phoenix-1"
        try await PhoenixFixture.with(phoenixURL: url) { fixture in
            var environment = fixture.environment
            environment["HINBOX_BASE_URL"] = nil
            environment["HINBOX_MODEL"] = "openai/gpt-4o-mini"
            environment["HINBOX_EMBEDDING_MODEL"] = "openai/text-embedding-3-small"
            environment["OPENAI_BASE_URL"] = fixture.server.baseURL
            environment["OPENAI_API_KEY"] = plantedKey
            let result = try await fixture.process(["--limit", "1"], environment: environment)
            #expect(result.exitCode == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
            #expect(!result.stdout.contains(plantedKey) && !result.stderr.contains(plantedKey), "the key was printed")
            // The scripted server saw the key, so it really was in use.
            #expect(fixture.server.requests.contains { $0.header("authorization") == "Bearer \(plantedKey)" })
            let run = try RunOutput(result)
            #expect(run.processed == 1)

            let set = try await fixture.waitForSpans(traces: 1, llmSpans: run.llmCalls)
            #expect(set.traceIDs.count == 1)
            #expect(set.answeredLLM.count == run.llmCalls)
            for span in set.ofKind("LLM") {
                #expect(span.string("llm.model_name")?.contains("gpt-4o-mini") == true, "\(span.string("llm.model_name") ?? "no model")")
            }

            // Phoenix prices gpt-4o-mini from llm.model_name + token counts (its cost rows may trail the spans).
            let summary = try await poll(every: .milliseconds(250), { try await fixture.phoenix.projectSummary(fixture.project) },
                                         until: { ($0?.cost ?? 0) > 0 })
            #expect((summary?.cost ?? 0) > 0, "costSummary: \(String(describing: summary))")

            // The key is in no attribute value (nor key) of any span.
            var leaks: [String] = []
            for span in set.spans {
                for (key, value) in span.flattenedAttributes where value.contains(plantedKey) || key.contains(plantedKey) || value.contains("PLANTED") {
                    leaks.append("\(span.name).\(key)")
                }
            }
            #expect(leaks.isEmpty, "API key found in span attributes: \(leaks)")
        }
    }
}
