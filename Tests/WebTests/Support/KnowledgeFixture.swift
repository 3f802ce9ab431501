import Foundation
import HinboxCore
import HinboxStore
import HinboxTesting
import Logging
import Testing

/// A knowledge base in a temporary SQLite file, built by the real pipeline over the scripted
/// (gazetteer) model, plus one hand-made risky decision so the review queue has a merge to offer.
struct KnowledgeFixture {
    let directory: URL
    var databasePath: String { directory.appendingPathComponent("hinbox.sqlite").path }

    static let domain = TestDomain.config
    static let prompts = TestDomain.prompts
    static let gazetteer = Gazetteer(entries: [
        .person: [.init(name: "Dana Whitfield", type: "politician", aliases: ["Mayor Whitfield"])],
        .organization: [.init(name: "Ridgeport Water Authority", type: "utility", aliases: ["RWA"])],
        .location: [.init(name: "Eastgate", type: "neighborhood"), .init(name: "Northside", type: "neighborhood")],
        .event: [.init(name: "Special Hearing on Water Safety", type: "hearing", startDate: "2025-03-14"),
                 .init(name: "Eastgate Pipe Survey", type: "other", startDate: "2025-05-02")],
    ])

    static func article(_ id: String, _ title: String, date: String, url: String?, _ content: String) -> Article {
        Article(id: id, title: title, url: url, publishedDate: date, content: content, source: "\(id).md")
    }

    static let articles = [
        article("a1", "Eastgate tap water", date: "2025-01-22", url: "https://ledger.example/a1",
                "Mayor Dana Whitfield said the Ridgeport Water Authority (RWA) failed Eastgate."),
        article("a2", "Pipes to be tested", date: "2025-02-03", url: "https://ledger.example/a2",
                "Mayor Whitfield said the RWA would test every pipe in Eastgate.\n\nThe Eastgate Pipe Survey starts in May."),
        article("a3", "Hearing in Northside", date: "2025-03-14", url: nil,
                "Dana Whitfield attended the Special Hearing on Water Safety in Northside."),
    ]

    /// A fresh fixture; `extra` articles are processed with `model` after the standard three.
    static func make(model: FakeChatModel = .gazetteer(gazetteer), extra: [Article] = []) async throws -> KnowledgeFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fixture = KnowledgeFixture(directory: directory)
        let store = try SQLiteStore.open(path: fixture.databasePath)
        try await run(articles + extra, model: model, store: store)
        try await fixture.addRiskyDecision(store)
        let broken = Article(id: "a9", title: "Unreadable", content: "…", source: "a9.md")
        try await store.recordFailure(ArticleRecord(
            article: broken, status: .failed, error: "the model replied with invalid JSON twice", runID: "run-web-1",
            traceID: nil, processedAt: Date()))
        return fixture
    }

    private static func run(_ articles: [Article], model: FakeChatModel, store: SQLiteStore) async throws {
        let runID = "run-web-1"
        try await store.startRun(RunRecord(
            id: runID, startedAt: Date(), inputPath: "fixture", domain: "test", model: "fake/fake-chat", embeddingModel: "local/hash"))
        let chat = StructuredChat(model: model)
        let pipeline = Pipeline(
            options: .init(runID: runID, domain: "test", concurrency: 1),
            extractor: EntityExtractor(chat: chat, domain: domain, prompts: prompts),
            profiles: ProfileWriter(chat: chat, domain: domain, prompts: prompts),
            grounding: GroundingChecker(chat: chat, prompts: prompts),
            resolver: EntityResolver(domain: domain, embedder: HashingEmbedder(), matchChecker: nil),
            store: store, domain: domain, logger: Logger(label: "web-fixture") { _ in SwiftLogNoOpLogHandler() },
            traceID: { _ in "0af7651916cd43dd8448eb211c80319c" })
        let report = try await pipeline.run(articles)
        var finished = RunRecord(
            id: runID, startedAt: Date(), inputPath: "fixture", domain: "test", model: "fake/fake-chat", embeddingModel: "local/hash")
        finished.finishedAt = Date()
        finished.processed = report.processed.count
        finished.failed = report.failed.count
        try await store.finishRun(finished)
    }

    /// Article a4 names "D. Whitfield"; it was created as a new person although Dana Whitfield
    /// scored just under the threshold: the riskiest decision in the queue, a merge to offer.
    private func addRiskyDecision(_ store: SQLiteStore) async throws {
        let now = Date()
        let source = Article(id: "a4", title: "Council notes", publishedDate: "2025-04-01",
                             content: "D. Whitfield spoke about Eastgate water.", source: "a4.md")
        let record = ArticleRecord(article: source, status: .processed, runID: "run-web-1", traceID: nil, processedAt: now)
        let id = "per_dwhitfield"
        let entity = EntityRecord(id: id, type: .person, name: "D. Whitfield", key: "d whitfield", subtype: "politician",
                                  currentVersion: 1, createdAt: now, updatedAt: now)
        let profile = Profile(text: "D. Whitfield spoke about water. ^[a4]", tags: ["council"], confidence: 0.4, sources: ["a4"])
        let dana = try #require(try await store.profileDetail(nameOrID: "Dana Whitfield", version: nil))
        let decision = ResolutionRecord(
            runID: "run-web-1", articleID: "a4", entityType: .person, incomingName: "D. Whitfield", action: "create",
            entityID: id, reason: "no candidate above threshold", threshold: 0.82,
            candidates: [.init(entityID: dana.entity.id, name: "Dana Whitfield", cosine: 0.8199, lexical: 0.7, via: "surname")],
            matchCheck: nil, createdAt: now)
        try await store.commit(ArticleCommit(
            article: record, entities: [entity],
            mentions: [.init(entityID: id, articleID: "a4", surfaceName: "D. Whitfield", evidence: "D. Whitfield spoke about Eastgate water.")],
            versions: [.init(entityID: id, version: 1, profile: profile, triggerArticleID: "a4", runID: "run-web-1", createdAt: now)],
            decisions: [decision]))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
