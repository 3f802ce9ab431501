import Foundation
import HinboxTracing
import Tracing

/// Decides, for each entity an article produced, whether it is a known entity (merge) or a new
/// one (create): evidence text → embedding → candidates → per-type policy → LLM match check in
/// the uncertain band. A rejected match creates a new entity; nothing is dropped or overwritten.
///
/// Traced as CHAIN `evidence.<type>` with the EMBEDDING call (ahead of the article's turn), then
/// CHAIN `resolve.<type>` with one TOOL `search_candidates` per entity and the `match_check`
/// calls (in the turn).
public struct EntityResolver: Sendable {
    public var domain: DomainConfig
    /// Nil resolves by names alone.
    public var embedder: (any Embedder)?
    /// Nil skips the match check: uncertain candidates are not merged.
    public var matchChecker: MatchChecker?
    public var policy = ResolutionPolicy()

    public init(domain: DomainConfig, embedder: (any Embedder)?, matchChecker: MatchChecker?) {
        self.domain = domain
        self.embedder = embedder
        self.matchChecker = matchChecker
    }

    /// One entity's outcome: the decision, its record, and its evidence vector.
    public struct Resolved: Sendable {
        public var decision: ResolutionDecision
        public var record: ResolutionRecord
        public var embedding: (vector: [Float], model: String, evidence: String)?
    }

    /// One type's entities of one article with their evidence embedded, ready to be decided in
    /// the article's resolve turn. Plain data: it can be decided again after a retry or a rollback.
    public struct Prepared: Sendable, Codable, Equatable {
        public var type: EntityType
        public var entities: [ExtractedEntity]
        var evidence: [String]
        var vectors: [[Float]]?
        var model: String?
    }

    /// Embeds the evidence of `entities` (one type) in a CHAIN `evidence.<type>` span (no span
    /// without an embedder). Needs no index, so it runs ahead of the article's turn. Nil when
    /// there is nothing to resolve.
    public func prepare(_ entities: [ExtractedEntity], article: Article) async throws -> Prepared? {
        guard let type = entities.first?.type else { return nil }
        let mentions = MentionFinder(text: article.content)
        let evidence = entities.map { EvidenceText.text(for: $0, mentions: mentions) }
        guard let embedder else { return Prepared(type: type, entities: entities, evidence: evidence, vectors: nil, model: nil) }
        return try await withOpenInferenceSpan("evidence.\(type.rawValue)", kind: .chain) { span in
            span.setInput(json: entities.map(\.name))
            let vectors = try await embedder.embed(evidence)
            return Prepared(type: type, entities: entities, evidence: evidence, vectors: vectors, model: embedder.descriptor.description)
        }
    }

    /// Looks up the profile an entity has or is about to get (it may still be being written).
    public typealias ProfileLookup = @Sendable (_ entityID: String) async -> Profile?

    /// Decides each prepared entity against `index` (the article's turn), in a CHAIN
    /// `resolve.<type>` span. `profileOf` supplies candidates' profiles to the match check when
    /// the index's may be stale.
    public func resolve(
        _ prepared: Prepared, article: Article, index: EntityIndex, runID: String, profileOf: ProfileLookup? = nil
    ) async throws -> [Resolved] {
        try await withOpenInferenceSpan("resolve.\(prepared.type.rawValue)", kind: .chain) { span in
            span.setInput(json: prepared.entities.map(\.name))
            let results = try await decide(prepared, article: article, index: index, runID: runID, profileOf: profileOf)
            span.setOutput(json: results.map { "\($0.decision.isMerge ? "MERGE" : "NEW") \($0.decision.entity.name) (\($0.decision.reason))" })
            return results
        }
    }

    /// ``prepare(_:article:)`` then ``resolve(_:article:index:runID:profileOf:)``.
    public func resolve(_ entities: [ExtractedEntity], article: Article, index: EntityIndex, runID: String) async throws -> [Resolved] {
        guard let prepared = try await prepare(entities, article: article) else { return [] }
        return try await resolve(prepared, article: article, index: index, runID: runID)
    }

