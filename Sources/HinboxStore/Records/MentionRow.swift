import GRDB
import HinboxCore

/// A row of `mention`: an entity mentioned by an article, unique per (entity, article).
struct MentionRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "mention"

    var entityID: String
    var articleID: String
    var surfaceName: String
    var evidence: String
    var pendingProfile: Bool

    enum CodingKeys: String, CodingKey {
        case entityID = "entity_id"
        case articleID = "article_id"
        case surfaceName = "surface_name"
        case evidence
        case pendingProfile = "pending_profile"
    }

    enum Columns {
        static let entityID = Column(CodingKeys.entityID)
        static let articleID = Column(CodingKeys.articleID)
        static let surfaceName = Column(CodingKeys.surfaceName)
        static let pendingProfile = Column(CodingKeys.pendingProfile)
    }

    init(_ mention: MentionRecord) {
        entityID = mention.entityID
        articleID = mention.articleID
        surfaceName = mention.surfaceName
        evidence = mention.evidence
        pendingProfile = mention.pendingProfile
    }

    var record: MentionRecord {
        MentionRecord(entityID: entityID, articleID: articleID, surfaceName: surfaceName, evidence: evidence, pendingProfile: pendingProfile)
    }

    /// Inserts the mention, or replaces the surface name, evidence and pending flag of the same
    /// (entity, article).
    func upsertPair(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO mention (entity_id, article_id, surface_name, evidence, pending_profile) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(entity_id, article_id) DO UPDATE SET
                surface_name = excluded.surface_name, evidence = excluded.evidence, pending_profile = excluded.pending_profile
            """).execute(arguments: [entityID, articleID, surfaceName, evidence, pendingProfile])
    }

    /// Marks the profile update of a mention as done (a folded version took it in).
    static func markFolded(_ key: MentionKey, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE mention SET pending_profile = 0 WHERE entity_id = ? AND article_id = ?")
            .execute(arguments: [key.entityID, key.articleID])
    }
}
