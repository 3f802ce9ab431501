import GRDB
import HinboxCore

/// A row of `mention`: an entity mentioned by an article, unique per (entity, article).
struct MentionRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "mention"

    var entityID: String
    var articleID: String
    var surfaceName: String
    var evidence: String

    enum CodingKeys: String, CodingKey {
        case entityID = "entity_id"
        case articleID = "article_id"
        case surfaceName = "surface_name"
        case evidence
    }

    enum Columns {
        static let entityID = Column(CodingKeys.entityID)
        static let articleID = Column(CodingKeys.articleID)
        static let surfaceName = Column(CodingKeys.surfaceName)
    }

    init(_ mention: MentionRecord) {
        entityID = mention.entityID
        articleID = mention.articleID
        surfaceName = mention.surfaceName
        evidence = mention.evidence
    }

    var record: MentionRecord {
        MentionRecord(entityID: entityID, articleID: articleID, surfaceName: surfaceName, evidence: evidence)
    }

    /// Inserts the mention, or replaces the surface name and evidence of the same (entity, article).
    func upsertPair(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO mention (entity_id, article_id, surface_name, evidence) VALUES (?, ?, ?, ?)
            ON CONFLICT(entity_id, article_id) DO UPDATE SET
                surface_name = excluded.surface_name, evidence = excluded.evidence
            """).execute(arguments: [entityID, articleID, surfaceName, evidence])
    }
}