    private func decide(
        _ prepared: Prepared, article: Article, index: EntityIndex, runID: String, profileOf: ProfileLookup?
    ) async throws -> [Resolved] {
        let (type, entities, evidence, vectors, model) = (prepared.type, prepared.entities, prepared.evidence, prepared.vectors, prepared.model)
        let threshold = domain.resolution.thresholds[type] ?? 0.8
        var claimed: Set<String> = []
        var created: Set<String> = []
        var results: [Resolved] = []
        for (position, entity) in entities.enumerated() {
            let vector = vectors?[position]
            let candidates = await search(entity, vector: vector, model: model, index: index, threshold: threshold)
            var chosen: (id: String, reason: String)?
            var check: MatchCheckResult?
            for candidate in candidates where !claimed.contains(candidate.entityID) {
                switch policy.verdict(for: candidate, threshold: threshold, lexicalCutoff: domain.resolution.lexicalCutoff) {
                case .merge(let via):
                    chosen = (candidate.entityID, via)
                case .uncertain:
                    guard let matchChecker, var known = index.entities[candidate.entityID] else { continue }
                    if let profileOf { known.latestProfile = await profileOf(candidate.entityID) }
                    let verdict = try await matchChecker.check(entity, evidence: evidence[position], against: known)
                    check = verdict
                    if verdict.isMatch { chosen = (candidate.entityID, "match check") }
                case .reject:
                    continue
                }
                if chosen != nil { break }
            }
            let action: ResolutionDecision.Action
            let reason: String
            if let chosen {
                claimed.insert(chosen.id)
                action = .merge(entityID: chosen.id)
                reason = chosen.reason
            } else {
                var id = EntityIdentity.newID(for: entity, articleID: article.id)
                // A reprocessed article may create what it created before; never reuse a known id.
                var suffix = 2
                while index.entities[id] != nil || created.contains(id) {
                    id = "\(EntityIdentity.newID(for: entity, articleID: article.id))_\(suffix)"
                    suffix += 1
                }
                created.insert(id)
                action = .create(entityID: id)
                reason = candidates.isEmpty ? "no candidate" : (check.map { "match check said different: \($0.reason)" } ?? "no candidate close enough")
            }
            let decision = ResolutionDecision(entity: entity, action: action, reason: reason)
            let record = ResolutionRecord(
                runID: runID, articleID: article.id, entityType: type, incomingName: entity.name,
                action: decision.isMerge ? "merge" : "create", entityID: decision.entityID, reason: reason,
                threshold: threshold, candidates: candidates, matchCheck: check, createdAt: Date())
            results.append(Resolved(
                decision: decision, record: record,
                embedding: vector.flatMap { v in model.map { (v, $0, evidence[position]) } }))
        }
        return results
    }

    private func search(_ entity: ExtractedEntity, vector: [Float]?, model: String?, index: EntityIndex, threshold: Double) async -> [ResolutionCandidate] {
        await withOpenInferenceSpan("search_candidates", kind: .tool) { span in
            span.setTool(
                name: "search_candidates",
                description: "Known entities by exact name/alias, equivalence group, acronym, shared words and nearest evidence vectors",
                parameters: ["entity_type": entity.type.rawValue, "name": entity.name, "threshold": String(threshold), "known": String(index.count)])
            let candidates = CandidateSearch(domain: domain).candidates(for: entity, vector: vector, model: model, in: index)
            span.setOutput(json: candidates)
            span.attributes["hinbox.resolution.threshold"] = threshold
            span.attributes["hinbox.resolution.candidates"] = candidates.count
            if let best = candidates.first {
                span.attributes["hinbox.resolution.best_lexical"] = best.lexical
                if let cos = best.cosine { span.attributes["hinbox.resolution.best_cosine"] = cos }
            }
            return candidates
        }
    }
}

/// Stable entity ids: the same input always gives the same ids.
public enum EntityIdentity {
    public static func newID(for entity: ExtractedEntity, articleID: String) -> String {
        "\(entity.type.idPrefix)_\(Hashing.sha256Hex("\(entity.key.description)|\(articleID)").prefix(10))"
    }
}

/// Picks the better of two names for an entity: a full name over a surname or an acronym, a name
/// that contains the other's words over the shorter one.
public enum CanonicalName {
    public static func better(_ incoming: String, than existing: String, stopwords: [String]) -> Bool {
        let variants = NameVariants(stopwords: stopwords)
        if variants.isAcronym(existing, of: incoming) { return true }
        if variants.isAcronym(incoming, of: existing) { return false }
        let incomingWords = EntityIndex.words(incoming)
        let existingWords = EntityIndex.words(existing)
        return incomingWords.count > existingWords.count && Set(existingWords).isSubset(of: Set(incomingWords))
    }
}
