import Foundation
import HinboxCore
import HinboxStore
import HinboxTesting
import Logging
import Synchronization
import Testing

/// The pipeline over an in-memory SQLite store and a fake chat model: versioning, citations,
/// merging, skipping, limits, failures and determinism.
@Suite("Pipeline with an in-memory store")
struct PipelineTests {
    static let domain = TestDomain.config
    static let prompts = TestDomain.prompts
    static let gazetteer = Gazetteer(entries: [
        .person: [.init(name: "Dana Whitfield", type: "politician", aliases: ["Mayor Whitfield", "Whitfield"])],
        .organization: [.init(name: "Ridgeport Water Authority", type: "utility", aliases: ["RWA"])],
        .location: [.init(name: "Eastgate", type: "neighborhood"), .init(name: "Northside", type: "neighborhood")],
        .event: [.init(name: "Special Hearing on Water Safety", type: "hearing", startDate: "2025-03-14")],
    ])

    /// Warnings and errors only: the retry tests would fill CI's log with "trying the step again".
    static let quietLogger: Logger = {
        var logger = Logger(label: "pipeline-test")
        logger.logLevel = .warning
        return logger
    }()

    static func article(_ id: String, _ content: String) -> Article {
        Article(id: id, title: "Title \(id)", publishedDate: "2025-03-14", content: content, source: "\(id).md")
    }

    static let a1 = article("a1", "Mayor Dana Whitfield said the Ridgeport Water Authority (RWA) failed Eastgate.")
    static let a2 = article("a2", "Whitfield said the RWA would test every pipe in Eastgate.")
    static let a3 = article("a3", "Dana Whitfield attended the Special Hearing on Water Safety in Northside.")

    /// The article id in a request's article block.
    static func articleID(of request: ChatRequest) -> String {
        let user = request.messages.last { $0.role == .user }?.content ?? ""
        return user.split(separator: "\n").first { $0.hasPrefix("Article ID: ") }.map { String($0.dropFirst(12)) } ?? ""
    }

    /// A fresh in-memory store and a pipeline factory over one fake model.
    final class Harness: Sendable {
        let store: SQLiteStore
        let model: FakeChatModel
        let events = Mutex<[PipelineEvent]>([])

        init(model: FakeChatModel = .gazetteer(PipelineTests.gazetteer)) throws {
            store = try SQLiteStore.inMemory()
            self.model = model
        }

        func run(
            _ articles: [Article], runID: String = "run-1", concurrency: Int = 4, force: Bool = false, limit: Int? = nil,
            plan: CallPlan = .standard, grounding: Bool = false, texts: ArticleStream? = nil
        ) async throws -> RunReport {
            try await store.startRun(RunRecord(
                id: runID, startedAt: Date(), inputPath: "memory", domain: "test", model: "fake/fake-chat", embeddingModel: "none"))
            let pipeline = Pipeline.testing(
                model: model, domain: PipelineTests.domain, prompts: PipelineTests.prompts, store: store,
                options: .init(runID: runID, domain: "test", concurrency: concurrency, force: force, limit: limit, callPlan: plan),
                embedder: HashingEmbedder(), grounding: grounding, logger: PipelineTests.quietLogger,
                onEvent: { [self] event in self.events.withLock { $0.append(event) } })
            return try await pipeline.run(articles, texts: texts)
        }

        func profile(_ name: String, version: Int? = nil) async throws -> ProfileDetail {
            try #require(try await store.profileDetail(nameOrID: name, version: version), "no profile \(name)")
        }

        /// (entity name, decision reason) for every merge decision reported.
        var merges: [String] {
            events.withLock { events in
                events.compactMap { event in
                    guard case .decision(let decision, let name, let articleID) = event, decision.isMerge else { return nil }
                    return "\(articleID): \(decision.entity.name) → \(name) (\(decision.reason))"
                }
            }
        }
    }

