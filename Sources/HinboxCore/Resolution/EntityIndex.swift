/// The resolver's in-memory view of every known entity, indexed for candidate search: exact
/// name/alias keys, name tokens, acronyms, and evidence vectors.
///
/// Loaded once per run from the store; the pipeline updates it after each article commits, in
/// article order, so every article is resolved against exactly the articles before it.
public struct EntityIndex: Sendable {
    public private(set) var entities: [String: KnownEntity] = [:]
    /// `EntityKey.description` of names and aliases → entity ids, oldest first.
    private var idsByKey: [String: [String]] = [:]
    /// `type|token` of name and alias words → entity ids.
    private var idsByToken: [String: [String]] = [:]
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
        for key in Self.keys(of: entity) where !(idsByKey[key]?.contains(id) ?? false) {
            idsByKey[key, default: []].append(id)
        }
        for token in Self.tokens(of: entity) where !(idsByToken[token]?.contains(id) ?? false) {
            idsByToken[token, default: []].append(id)
        }
    }

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
        // A set, not `result.contains`: a common word ("county") can match thousands of entities.
        var result: [String] = []
        var seen: Set<String> = []
        for name in names {
            for token in Self.searchTokens(name) {
                for id in idsByToken["\(type.rawValue)|\(token)"] ?? [] where seen.insert(id).inserted { result.append(id) }
            }
        }
        return result
    }

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

    private static func tokens(of entity: KnownEntity) -> [String] {
        ([entity.record.name] + entity.aliases).flatMap(searchTokens).map { "\(entity.record.type.rawValue)|\($0)" }
    }

    /// A name's words plus its acronym, so an acronym and its expansion share a token.
    static func searchTokens(_ name: String) -> [String] {
        let acronym = NameVariants().acronym(of: name)
        return words(name) + (acronym.count >= 2 ? [acronym] : [])
    }
}
