import Foundation
import HinboxCore
import Synchronization

/// Builds one typical `ArticleCommit` after another: 10 entities per article, 6 of them new and 4
/// earlier ones getting their next profile version, each with a mention, a ~1.5 kB profile, a
/// 384-float vector and a resolution decision with 5 candidates.
final class CommitFactory: Sendable {
    static let runID = "bench-run"
    static let embeddingModel = "local/all-minilm-l6-v2"
    static let newPerArticle = 6
    static let updatedPerArticle = 4

    private struct State {
        var article = 0
        /// Entity ids created so far, and each one's latest version.
        var versions: [String: Int] = [:]
        var ids: [String] = []
    }

    private let state = Mutex(State())
    private let vector: [Float] = (0..<384).map { Float(($0 % 17) - 8) / 100 }
    private let profileText = String(repeating: "She has led the authority since 2019 and testified twice on the water crisis. ^[a1] ", count: 18)
    private let evidence = String(repeating: "…said on Tuesday that the repairs would take months, according to officials… ", count: 7)

    /// The next article's commit.
    func next() -> ArticleCommit {
        state.withLock { state in
            state.article += 1
            let articleID = "article-\(state.article)"
            var touched: [(id: String, version: Int, isNew: Bool)] = []
            for index in 0..<Self.newPerArticle {
                let id = "per_\(state.article)_\(index)"
                state.ids.append(id)
                state.versions[id] = 1
                touched.append((id, 1, true))
            }
            let earlier = state.ids.count - Self.newPerArticle
            for index in 0..<min(Self.updatedPerArticle, earlier) {
                // A deterministic spread over everything committed before.
                let id = state.ids[(state.article * 7919 + index * 104_729) % earlier]
                guard !touched.contains(where: { $0.id == id }), let version = state.versions[id] else { continue }
                state.versions[id] = version + 1
                touched.append((id, version + 1, false))
            }
            return commit(articleID, touched)
        }
    }

    private func commit(_ articleID: String, _ touched: [(id: String, version: Int, isNew: Bool)]) -> ArticleCommit {
        let now = Date()
        let article = Article(
            id: articleID, title: "Water crisis, day \(articleID)", url: "https://example.org/\(articleID)",
            publishedDate: "2025-03-14", content: evidence, source: "\(articleID).md")
        var commit = ArticleCommit(article: ArticleRecord(article: article, status: .processed, runID: Self.runID, traceID: nil, processedAt: now))
        for (id, version, isNew) in touched {
            let name = "Person \(id)"
            commit.entities.append(EntityRecord(
                id: id, type: .person, name: name, key: EntityKey(type: .person, name: name).description,
                subtype: "official", tags: ["government"], currentVersion: version, createdAt: now, updatedAt: now))
            if isNew { commit.aliases.append(AliasRecord(entityID: id, alias: "P. \(id)")) }
            commit.mentions.append(MentionRecord(entityID: id, articleID: articleID, surfaceName: name, evidence: evidence))
            commit.versions.append(ProfileVersionRecord(
                entityID: id, version: version, profile: Profile(text: profileText, tags: ["government"], confidence: 0.8, sources: [articleID]),
                triggerArticleID: articleID, runID: Self.runID, createdAt: now))
            commit.embeddings.append(EntityEmbedding(entityID: id, model: Self.embeddingModel, vector: vector, evidence: evidence))
            let candidates = (0..<5).map { ResolutionCandidate(entityID: "per_c\($0)", name: "Candidate \($0)", cosine: 0.7, lexical: 0.5, via: "lexical") }
            commit.decisions.append(ResolutionRecord(
                runID: Self.runID, articleID: articleID, entityType: .person, incomingName: name, action: isNew ? "create" : "merge",
                entityID: id, reason: isNew ? "no candidate close enough" : "exact", threshold: 0.82, candidates: candidates,
                matchCheck: nil, createdAt: now))
        }
        return commit
    }
}
