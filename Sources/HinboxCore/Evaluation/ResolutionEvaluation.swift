import Foundation

/// One scoring unit: a (document, name, type) the gold mentions give — what an extractor would
/// hand the resolver for that document — with its gold identity and, after a run, the entity it
/// ended in.
public struct GoldItem: Sendable, Hashable, Codable {
    public var documentID: String
    public var type: EntityType
    /// The most frequent surface form of the item's mentions.
    public var name: String
    /// `NameNormalizer.key(name)`: mentions with the same key are one item.
    public var key: String
    /// The Wikipedia link most of its linked mentions carry; nil when all are NIL (not scored).
    public var link: String?
    public var mentions: Int
    /// The entity the resolver put it in (the system cluster); nil before a run.
    public var entityID: String?
    /// Why (`merge: exact`, `create: no candidate close enough`) and the best candidates the
    /// resolver weighed, for reading the errors.
    public var reason: String?
    public var candidates: [ResolutionCandidate]?

    public init(documentID: String, type: EntityType, name: String, link: String?, mentions: Int, entityID: String? = nil) {
        self.documentID = documentID
        self.type = type
        self.name = name
        self.key = NameNormalizer.key(name)
        self.link = link
        self.mentions = mentions
        self.entityID = entityID
    }

    /// The exact-name baseline's cluster: same type and same normalised name, across documents.
    public var baselineID: String { "\(type.rawValue)|\(key)" }
}

/// What one evaluation run measured.
public struct ResolutionEvaluationReport: Sendable, Codable {
    public var documents: Int
    /// Every item, NIL-linked ones included (they are resolved but not scored).
    public var items: [GoldItem]
    /// The resolver's clusters against gold links, over the linked items.
    public var system: ClusterScores
    /// Clusters by (type, normalised name), over the same items.
    public var baseline: ClusterScores
    /// Entities in the index at the end.
    public var entities: Int
    /// Resolver decisions (one per extracted entity) and how many merged into a known entity.
    public var decisions: Int
    public var merges: Int
    public var seconds: Double
}

/// Scores entity resolution in isolation: each document's gold mentions stand in for extraction,
/// ``EntityResolver`` resolves them against an in-memory ``EntityIndex`` built from the documents
/// before (updated exactly as the pipeline does, without profiles or a store), and the resulting
/// entity ids are compared with the gold Wikipedia links.
///
/// Units: an item is a (document, normalised surface name, type) of a named mention whose type
/// maps to person/organization/location. Its gold cluster is its link, its system cluster the
/// entity id it ended in. Items whose mentions are all NIL are resolved (they are in the index
/// like any entity) but not scored.
public struct ResolutionEvaluation: Sendable {
    public var resolver: EntityResolver
    /// Fold short forms into full names inside a document ("Trump" into "Donald Trump"), as the
    /// extraction quality check does before resolution.
    public var collapseAliases = true
    public var runID = "eval"
    /// The types resolved, in the pipeline's order.
    public static let types: [EntityType] = [.person, .organization, .location]

    public init(resolver: EntityResolver) {
        self.resolver = resolver
    }

    /// The items of one document, in order of first mention.
    public static func items(of document: GoldDocument) -> [GoldItem] {
        struct Group {
            var type: EntityType
            var surfaces: [(String, Int)] = []
            var links: [(String, Int)] = []
            var mentions = 0
        }
        var groups: [Group] = []
        var position: [String: Int] = [:]
        for mention in document.goldMentions where mention.isNamed {
            guard let type = GoldDocument.entityType(gold: mention.type) else { continue }
            let surface = mention.surface
            let key = NameNormalizer.key(surface)
            guard !key.isEmpty else { continue }
            let id = "\(type.rawValue)|\(key)"
            if position[id] == nil {
                position[id] = groups.count
                groups.append(Group(type: type))
            }
            let index = position[id]!
            groups[index].mentions += 1
            Self.count(surface, in: &groups[index].surfaces)
            if let link = mention.wikipedia, !link.isEmpty { Self.count(link, in: &groups[index].links) }
        }
        return groups.map { group in
            GoldItem(
                documentID: document.id, type: group.type, name: Self.mostFrequent(group.surfaces)!,
                link: Self.mostFrequent(group.links), mentions: group.mentions)
        }
    }

