import Foundation
import HinboxTracing
import Tracing

/// The steps of one article: extract, embed evidence, resolve against the index, write or update
/// profiles, and commit everything in one transaction. ``Pipeline`` decides what runs when; each
/// model step is tried again in place by ``retry`` when it fails transiently.
struct ArticleProcessor: Sendable {
    var runID: String
    var retry: StepRetry
    var plan: CallPlan
    var extractor: EntityExtractor
    var resolver: EntityResolver
    var profiles: ProfileWriter
    /// Checks the article's new profiles against it; nil when grounding is off.
    var grounding: ProfileGrounding?
    var store: any KnowledgeStore
    var domain: DomainConfig

    /// Extracts every entity type of the domain: concurrently, a call per type, or in one call
    /// (``CallPlan/combinedExtraction``).
    func extractAll(from article: Article) async throws -> [EntityType: [ExtractedEntity]] {
        if plan.combinedExtraction {
            return try await retry.run("extract.all", article: article.id) {
                try await extractor.extractCombined(domain.entityTypes, from: article)
            }
        }
        return try await withThrowingTaskGroup(of: (EntityType, [ExtractedEntity]).self) { group in
            for type in domain.entityTypes {
                group.addTask {
                    (type, try await retry.run("extract.\(type.rawValue)", article: article.id) {
                        try await extractor.extract(type, from: article).entities
                    })
                }
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
                group.addTask {
                    (position, try await retry.run("evidence.\(type.rawValue)", article: article.id) {
                        try await resolver.prepare(extracted[type] ?? [], article: article)
                    })
                }
            }
            var result = [EntityResolver.Prepared?](repeating: nil, count: types.count)
            for try await (position, prepared) in group { result[position] = prepared }
            return result.compactMap { $0 }
        }
    }

    /// What committing one article stored.
    struct Committed: Sendable {
        var decisions: [ResolutionDecision]
        var known: [KnownEntity]
        /// Profile versions written.
        var versions = 0
    }

    /// Decides every prepared type against `index`, in order. The whole resolution is one step:
    /// deciding again against the same index gives the same decisions.
    func resolve(
        _ article: Article, prepared: [EntityResolver.Prepared], index: EntityIndex, profileOf: EntityResolver.ProfileLookup? = nil
    ) async throws -> [EntityResolver.Resolved] {
        try await retry.run("resolve", article: article.id) {
            var resolved: [EntityResolver.Resolved] = []
            for next in prepared {
                resolved += try await resolver.resolve(next, article: article, index: index, runID: runID, profileOf: profileOf)
            }
            return resolved
        }
    }

    /// How each decision changes its entity, against the index it was decided on. A merge keeps
    /// the version number: its update waits for the end of its block (``schedule(_:updates:article:position:foldThrough:blocks:waiting:index:now:)``).
    func updates(_ resolved: [EntityResolver.Resolved], index: EntityIndex, now: Date) throws -> [EntityUpdate] {
        try resolved.map { outcome in
            guard let update = EntityUpdate(outcome, index: index, domain: domain, now: now, newVersion: false) else {
                throw PipelineError("merge into \(outcome.decision.entityID), which the index does not hold")
            }
            return update
        }
    }

    /// Resolves, profiles and commits one article, one step after the other (the turn holds the
    /// index throughout). Used to redo an article after a rollback.
    func redo(
        _ article: Article, at place: ArticlePlace, prepared: [EntityResolver.Prepared], index: EntityIndex,
        waiting: [String: [WaitingMention]], traceID: String?
    ) async throws -> (committed: Committed, schedule: VersionSchedule) {
        let resolved = try await resolve(article, prepared: prepared, index: index)
        let now = Date()
        let updates = try updates(resolved, index: index, now: now)
        let schedule = schedule(
            resolved, updates: updates, article: article, position: place.position, foldThrough: place.foldThrough, blocks: place.blocks,
            waiting: waiting, index: index, now: now)
        let tasks = await startProfiles(schedule.versions, article: article, index: index) { _ in nil }
        let profiles = try await Self.values(of: tasks.map(\.final))
        let committed = try await commit(
            article, resolved: resolved, updates: updates, schedule: schedule, profiles: profiles, traceID: traceID, now: now)
        return (committed, schedule)
    }

    /// The profiles, in order; cancelling the caller cancels the writing.
    static func values(of tasks: [Task<Profile, any Error>]) async throws -> [Profile] {
        try await withTaskCancellationHandler {
            var profiles: [Profile] = []
            for task in tasks { profiles.append(try await task.value) }
            return profiles
        } onCancel: {
            for task in tasks { task.cancel() }
        }
    }

    /// Writes the article, its decisions, entities, aliases, mentions, versions and vectors in one
    /// transaction. `profiles` are the scheduled versions' profiles, in order.
    func commit(
        _ article: Article, resolved: [EntityResolver.Resolved], updates: [EntityUpdate], schedule: VersionSchedule, profiles: [Profile],
        traceID: String?, now: Date
    ) async throws -> Committed {
        let finder = MentionFinder(text: article.content)
        var commit = ArticleCommit(article: ArticleRecord(article: article, status: .processed, runID: runID, traceID: traceID, processedAt: now))
        commit.decisions = resolved.map(\.record)
        let folded = Set(schedule.folded)
        for (outcome, update) in zip(resolved, updates) {
            let entity = outcome.decision.entity
            let id = update.record.id
            commit.aliases += update.aliases.map { AliasRecord(entityID: id, alias: $0) }
            commit.mentions.append(MentionRecord(
                entityID: id, articleID: article.id, surfaceName: entity.name,
                evidence: finder.evidence(for: [entity.name] + entity.aliases),
                pendingProfile: outcome.decision.isMerge && !folded.contains(MentionKey(entityID: id, articleID: article.id))))
            if let embedding = update.embedding { commit.embeddings.append(embedding) }
        }
        var known = schedule.touched
        for (version, profile) in zip(schedule.versions, profiles) {
            let record = version.entity.record
            commit.versions.append(ProfileVersionRecord(
                entityID: record.id, version: record.currentVersion, profile: profile, triggerArticleID: article.id,
                covers: version.articles.map(\.id), runID: runID, createdAt: now))
            if let position = known.firstIndex(where: { $0.record.id == record.id }) { known[position].latestProfile = profile }
        }
        commit.entities = known.map(\.record)
        commit.folded = schedule.folded
        try await store(commit)
        return Committed(decisions: resolved.map(\.decision), known: known, versions: commit.versions.count)
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
