/// The resolver's in-memory view of every known entity, keyed for exact matching.
///
/// Loaded once per run from the store; the pipeline updates it after each article commits, in
/// article order, so every article is resolved against exactly the articles before it.
public struct EntityIndex: Sendable {
    public private(set) var entities: [String: KnownEntity] = [:]
    /// `EntityKey.description` of names and aliases → entity ids, oldest first.
    private var idsByKey: [String: [String]] = [:]

    public init(_ known: [KnownEntity] = []) {
        for entity in known { upsert(entity) }
    }

    public var count: Int { entities.count }

    /// Adds or replaces an entity and indexes its name and aliases.
    public mutating func upsert(_ entity: KnownEntity) {
        let id = entity.record.id
        entities[id] = entity
        for key in Self.keys(of: entity) where !(idsByKey[key]?.contains(id) ?? false) {
            idsByKey[key, default: []].append(id)
        }
    }

    /// Ids of entities whose name or an alias has the same key as the incoming entity's name or
    /// one of its aliases, oldest first.
    public func exactMatches(for entity: ExtractedEntity) -> [String] {
        var result: [String] = []
        for name in [entity.name] + entity.aliases {
            let key = EntityKey(type: entity.type, name: name, date: entity.type == .event ? entity.startDate : nil).description
            for id in idsByKey[key] ?? [] where !result.contains(id) { result.append(id) }
        }
        return result
    }

    private static func keys(of entity: KnownEntity) -> [String] {
        let record = entity.record
        let date = record.type == .event ? record.startDate : nil
        return ([record.name] + entity.aliases).map { EntityKey(type: record.type, name: $0, date: date).description }
    }
}
