/// The resolver's in-memory view of every known entity, indexed for candidate search: exact
/// name/alias keys, name tokens, acronyms, and evidence vectors.
///
/// Loaded once per run from the store; the pipeline updates it after each article commits, in
/// article order, so every article is resolved against exactly the articles before it.
public struct EntityIndex: Sendable {
    public private(set) var entities: [String: KnownEntity] = [:]
    /// `EntityKey.description` of names and aliases → entity ids, oldest first.
    private var idsByKey: [String: [String]] = [:]
    /// Name and alias words (and acronyms) → entity ids, per type, oldest first.
    private var idsByToken: [EntityType: [String: [String]]] = [:]
    /// Each entity's name then aliases, normalised once here rather than on every lookup.
    private var namesByID: [String: [NameFeatures]] = [:]
    /// Entity ids per type, oldest first.
    private var idsByType: [EntityType: [String]] = [:]
    /// Evidence vectors, contiguous per type and model, for the nearest-vector scan.
    private var vectors = VectorSearchIndex()

    public init(_ known: [KnownEntity] = []) {
        for entity in known { upsert(entity) }
    }

    public var count: Int { entities.count }

    /// Adds or replaces an entity and indexes its names.
    public mutating func upsert(_ entity: KnownEntity) {
        let id = entity.record.id
        if entities[id] == nil { idsByType[entity.record.type, default: []].append(id) }
        entities[id] = entity
        vectors.upsert(id: id, type: entity.record.type, embedding: entity.embedding)
        let names = ([entity.record.name] + entity.aliases).map(NameFeatures.init)
        namesByID[id] = names
        for key in Self.keys(of: entity) where !(idsByKey[key]?.contains(id) ?? false) {
            idsByKey[key, default: []].append(id)
        }
        let type = entity.record.type
        for token in names.flatMap(\.searchTokens) where !(idsByToken[type]?[token]?.contains(id) ?? false) {
            idsByToken[type, default: [:]][token, default: []].append(id)
        }
    }

    /// The entity's name then its aliases, normalised (as of its last upsert).
    func names(of id: String) -> [NameFeatures]? { namesByID[id] }

    /// Ids of entities whose name or an alias has the same key as one of `names`, oldest first.
    public func exactMatches(type: EntityType, names: [String], date: String?) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        for name in names {
            for id in idsByKey[EntityKey(type: type, name: name, date: date).description] ?? [] where seen.insert(id).inserted {
                result.append(id)
            }
        }
        return result
    }

    /// Ids of entities whose name or an alias has the same key as the incoming entity's name or
    /// one of its aliases, oldest first.
    public func exactMatches(for entity: ExtractedEntity) -> [String] {
        exactMatches(type: entity.type, names: [entity.name] + entity.aliases, date: entity.type == .event ? entity.startDate : nil)
    }

    /// Ids of entities of `type` sharing a name word (or an acronym: "RWA" ↔ "Ridgeport Water
    /// Authority") with `names`, oldest first.
    public func tokenMatches(type: EntityType, names: [String]) -> [String] {
        tokenMatches(type: type, names: names.map(NameFeatures.init), limits: .unlimited)
    }

    /// Ids of entities of `type` sharing a search token with `names`, oldest first per token, from
    /// the tokens `limits` admits (see ``TokenLimits``).
    func tokenMatches(type: EntityType, names: [NameFeatures], limits: TokenLimits) -> [String] {
        guard let postings = idsByToken[type] else { return [] }
        let tokens = limits.admitted(names.flatMap(\.searchTokens), postingCount: { postings[$0]?.count ?? 0 })
        // A set, not `result.contains`: a token can match hundreds of entities.
        var result: [String] = []
        var seen: Set<String> = []
        for token in tokens {
            for id in postings[token] ?? [] where seen.insert(id).inserted { result.append(id) }
        }
        return result
    }

    /// How many entities of `type` have `token` ("authority", or an acronym) among their search tokens.
    func postingCount(type: EntityType, token: String) -> Int { idsByToken[type]?[token]?.count ?? 0 }

    /// All ids of one type, oldest first.
    public func ids(of type: EntityType) -> [String] { idsByType[type] ?? [] }

    /// Up to `count` entities of `type` whose evidence vectors from `model` are closest to
    /// `vector` (dot product of unit vectors), best first; equal scores, oldest first.
    public func nearestVectors(to vector: [Float], model: String, type: EntityType, count: Int) -> [(id: String, score: Double)] {
        vectors.nearest(to: vector, model: model, type: type, count: count)
    }

    /// Words that carry identity (stop words and 1-letter words left out).
    static func words(_ name: String) -> [String] {
        NameNormalizer.key(name).split(separator: " ").map(String.init).filter { $0.count > 1 && !stopwords.contains($0) }
    }

    static let stopwords: Set<String> = ["of", "the", "and", "for", "on", "in", "at", "to", "de", "la", "le", "du", "von", "van", "a", "an"]

    private static func keys(of entity: KnownEntity) -> [String] {
        let record = entity.record
        let date = record.type == .event ? record.startDate : nil
        return ([record.name] + entity.aliases).map { EntityKey(type: record.type, name: $0, date: date).description }
    }

}

extension NameFeatures {
    /// The name's words plus its acronym, so an acronym and its expansion share a token.
    var searchTokens: [String] { acronym.count >= 2 ? words + [acronym] : words }
}