    @Test("Two articles mentioning one entity give versions 1 and 2, each citing its article")
    func versioning() async throws {
        let harness = try Harness()
        let report = try await harness.run([Self.a1, Self.a2])
        #expect(report.processed.map(\.articleID) == ["a1", "a2"])
        #expect(report.failed.isEmpty)
        let eastgate = try await harness.profile("Eastgate")
        #expect(eastgate.versions.map(\.version) == [1, 2])
        #expect(eastgate.versions.map(\.triggerArticleID) == ["a1", "a2"])
        #expect(eastgate.version.profile.sources == ["a1", "a2"])
        #expect(eastgate.version.profile.text.contains("^[a1]"))
        #expect(eastgate.version.profile.text.contains("^[a2]"))
        #expect(eastgate.versions[0].profile.sources == ["a1"])
        #expect(eastgate.mentions.map(\.articleID) == ["a1", "a2"])
        let summaries = try await harness.store.profiles(type: .location, search: nil)
        #expect(summaries.map(\.name) == ["Eastgate"])
        #expect(summaries.first?.articleIDs == ["a1", "a2"])
    }

    /// The standard plan with `block` articles per block of folded updates (1: a version per article).
    static func standard(block: Int) -> CallPlan {
        var plan = CallPlan.standard
        plan.profileBlock = block
        return plan
    }

