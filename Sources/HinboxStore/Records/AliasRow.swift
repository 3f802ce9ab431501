import GRDB
import HinboxCore

/// A row of `alias`: another name of an entity, unique per entity by its normalised form.
struct AliasRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "alias"

    var entityID: String
    var alias: String
    var normalized: String

    enum CodingKeys: String, CodingKey {
        case entityID = "entity_id"
        case alias, normalized
    }

    enum Columns {
        static let entityID = Column(CodingKeys.entityID)
        static let alias = Column(CodingKeys.alias)
        static let normalized = Column(CodingKeys.normalized)
    }

    init(_ alias: AliasRecord) {
        entityID = alias.entityID
        self.alias = alias.alias
        normalized = alias.normalized
    }

    /// Inserts the alias unless the entity already has one with the same normalised form. Only
    /// that conflict is ignored: a missing entity still fails.
    func insertIfNew(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO alias (entity_id, alias, normalized) VALUES (?, ?, ?)
            ON CONFLICT(entity_id, normalized) DO NOTHING
            """).execute(arguments: [entityID, alias, normalized])
    }
}
