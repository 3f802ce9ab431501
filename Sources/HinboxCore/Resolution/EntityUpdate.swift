public import Foundation

/// What one resolution decision does to the entity it concerns: a new entity, or the merged one
/// with the incoming names absorbed, a fuller name made canonical and its vector refreshed.
///
/// The pipeline commits it (with a profile); `hinbox eval` replays it without profiles, so both
/// score and run the same resolver.
public struct EntityUpdate: Sendable {
    public var record: EntityRecord
    /// All aliases of the entity after the update, in the order they were first seen.
    public var aliases: [String]
    /// The vector this decision computed, to store (nil when it computed none).
    public var embedding: EntityEmbedding?
    /// The vector the entity has afterwards: the new one, else the one it had.
    public var currentEmbedding: EntityEmbedding?

    /// Nil when the decision merges into an entity `index` does not hold (the resolver never does).
    /// With `newVersion` false a merge keeps the entity's version number: its profile update is
    /// folded into a later version (``CallPlan/profileBlock``).
    public init?(_ outcome: EntityResolver.Resolved, index: EntityIndex, domain: DomainConfig, now: Date, newVersion: Bool = true) {
        let decision = outcome.decision
        let entity = decision.entity
        switch decision.action {
        case .create(let id):
            record = EntityRecord(
                id: id, type: entity.type, name: entity.name, key: entity.key.description, subtype: entity.subtype,
                tags: entity.tags, description: entity.description, startDate: entity.startDate, endDate: entity.endDate,
                currentVersion: 1, createdAt: now, updatedAt: now)
            aliases = entity.aliases.uniqued()
        case .merge(let id):
            guard let existing = index.entities[id] else { return nil }
            record = existing.record
            if newVersion { record.currentVersion += 1 }
            record.updatedAt = now
            record.tags = (record.tags + entity.tags).uniqued()
            let knownKeys = Set(([record.name] + existing.aliases).map(NameNormalizer.key))
            aliases = existing.aliases + ([entity.name] + entity.aliases).filter { !knownKeys.contains(NameNormalizer.key($0)) }.uniqued()
            // "Whitfield" known, "Dana Whitfield" arrives: the fuller name becomes canonical.
            // Never rename into a name another entity already carries.
            if CanonicalName.better(entity.name, than: record.name, stopwords: domain.resolution.acronymStopwords),
                !Self.nameTaken(entity.name, by: record, in: index)
            {
                aliases = ([record.name] + aliases).filter { NameNormalizer.key($0) != NameNormalizer.key(entity.name) }.uniqued()
                record.name = entity.name
                record.key = EntityKey(type: record.type, name: entity.name, date: record.startDate).description
            }
        }
        embedding = outcome.embedding.map {
            EntityEmbedding(entityID: record.id, model: $0.model, vector: $0.vector, evidence: $0.evidence)
        }
        currentEmbedding = embedding ?? (decision.isMerge ? index.entities[record.id]?.embedding : nil)
    }

    /// The entity as the index holds it after this update.
    public func knownEntity(latestProfile: Profile?) -> KnownEntity {
        KnownEntity(record: record, aliases: aliases, latestProfile: latestProfile, embedding: currentEmbedding)
    }

    /// Whether another entity of the type is already called `name`.
    private static func nameTaken(_ name: String, by record: EntityRecord, in index: EntityIndex) -> Bool {
        index.exactMatches(type: record.type, names: [name], date: record.startDate).contains { other in
            other != record.id && index.entities[other].map { NameNormalizer.key($0.record.name) == NameNormalizer.key(name) } == true
        }
    }
}