    @Test("Every version cites each article it covers even when the model forgets to")
    func citationsAlwaysPresent() async throws {
        let model = FakeChatModel { request in
            var reply = try FakeChatModel.gazetteerReply(to: request, gazetteer: PipelineTests.gazetteer)
            if request.schema?.name == "profile_batch", case .array(let profiles)? = JSONValue.parse(reply.content)?["profiles"] {
                let uncited = profiles.map { entry -> JSONValue in
                    ["name": entry["name"] ?? "", "text": "A profile that cites nothing.", "confidence": 0.4]
                }
                reply.content = JSONValue.object(["profiles": .array(uncited)]).jsonString
            } else if request.schema?.name.hasPrefix("profile_") == true {
                return ChatResponse(content: #"{"text": "A profile that cites nothing.", "confidence": 0.4}"#)
            }
            return reply
        }
        let harness = try Harness(model: model)
        _ = try await harness.run([Self.a1, Self.a2, Self.a3])
        let all = try await harness.store.profiles(type: nil, search: nil)
        #expect(all.count == 5)
        for summary in all {
            let detail = try await harness.profile(summary.id)
            for version in detail.versions {
                #expect(version.covers.contains(version.triggerArticleID) || !version.covers.isEmpty)
                for id in version.covers {
                    #expect(version.profile.text.contains("^[\(id)]"), "\(summary.name) v\(version.version) covers \(id)")
                }
                #expect(version.profile.confidence == 0.4)
            }
        }
    }

    @Test("Exact names and aliases merge into the first entity")
    func exactAndAliasMerge() async throws {
        let harness = try Harness()
        _ = try await harness.run([Self.a1, Self.a2, Self.a3], concurrency: 1, plan: Self.standard(block: 1))
        let people = try await harness.store.profiles(type: .person, search: nil)
        #expect(people.map(\.name) == ["Dana Whitfield"])
        #expect(people.first?.version == 3)
        #expect(people.first?.articleIDs == ["a1", "a2", "a3"])
        let organizations = try await harness.store.profiles(type: .organization, search: nil)
        #expect(organizations.map(\.name) == ["Ridgeport Water Authority"])
        #expect(organizations.first?.aliases == ["RWA"])
        #expect(harness.merges == [
            "a2: Whitfield → Dana Whitfield (exact)", "a2: RWA → Ridgeport Water Authority (exact)",
            "a2: Eastgate → Eastgate (exact)", "a3: Dana Whitfield → Dana Whitfield (exact)",
        ])
    }

    @Test("Two entities of one article never merge into the same existing entity")
    func noDoubleClaim() async throws {
        let model = FakeChatModel { request in
            guard request.schema?.name == "extract_organization" else {
                return try FakeChatModel.gazetteerReply(to: request, gazetteer: Gazetteer(entries: [:]))
            }
            let names: [JSONValue] = PipelineTests.articleID(of: request) == "o1"
                ? [["name": "Ridgeport Water Authority", "type": "utility", "aliases": ["Water Authority"]]]
                : [["name": "Ridgeport Water Authority", "type": "utility"], ["name": "Water Authority", "type": "utility"]]
            return ChatResponse(content: JSONValue.object(["entities": .array(names)]).jsonString)
        }
        let harness = try Harness(model: model)
        let text = "The Ridgeport Water Authority and the Water Authority board met."
        let report = try await harness.run([Self.article("o1", text), Self.article("o2", text)])
        #expect(report.processed.map(\.created) == [1, 1])
        #expect(report.processed.map(\.merged) == [0, 1])
        let organizations = try await harness.store.profiles(type: .organization, search: nil)
        #expect(organizations.map(\.name) == ["Ridgeport Water Authority", "Water Authority"])
        #expect(organizations.map(\.version) == [2, 1])
    }

    @Test("A second run skips unchanged articles, reprocesses changed ones, and force reprocesses all")
    func skipAndForce() async throws {
        let harness = try Harness()
        let plan = Self.standard(block: 1)
        _ = try await harness.run([Self.a1, Self.a2], runID: "run-1", plan: plan)
        let calls = harness.model.requests.count
        let second = try await harness.run([Self.a1, Self.a2], runID: "run-2", plan: plan)
        #expect(second.skipped == 2)
        #expect(second.processed.isEmpty)
        #expect(harness.model.requests.count == calls)

        var changed = Self.a2
        changed.content += " Eastgate residents cheered."
        changed.contentHash = Hashing.sha256Hex(changed.content)
        let third = try await harness.run([Self.a1, changed], runID: "run-3", plan: plan)
        #expect(third.skipped == 1)
        #expect(third.processed.map(\.articleID) == ["a2"])
        #expect(try await harness.profile("Eastgate").versions.map(\.triggerArticleID) == ["a1", "a2", "a2"])

        let forced = try await harness.run([Self.a1, changed], runID: "run-4", force: true, plan: plan)
        #expect(forced.skipped == 0)
        #expect(forced.processed.map(\.articleID) == ["a1", "a2"])
        #expect(try await harness.profile("Eastgate").version.version == 5)
        #expect(try await harness.store.article(id: "a1")?.runID == "run-4")
    }

    @Test("limit counts only the articles to process")
    func limit() async throws {
        let harness = try Harness()
        _ = try await harness.run([Self.a1], runID: "run-1")
        let report = try await harness.run([Self.a1, Self.a2, Self.a3], runID: "run-2", limit: 1)
        #expect(report.processed.map(\.articleID) == ["a2"])
        #expect(try await harness.store.article(id: "a3") == nil)
    }

    @Test("A failing extraction marks that article failed with the reason; the others are processed")
    func failure() async throws {
        let model = FakeChatModel { request in
            if PipelineTests.articleID(of: request) == "bad" { throw FakeChatModelError.injected("model exploded on bad") }
            return try FakeChatModel.gazetteerReply(to: request, gazetteer: PipelineTests.gazetteer)
        }
        let harness = try Harness(model: model)
        let bad = Self.article("bad", "Dana Whitfield in Eastgate.")
        let report = try await harness.run([Self.a1, bad, Self.a2], concurrency: 2)
        #expect(report.processed.map(\.articleID).sorted() == ["a1", "a2"])
        #expect(report.failed.map(\.articleID) == ["bad"])
        #expect(report.failed.first?.error?.contains("model exploded on bad") == true)
        let stored = try #require(try await harness.store.article(id: "bad"))
        #expect(stored.status == .failed)
        #expect(stored.error?.contains("model exploded on bad") == true)
        #expect(try await harness.store.articles(status: .failed).map(\.id) == ["bad"])
        #expect(try await harness.profile("Eastgate").versions.map(\.triggerArticleID) == ["a1", "a2"])

        // A later run retries the failed article (and only it).
        let retry = try await harness.run([Self.a1, bad, Self.a2], runID: "run-2")
        #expect(retry.skipped == 2)
        #expect(retry.failed.map(\.articleID) == ["bad"])
    }

    /// Twelve overlapping stories, d01…d12.
    static let overlappingStories = (1...12).map { index in
        let pieces = ["Dana Whitfield", "the RWA", "Eastgate", "Northside", "the Ridgeport Water Authority", "Whitfield"]
        let picked = pieces.indices.filter { ($0 + index) % 3 != 0 }.map { pieces[$0] }
        return article(String(format: "d%02d", index), "Story \(index): " + picked.joined(separator: " met ") + ".")
    }

    /// A gazetteer model where later articles answer sooner, so completion order differs from input
    /// order; `fails` may throw for a request first.
    static func reorderingModel(fails: @escaping @Sendable (ChatRequest, String) throws -> Void = { _, _ in }) -> FakeChatModel {
        FakeChatModel { request in
            let id = PipelineTests.articleID(of: request)
            try fails(request, id)
            for _ in 0..<(id.isEmpty ? 0 : 40 - 3 * (Int(id.dropFirst()) ?? 0)) { await Task.yield() }
            return try FakeChatModel.gazetteerReply(to: request, gazetteer: PipelineTests.gazetteer)
        }
    }

    /// Every profile and every version's text, in a comparable form.
    static func knowledgeBase(_ harness: Harness) async throws -> [String] {
        var lines: [String] = []
        for summary in try await harness.store.profiles(type: nil, search: nil) {
            lines.append("\(summary)")
            for version in try await harness.profile(summary.id).versions {
                lines.append("\(summary.id) v\(version.version) ← \(version.triggerArticleID) \(version.covers): \(version.profile.text)")
            }
        }
        return lines
    }

    @Test("Concurrency 1 and 8 give identical profiles and version texts, a version per article or folded per block",
          arguments: [1, 4])
    func determinism(block: Int) async throws {
        var outputs: [[String]] = []
        for concurrency in [1, 8] {
            let harness = try Harness(model: Self.reorderingModel())
            let report = try await harness.run(Self.overlappingStories, concurrency: concurrency, plan: Self.standard(block: block))
            #expect(report.processed.count == 12)
            outputs.append(try await Self.knowledgeBase(harness))
        }
        #expect(outputs[0].count > (block == 1 ? 20 : 15))
        // Folding happened: some version took in several articles.
        #expect(block == 1 || outputs[0].contains { $0.contains("\", \"d") }, "\(outputs[0])")
        #expect(outputs[0] == outputs[1])
    }

    @Test("An article whose profile fails after it resolved is rolled back: concurrency 8 still equals concurrency 1",
          arguments: [(1, "d04"), (4, "d04"), (4, "d02")])
    func rollbackAfterResolve(block: Int, failing: String) async throws {
        var outputs: [[String]] = []
        for concurrency in [1, 8] {
            // The failing article's profiles fail after it has resolved, while later articles resolve
            // on top of it. With blocks of 4, d04 ends the first block (its folded updates fail) and
            // d02 is inside it (a later article of the block may have folded its update already).
            let model = Self.reorderingModel { request, _ in
                let user = request.messages.last { $0.role == .user }?.content ?? ""
                if user.contains("Article ID: \(failing)\n"), request.schema?.name.hasPrefix("profile") == true { throw FakeFailure.profile }
            }
            let harness = try Harness(model: model)
            let report = try await harness.run(Self.overlappingStories, concurrency: concurrency, plan: Self.standard(block: block))
            #expect(report.failed.map(\.articleID) == [failing])
            #expect(report.processed.count == 11)
            outputs.append(try await Self.knowledgeBase(harness))
        }
        #expect(outputs[0].count > (block == 1 ? 20 : 15))
        #expect(!outputs[0].contains { $0.contains(failing) })
        #expect(outputs[0] == outputs[1])
    }

    enum FakeFailure: Error { case profile }
}
