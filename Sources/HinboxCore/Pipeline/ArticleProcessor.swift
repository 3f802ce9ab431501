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

    /// How each decision changes its entity, against the index it was decided on.
    func updates(_ resolved: [EntityResolver.Resolved], index: EntityIndex, now: Date) throws -> [EntityUpdate] {
        try resolved.map { outcome in
            guard let update = EntityUpdate(outcome, index: index, domain: domain, now: now) else {
                throw PipelineError("merge into \(outcome.decision.entityID), which the index does not hold")
            }
            return update
        }
    }

    /// Starts writing a profile for every decision. A merge builds on `base` (the version another
    /// article is still writing) or else on the entity's latest profile in `index`. With
    /// ``CallPlan/profilesPerCall`` above 1 the decisions are written in batches. With grounding
    /// on, each task ends with the profile as grounded (and perhaps revised) for the whole article.
    func startProfiles(
        _ resolved: [EntityResolver.Resolved], article: Article, index: EntityIndex,
        base: (String) async -> Task<Profile, any Error>?
    ) async -> [Task<Profile, any Error>] {
        var pending: [PendingProfile] = []
        for decision in resolved.map(\.decision) {
            let existing = decision.isMerge ? index.entities[decision.entityID] : nil
            let previous = existing != nil ? await base(decision.entityID) : nil
            pending.append(PendingProfile(decision: decision, existing: existing, previous: previous))
        }
        let written = startWriting(pending, article: article)
        guard let grounding, !written.isEmpty else { return written }
        let grounded = Task {
            let profiles = try await Self.values(of: written)
            var previous: [Profile?] = []
            for one in pending { previous.append(try await one.latest()) }
            return try await grounding.ground(profiles, entities: pending.map(\.entity), previous: previous, article: article)
        }
        return written.indices.map { position in
            Task { try await withTaskCancellationHandler { try await grounded.value[position] } onCancel: { grounded.cancel() } }
        }
    }

    /// A task per pending profile, written one by one or in batches.
    private func startWriting(_ pending: [PendingProfile], article: Article) -> [Task<Profile, any Error>] {
        guard plan.profilesPerCall > 1 else { return pending.map { one in Task { try await write(one, article: article) } } }
        return stride(from: 0, to: pending.count, by: plan.profilesPerCall).flatMap { start in
            let chunk = Array(pending[start..<min(start + plan.profilesPerCall, pending.count)])
            let batch = Task { [profiles, retry] in
                var items: [ProfileWriter.BatchItem] = []
                for one in chunk { items.append(ProfileWriter.BatchItem(entity: one.entity, existing: try await one.latest())) }
                return try await retry.run("profile.batch", article: article.id) { try await profiles.writeBatch(items, from: article) }
            }
            return chunk.enumerated().map { position, one in
                Task<Profile, any Error> { [plan] in
                    if let written = try await batch.value[position] { return written }
                    // One the batch reply left out is written alone — or, for a model that cannot
                    // repair its replies, noted without a call (asking again gives no better).
                    guard plan.repairs else { return ProfileWriter.mention(of: one.entity, existing: try await one.latest(), in: article) }
                    return try await write(one, article: article)
                }
            }
        }
    }

    /// A decision whose profile is to be written, with what it builds on.
    struct PendingProfile: Sendable {
        var decision: ResolutionDecision
        var existing: KnownEntity?
        var previous: Task<Profile, any Error>?

        /// The entity under its known name.
        var entity: ExtractedEntity {
            var entity = decision.entity
            if let existing { entity.name = existing.record.name }
            return entity
        }

        /// The profile the new version builds on (nil for a new entity). A failed previous version
        /// fails this one too, without a retry: its cause is elsewhere.
        func latest() async throws -> Profile? {
            if let previous { return try await previous.value }
            return existing?.latestProfile
        }
    }

    /// One entity's profile, alone, retried as a step.
    private func write(_ one: PendingProfile, article: Article) async throws -> Profile {
        let latest = try await one.latest()
        return try await retry.run("profile", article: article.id) {
            if let existing = one.existing, let latest {
                return try await profiles.update(latest, of: one.decision.entity, name: existing.record.name, from: article)
            }
            return try await profiles.create(one.decision.entity, from: article)
        }
    }

    /// Resolves, profiles and commits one article, one step after the other (the turn holds the
    /// index throughout). Used to redo an article after a rollback.
    func redo(
        _ article: Article, prepared: [EntityResolver.Prepared], index: EntityIndex, traceID: String?
    ) async throws -> Committed {
        let resolved = try await resolve(article, prepared: prepared, index: index)
        let now = Date()
        let updates = try updates(resolved, index: index, now: now)
        let tasks = await startProfiles(resolved, article: article, index: index) { _ in nil }
        let profiles = try await Self.values(of: tasks)
        return try await commit(article, resolved: resolved, updates: updates, profiles: profiles, traceID: traceID, now: now)
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
    /// transaction.
    func commit(
        _ article: Article, resolved: [EntityResolver.Resolved], updates: [EntityUpdate], profiles: [Profile],
        traceID: String?, now: Date
    ) async throws -> Committed {
        let finder = MentionFinder(text: article.content)
        var commit = ArticleCommit(article: ArticleRecord(article: article, status: .processed, runID: runID, traceID: traceID, processedAt: now))
        commit.decisions = resolved.map(\.record)
        var known: [KnownEntity] = []
        for ((outcome, update), profile) in zip(zip(resolved, updates), profiles) {
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
        return Committed(decisions: resolved.map(\.decision), known: known)
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
