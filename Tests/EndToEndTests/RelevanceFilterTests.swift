import Foundation
import HinboxCore
import HinboxTesting
import Testing

/// A domain's `relevance` text: off-topic articles are stored as irrelevant with the reason, not
/// extracted, not asked about again until their content or the relevance text changes, and the
/// GUARDRAIL span says why in the trace.
@Suite("Relevance filter", .serialized)
struct RelevanceFilterTests {
    static let recipe = """
        # Lemon cake for a rainy Sunday

        Beat 200 g butter with 200 g sugar, add four eggs one at a time, fold in 200 g flour and the
        zest of two lemons. Bake for 40 minutes at 180 °C and pour the lemon syrup over it while warm.
        """

    static func setRelevance(_ text: String, in workspace: ReliabilityWorkspace) throws {
        let file = "\(workspace.home)/config/domains/news/domain.yaml"
        var yaml = try String(contentsOfFile: file, encoding: .utf8)
        if let range = yaml.range(of: "\nrelevance: ") {
            yaml = String(yaml[..<range.lowerBound])
        }
        yaml += "\nrelevance: \(text)\n"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
    }

    static func relevanceRequests(_ server: ScriptedOpenAIServer) -> Int {
        server.requests.count { $0.body?["response_format"]?["json_schema"]?["name"]?.stringValue == "relevance" }
    }

    @Test("Off-topic articles are skipped with their reason and a GUARDRAIL span; reruns do not ask again unless the relevance text changes")
    func irrelevantSkipped() async throws {
        let workspace = try ReliabilityWorkspace.make()
        defer { workspace.remove() }
        try Self.recipe.write(toFile: "\(workspace.articles)/lemon-cake.md", atomically: true, encoding: .utf8)
        try Self.setRelevance("Local news about water, utilities, public health and local government.", in: workspace)
        let gazetteer = try KnowledgeSnapshot.sampleGazetteer()
        let collector = try await FakeOTLPCollector.start()
        defer { Task { try? await collector.shutdown() } }

        let server = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: gazetteer))
        defer { Task { try? await server.shutdown() } }
        var traced = workspace.environment(baseURL: server.baseURL, ["PHOENIX_COLLECTOR_ENDPOINT": collector.endpoint])
        traced["HINBOX_NO_TRACE"] = nil
        let first = try await workspace.binary.run(["process", workspace.articles, "--db", workspace.database], environment: traced)
        #expect(first.exitCode == 0, "stdout: \(first.stdout)\nstderr: \(first.stderr)")
        #expect(first.stdout.contains("10 processed, 0 failed, 0 skipped, 1 irrelevant"), "\(first.stdout)")
        #expect(Self.relevanceRequests(server) == 11)
        // Nothing was extracted from the recipe.
        let extractions = server.requests.filter { ScriptedReplies.messageTexts($0.body).contains { $0.text.contains("Lemon cake") } }
        #expect(extractions.allSatisfy { $0.body?["response_format"]?["json_schema"]?["name"]?.stringValue == "relevance" })

        let listed = try await workspace.hinbox(["articles", "list", "--irrelevant"])
        #expect(listed.stdout.contains("lemon-cake") && listed.stdout.contains("names none of the people"), "\(listed.stdout)")
        let shown = try await workspace.hinbox(["articles", "show", "lemon-cake"])
        #expect(shown.stdout.contains("status: irrelevant") && shown.stdout.contains("irrelevant: it names none"), "\(shown.stdout)")

        // The GUARDRAIL span sits under each article's root, and says why.
        let spans = try collector.acceptedSpans()
        let guardrails = spans.filter { $0.attributes["openinference.span.kind"] == .string("GUARDRAIL") }
        #expect(guardrails.count == 11)
        let roots = Dictionary(uniqueKeysWithValues: spans.filter { $0.name == "process_article" }.map { ($0.spanID, $0) })
        #expect(guardrails.allSatisfy { $0.name == "relevance" && $0.parentSpanID.flatMap { roots[$0] } != nil })
        #expect(guardrails.contains { $0.attributes["output.value"].map { "\($0)" }?.contains("names none") == true })

        // A rerun asks nothing again.
        let again = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: gazetteer))
        defer { Task { try? await again.shutdown() } }
        let rerun = try await workspace.process(again)
        #expect(rerun.stdout.contains("0 processed, 0 failed, 11 skipped"), "\(rerun.stdout)")
        #expect(again.requests.isEmpty)

        // A changed relevance text asks about the irrelevant article again, and only about it.
        try Self.setRelevance("Local news about water, utilities and public health.", in: workspace)
        let changed = try await workspace.process(again)
        #expect(changed.stdout.contains("0 processed, 0 failed, 10 skipped, 1 irrelevant"), "\(changed.stdout)")
        #expect(Self.relevanceRequests(again) == 1 && again.requests.count == 1, "\(again.requests.map(\.path))")

        // Without the check it is processed like any other article.
        let unchecked = try await workspace.process(again, ["--no-relevance-check"])
        #expect(unchecked.stdout.contains("1 processed, 0 failed, 10 skipped"), "\(unchecked.stdout)")
    }
}
