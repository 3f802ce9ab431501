import Foundation
import HinboxCore
@testable import HinboxStore

/// Small builders for store records, with whole-second dates (the store keeps milliseconds).
enum StoreFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    static let runID = "run-1"

    static func run(_ id: String = runID) -> RunRecord {
        RunRecord(id: id, startedAt: t0, inputPath: "data/articles", domain: "guantanamo",
                  model: "openai/gpt-4o-mini", embeddingModel: "openai/text-embedding-3-small")
    }

    /// An in-memory store with ``runID`` started.
    static func store() async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        try await store.startRun(run())
        return store
    }

    static func article(_ id: String, content: String = "Some text.", minute: Int = 0) -> ArticleRecord {
        let article = Article(id: id, title: "Title of \(id)", url: "https://example.org/\(id)",
                              publishedDate: "2024-05-01", content: content, source: "\(id).md")
        return ArticleRecord(article: article, status: .processed, runID: runID, traceID: "abc123",
                             processedAt: t0.addingTimeInterval(Double(minute) * 60))
    }

    static func entity(_ id: String, _ name: String, type: EntityType = .person,
                       version: Int = 1, minute: Int = 0, tags: [String] = []) -> EntityRecord {
        EntityRecord(id: id, type: type, name: name, key: EntityKey(type: type, name: name).description,
                     tags: tags, currentVersion: version, createdAt: t0.addingTimeInterval(Double(minute) * 60),
                     updatedAt: t0.addingTimeInterval(Double(minute) * 60))
    }

    static func version(_ entityID: String, _ number: Int, text: String, article: String) -> ProfileVersionRecord {
        ProfileVersionRecord(
            entityID: entityID, version: number,
            profile: Profile(text: text, tags: ["tag\(number)"], confidence: 0.75, sources: [article]),
            triggerArticleID: article, runID: runID, createdAt: t0)
    }

    static func mention(_ entityID: String, _ articleID: String, _ surface: String) -> MentionRecord {
        MentionRecord(entityID: entityID, articleID: articleID, surfaceName: surface, evidence: "… \(surface) said …")
    }

    /// A commit creating one new entity (version 1) mentioned by `articleID`.
    static func newEntityCommit(
        article articleID: String, entity id: String, name: String, type: EntityType = .person,
        aliases: [String] = [], minute: Int = 0
    ) -> ArticleCommit {
        ArticleCommit(
            article: article(articleID, minute: minute),
            entities: [entity(id, name, type: type, minute: minute)],
            aliases: aliases.map { AliasRecord(entityID: id, alias: $0) },
            mentions: [mention(id, articleID, name)],
            versions: [version(id, 1, text: "\(name) v1 ^[\(articleID)]", article: articleID)])
    }

    static func temporaryPath(_ name: String = "hinbox.sqlite") -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("hinbox-store-tests-\(UUID().uuidString)")
            .appendingPathComponent("nested")
            .appendingPathComponent(name).path
    }

    /// Removes what ``temporaryPath(_:)`` made room for (its directory and the file's siblings).
    static func removeTemporary(_ path: String) {
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent())
    }
}
