import Foundation
import HinboxTracing
import Tracing

/// The work for one article after extraction: resolve its entities against the index, write or
/// update their profiles, and commit everything in one transaction.
struct ArticleProcessor: Sendable {
    var runID: String
    var extractor: EntityExtractor
    var resolver: EntityResolver
    var profiles: ProfileWriter
    var store: any KnowledgeStore
    var domain: DomainConfig

    /// Extracts every entity type of the domain, concurrently.
    func extractAll(from article: Article) async throws -> [EntityType: [ExtractedEntity]] {
        try await withThrowingTaskGroup(of: (EntityType, [ExtractedEntity]).self) { group in
            for type in domain.entityTypes {
                group.addTask { (type, try await extractor.extract(type, from: article).entities) }
            }
            var result: [EntityType: [ExtractedEntity]] = [:]
            for try await (type, entities) in group { result[type] = entities }
            return result
        }
    }

    /// Embeds the evidence of every type, concurrently, ahead of the article's turn (the embedding
    /// calls need no index). In the domain's type order.
    func prepareResolution(_ extracted: [EntityType: [ExtractedEntity]], article: Article) async throws -> [EntityResolver.Prepared] {
        let types = domain.entityTypes
        return try await withThrowingTaskGroup(of: (Int, EntityResolver.Prepared?).self) { group in
            for (position, type) in types.enumerated() {
                group.addTask { (position, try await resolver.prepare(extracted[type] ?? [], article: article)) }
            }
            var result = [EntityResolver.Prepared?](repeating: nil, count: types.count)
            do {
                for try await (position, prepared) in group { result[position] = prepared }
            } catch {
                // The other types' spans end with the article's error.
                for prepared in result.compactMap({ $0 }) { prepared.abandon(error) }
                throw error
            }
            return result.compactMap { $0 }
        }
    }

    /// What merging one article produced.
    struct Merged: Sendable {
        var decisions: [ResolutionDecision]
        var known: [KnownEntity]
    }

    /// Resolves, profiles and commits one article. Runs in the article's turn.
    func merge(
        _ article: Article, prepared: [EntityResolver.Prepared], index: EntityIndex, traceID: String?
    ) async throws -> Merged {
        var resolved: [EntityResolver.Resolved] = []
        do {
            for next in prepared {
                resolved += try await resolver.resolve(next, article: article, index: index, runID: runID)
            }
        } catch {
            for next in prepared { next.abandon(error) }
            throw error
        }
        let decisions = resolved.map(\.decision)
        let written = try await writeProfiles(decisions, article: article, index: index)
        let now = Date()
        let finder = MentionFinder(text: article.content)
        var commit = ArticleCommit(article: ArticleRecord(article: article, status: .processed, runID: runID, traceID: traceID, processedAt: now))
        commit.decisions = resolved.map(\.record)
        var known: [KnownEntity] = []
        for (outcome, profile) in zip(resolved, written) {
            guard let update = EntityUpdate(outcome, index: index, domain: domain, now: now) else {
                throw PipelineError("merge into \(outcome.decision.entityID), which the index does not hold")
            }
            let entity = outcome.decision.entity
            let record = update.record
            commit.entities.append(record)
            commit.aliases += update.aliases.map { AliasRecord(entityID: record.id, alias: $0) }
            commit.mentions.append(MentionRecord(
                entityID: record.id, articleID: article.id, surfaceName: entity.name,
                evidence: finder.evidence(for: [entity.name] + entity.aliases)))
            commit.versions.append(ProfileVersionRecord(
                entityID: record.id, version: record.currentVersion, profile: profile, triggerArticleID: article.id,
                runID: runID, createdAt: now))
            if let embedding = update.embedding { commit.embeddings.append(embedding) }
            known.append(update.knownEntity(latestProfile: profile))
        }
        try await store(commit)
        return Merged(decisions: decisions, known: known)
    }

    /// Profiles for every decision (in order), written concurrently.
    private func writeProfiles(_ decisions: [ResolutionDecision], article: Article, index: EntityIndex) async throws -> [Profile] {
        try await withThrowingTaskGroup(of: (Int, Profile).self) { group in
            for (position, decision) in decisions.enumerated() {
                let existing = decision.isMerge ? index.entities[decision.entityID] : nil
                group.addTask {
                    if let existing, let profile = existing.latestProfile {
                        return (position, try await profiles.update(profile, of: decision.entity, name: existing.record.name, from: article))
                    }
                    return (position, try await profiles.create(decision.entity, from: article))
                }
            }
            var result = [Profile?](repeating: nil, count: decisions.count)
            for try await (position, profile) in group { result[position] = profile }
            return result.map { $0! }
        }
    }

    private func store(_ commit: ArticleCommit) async throws {
        try await withOpenInferenceSpan("store", kind: .tool) { span in
            span.setTool(
                name: "store", description: "Write the article's entities, mentions and profile versions in one transaction",
                parameters: [
                    "article_id": commit.article.id, "entities": String(commit.entities.count),
                    "versions": String(commit.versions.count), "mentions": String(commit.mentions.count),
                ])
            try await store.commit(commit)
        }
    }
}
