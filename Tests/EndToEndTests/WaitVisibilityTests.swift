import Foundation
import HinboxCore
import HinboxTesting
import Testing

/// Time spent waiting — for a model slot, for the resolve turn, for the commit turn — is on the
/// spans, so a long span with short children explains itself, and the run summary totals it.
@Suite("Waiting is visible", .serialized)
struct WaitVisibilityTests {
    typealias Span = FakeOTLPCollector.DecodedSpan

    static func int(_ span: Span, _ key: String) -> Int64? {
        if case .int(let value)? = span.attributes[key] { return value }
        return nil
    }

    static func kind(_ span: Span) -> String? {
        if case .string(let value)? = span.attributes["openinference.span.kind"] { return value }
        return nil
    }

    static func milliseconds(_ span: Span) -> Double { Double(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6 }

    @Test("One model slot: LLM spans carry their slot wait, a CHAIN span lasts its children plus their waits, roots carry the article's waits, the summary totals them")
    func oneSlot() async throws {
        let collector = try await FakeOTLPCollector.start()
        defer { Task { try? await collector.shutdown() } }
        let workspace = try ReliabilityWorkspace.make()
        defer { workspace.remove() }
        let server = try await ScriptedOpenAIServer.start(
            latency: .milliseconds(20), handler: ReliabilityScript.handler(gazetteer: try KnowledgeSnapshot.sampleGazetteer()))
        defer { Task { try? await server.shutdown() } }
        var environment = workspace.environment(baseURL: server.baseURL, ["PHOENIX_COLLECTOR_ENDPOINT": collector.endpoint])
        environment["HINBOX_NO_TRACE"] = nil
        let result = try await workspace.binary.run(
            ["process", workspace.articles, "--db", workspace.database, "--limit", "3", "--llm-concurrency", "1"], environment: environment)
        #expect(result.exitCode == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        let summary = try #require(result.stdout.split(separator: "\n").first { $0.contains("Waiting, summed over articles:") }, "\(result.stdout)")
        #expect(summary.contains("for a model slot") && summary.contains("for resolve turns") && summary.contains("for commit turns"))
        #expect(!summary.contains(": 0.0s for a model slot"), "one slot for four concurrent extractions, yet no wait: \(summary)")

        let spans = try collector.acceptedSpans()
        let models = spans.filter { ["LLM", "EMBEDDING"].contains(Self.kind($0)) }
        #expect(!models.isEmpty)
        #expect(models.allSatisfy { Self.int($0, "hinbox.wait.model_slot_ms") != nil }, "a model span without its slot wait")
        #expect(models.contains { (Self.int($0, "hinbox.wait.model_slot_ms") ?? 0) > 0 })

        let roots = spans.filter { $0.name == "process_article" }
        #expect(roots.count == 3)
        for root in roots {
            let parts = ["model_slot", "resolve_turn", "commit_turn"].map { Self.int(root, "hinbox.wait.\($0)_ms") }
            #expect(parts.allSatisfy { $0 != nil }, "\(root.attributes)")
            #expect(Self.int(root, "hinbox.wait.total_ms") == parts.compactMap { $0 }.reduce(0, +))
        }

        // An extraction is its LLM call(s) and quality check one after the other: their durations
        // and the calls' slot waits add up to the CHAIN span's (give or take scheduling).
        let extractions = spans.filter { $0.name.hasPrefix("extract.") }
        #expect(extractions.count == 12)
        var checked = 0
        for chain in extractions {
            let children = spans.filter { $0.parentSpanID == chain.spanID }
            let work = children.map(Self.milliseconds).reduce(0, +)
            let waits = children.compactMap { Self.int($0, "hinbox.wait.model_slot_ms") }.map(Double.init).reduce(0, +)
            let total = Self.milliseconds(chain)
            #expect(abs(total - (work + waits)) <= 30 + 0.1 * total, "\(chain.name): \(total) ms ≠ \(work) ms work + \(waits) ms waiting")
            if waits > 0 { checked += 1 }
        }
        #expect(checked > 0, "no extraction waited for the slot")
    }
}