    /// The extracted entities standing for `items` (one type), and for each item the position of
    /// the entity it became.
    public func entities(for items: [GoldItem], type: EntityType) -> (entities: [ExtractedEntity], positions: [Int]) {
        var entities = items.map { ExtractedEntity(type: type, name: $0.name) }
        if collapseAliases { entities = AliasCollapse(type: type, domain: resolver.domain).collapse(entities) }
        let keys = entities.map { Set(([$0.name] + $0.aliases).map(NameNormalizer.key)) }
        let positions = items.map { item in keys.firstIndex { $0.contains(item.key) } ?? 0 }
        return (entities, positions)
    }

    /// Resolves every document in order and scores the result.
    public func run(_ documents: [GoldDocument], progress: (@Sendable (Int) -> Void)? = nil) async throws -> ResolutionEvaluationReport {
        let clock = ContinuousClock()
        let started = clock.now
        var index = EntityIndex()
        var scored: [GoldItem] = []
        var decisions = 0
        var merges = 0
        for (number, document) in documents.enumerated() {
            let article = document.article
            let items = Self.items(of: document)
            var resolved: [EntityResolver.Resolved] = []
            for type in Self.types {
                let ofType = items.filter { $0.type == type }
                guard !ofType.isEmpty else { continue }
                let (entities, positions) = entities(for: ofType, type: type)
                let results = try await resolver.resolve(entities, article: article, index: index, runID: runID)
                for (item, position) in zip(ofType, positions) {
                    var item = item
                    let result = results[position]
                    item.entityID = result.decision.entityID
                    item.reason = "\(result.decision.isMerge ? "merge" : "create"): \(result.decision.reason)"
                    item.candidates = Array(result.record.candidates.prefix(3))
                    scored.append(item)
                }
                resolved += results
            }
            decisions += resolved.count
            merges += resolved.filter(\.decision.isMerge).count
            for known in Self.knownEntities(after: resolved, index: index, domain: resolver.domain) { index.upsert(known) }
            progress?(number + 1)
        }
        let (system, baseline) = Self.score(scored)
        return ResolutionEvaluationReport(
            documents: documents.count, items: scored, system: system, baseline: baseline, entities: index.count,
            decisions: decisions, merges: merges, seconds: (clock.now - started).seconds)
    }

    /// System and exact-name baseline scores over the linked, resolved items.
    public static func score(_ items: [GoldItem]) -> (system: ClusterScores, baseline: ClusterScores) {
        let linked = items.filter { $0.link != nil && $0.entityID != nil }
        let gold = linked.map { $0.link! }
        return (
            ClusterScoring.score(gold: gold, system: linked.map { $0.entityID! }),
            ClusterScoring.score(gold: gold, system: linked.map(\.baselineID))
        )
    }

    /// The index entries after one article's decisions, as the pipeline builds them, without profiles.
    static func knownEntities(after resolved: [EntityResolver.Resolved], index: EntityIndex, domain: DomainConfig) -> [KnownEntity] {
        let now = Date()
        return resolved.compactMap { EntityUpdate($0, index: index, domain: domain, now: now)?.knownEntity(latestProfile: nil) }
    }

    private static func count(_ value: String, in counts: inout [(String, Int)]) {
        if let index = counts.firstIndex(where: { $0.0 == value }) {
            counts[index].1 += 1
        } else {
            counts.append((value, 1))
        }
    }

    /// The most frequent value; ties go to the one seen first.
    private static func mostFrequent(_ counts: [(String, Int)]) -> String? {
        var best: (String, Int)?
        for entry in counts where entry.1 > (best?.1 ?? 0) { best = entry }
        return best?.0
    }
}

extension Duration {
    /// The duration in seconds.
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// An ``Embedder`` that remembers every vector by its text, so repeated runs over the same
/// documents (policy variants) embed each evidence text once.
public struct CachingEmbedder: Embedder {
    public let base: any Embedder
    private let cache = Cache()

    public init(_ base: any Embedder) {
        self.base = base
    }

    public var descriptor: ModelDescriptor { base.descriptor }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        let missing = await cache.missing(texts)
        if !missing.isEmpty {
            let vectors = try await base.embed(missing)
            await cache.store(missing, vectors)
        }
        return try await cache.vectors(texts)
    }

    private actor Cache {
        var vectors: [String: [Float]] = [:]

        func missing(_ texts: [String]) -> [String] {
            var seen: Set<String> = []
            return texts.filter { vectors[$0] == nil && seen.insert($0).inserted }
        }

        func store(_ texts: [String], _ values: [[Float]]) {
            for (text, vector) in zip(texts, values) { vectors[text] = vector }
        }

        func vectors(_ texts: [String]) throws -> [[Float]] {
            try texts.map { text in
                guard let vector = vectors[text] else { throw ConfigError("the embedder returned fewer vectors than texts") }
                return vector
            }
        }
    }
}
