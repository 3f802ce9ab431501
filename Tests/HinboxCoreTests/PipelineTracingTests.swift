import Foundation
import HinboxCore
import HinboxTesting
import HinboxTracing
import InMemoryTracing
import Logging
import Testing
import Tracing

@Suite("Tracing of one article through the pipeline")
struct PipelineTracingTests {
    static let article = Article(
        id: "a1", title: "Hearing set",
        content: "Dana Whitfield said the Ridgeport Water Authority failed Eastgate before the Special Hearing on Water Safety.",
        source: "a1.md")

    /// Runs `articles` under an in-memory tracer and session `s1`; returns the finished spans.
    static func traced(_ articles: [Article], model: FakeChatModel, store: InMemoryKnowledgeStore) async throws
        -> (RunReport, [FinishedInMemorySpan])
    {
        let tracer = InMemoryTracer()
        let report = try await withTracer(tracer) {
            try await withTraceSettings(TraceSettings(sessionID: "s1")) {
                try await CoreFixtures.pipeline(model, store: store).run(articles)
            }
        }
        return (report, tracer.finishedSpans)
    }

    /// `parent > child [KIND]` paths of every span, sorted.
    static func tree(_ spans: [FinishedInMemorySpan]) -> [String] {
        let byID = Dictionary(spans.map { ($0.spanID, $0) }, uniquingKeysWith: { first, _ in first })
        return spans.map { span in
            var names = [span.operationName]
            var parent = span.parentSpanID.flatMap { byID[$0] }
            while let next = parent {
                names.insert(next.operationName, at: 0)
                parent = next.parentSpanID.flatMap { byID[$0] }
            }
            return names.joined(separator: " > ") + " [\(text(span, "openinference.span.kind") ?? "?")]"
        }.sorted()
    }

    static func text(_ span: FinishedInMemorySpan, _ key: String) -> String? {
        guard case .string(let value)? = span.attributes.get(key) else { return nil }
        return value
    }

    @Test("One article is one trace: AGENT root, CHAIN stages with their TOOL children, TOOL store")
    func spanTree() async throws {
        let store = InMemoryKnowledgeStore()
        let (report, spans) = try await Self.traced([Self.article], model: .gazetteer(CoreFixtures.gazetteer), store: store)
        #expect(report.processed.map(\.articleID) == ["a1"])

        // The article's four profiles are written by one call (CallPlan.standard writes four to a call).
        var expected = ["process_article [AGENT]", "process_article > store [TOOL]", "process_article > profile.batch [CHAIN]"]
        for type in ["person", "organization", "location", "event"] {
            expected += [
                "process_article > extract.\(type) [CHAIN]", "process_article > extract.\(type) > quality_check [TOOL]",
                "process_article > resolve.\(type) [CHAIN]", "process_article > resolve.\(type) > search_candidates [TOOL]",
            ]
        }
        #expect(Self.tree(spans) == expected.sorted())

        let root = try #require(spans.first { $0.operationName == "process_article" })
        #expect(root.parentSpanID == nil)
        #expect(root.status?.code == .ok)
        #expect(root.errors.isEmpty)
        #expect(Set(spans.map(\.traceID)) == [root.traceID])
        #expect(spans.allSatisfy { Self.text($0, "session.id") == "s1" })
        #expect(Self.text(root, "metadata") == #"{"article_id":"a1","domain":"test","run_id":"s1"}"#)
        #expect(Self.text(root, "output.value") == #"{"entities_created":4,"entities_merged":0,"profiles_written":4}"#)
        let stored = try #require(try await store.article(id: "a1"))
        #expect(stored.traceID == root.traceID)
        let tool = try #require(spans.first { $0.operationName == "search_candidates" })
        #expect(Self.text(tool, "tool.name") == "search_candidates")
    }

    @Test("Merged entities' profiles are updated in one profile.batch span that names them, sending their existing profiles")
    func profileUpdate() async throws {
        let store = InMemoryKnowledgeStore()
        _ = try await Self.traced([Self.article], model: .gazetteer(CoreFixtures.gazetteer), store: store)
        var second = Self.article
        second.id = "a2"
        let model = FakeChatModel.gazetteer(CoreFixtures.gazetteer)
        let (_, spans) = try await Self.traced([second], model: model, store: store)
        let batches = spans.filter { $0.operationName == "profile.batch" }
        #expect(batches.count == 1)
        let input = try #require(batches.first.flatMap { Self.text($0, "input.value") })
        for name in ["Dana Whitfield", "Ridgeport Water Authority", "Eastgate", "Special Hearing on Water Safety"] {
            #expect(input.contains(name), "\(input)")
        }
        #expect(!spans.contains { $0.operationName == "profile.create" || $0.operationName == "profile.update" })
        let request = try #require(model.requests.first { $0.schema?.name == "profile_batch" })
        #expect(request.messages.last?.content.components(separatedBy: "<existing_profile entity=").count == 5, "all four existing profiles are sent")
    }

    @Test("An article whose extraction throws has an error on its root span and is recorded failed")
    func failedArticle() async throws {
        let model = FakeChatModel { request in
            if request.schema?.name == "extract_location" { throw FakeChatModelError.injected("no locations today") }
            return try FakeChatModel.gazetteerReply(to: request, gazetteer: CoreFixtures.gazetteer)
        }
        let store = InMemoryKnowledgeStore()
        let (report, spans) = try await Self.traced([Self.article], model: model, store: store)
        #expect(report.failed.map(\.articleID) == ["a1"])
        let root = try #require(spans.first { $0.operationName == "process_article" })
        #expect(root.status?.code == .error)
        #expect(root.errors.count == 1)
        #expect(root.errors.first?.error as? FakeChatModelError == .injected("no locations today"))
        let extract = try #require(spans.first { $0.operationName == "extract.location" })
        #expect(extract.status?.code == .error)
        #expect(!spans.contains { $0.operationName == "store" })
        let stored = try #require(try await store.article(id: "a1"))
        #expect(stored.status == .failed)
        #expect(stored.traceID == root.traceID)
        #expect(stored.error?.contains("no locations today") == true)
    }
}
