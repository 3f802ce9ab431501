import Foundation
import GRDB
import HinboxCore

/// A row of `profile_version`: one immutable version of an entity's profile.
struct ProfileVersionRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "profile_version"

    var entityID: String
    var version: Int
    var text: String
    /// Stored as JSON text.
    var tags: [String]
    var confidence: Double
    /// Stored as JSON text.
    var sources: [String]
    var triggerArticleID: String
    var runID: String
    var createdAt: Date
    /// Stored as JSON text; nil when the version was not checked.
    var grounding: Grounding?
    /// Stored as JSON text; nil when the version covers its trigger article alone.
    var covers: [String]?

    enum CodingKeys: String, CodingKey {
        case entityID = "entity_id"
        case version, text, tags, confidence, sources
        case triggerArticleID = "trigger_article_id"
        case runID = "run_id"
        case createdAt = "created_at"
        case grounding, covers
    }

    enum Columns {
        static let entityID = Column(CodingKeys.entityID)
        static let version = Column(CodingKeys.version)
    }

    /// Read by hand (see `Row.strings`), column by column: the Codable path was most of a list page's decoding.
    init(row: Row) throws {
        entityID = try row.decode(forColumn: CodingKeys.entityID.rawValue)
        version = try row.decode(forColumn: CodingKeys.version.rawValue)
        text = try row.decode(forColumn: CodingKeys.text.rawValue)
        tags = try row.strings(CodingKeys.tags.rawValue, table: Self.databaseTableName)
        confidence = try row.decode(forColumn: CodingKeys.confidence.rawValue)
        sources = try row.strings(CodingKeys.sources.rawValue, table: Self.databaseTableName)
        triggerArticleID = try row.decode(forColumn: CodingKeys.triggerArticleID.rawValue)
        runID = try row.decode(forColumn: CodingKeys.runID.rawValue)
        createdAt = try row.decode(forColumn: CodingKeys.createdAt.rawValue)
        grounding = try row.json(Grounding.self, CodingKeys.grounding.rawValue, of: Self.self)
        covers = try row.json([String].self, CodingKeys.covers.rawValue, of: Self.self)
    }

    init(_ version: ProfileVersionRecord) {
        entityID = version.entityID
        self.version = version.version
        text = version.profile.text
        tags = version.profile.tags
        confidence = version.profile.confidence
        sources = version.profile.sources
        triggerArticleID = version.triggerArticleID
        runID = version.runID
        createdAt = version.createdAt
        grounding = version.profile.grounding
        covers = version.foldedCovers
    }

    var profile: Profile { Profile(text: text, tags: tags, confidence: confidence, sources: sources, grounding: grounding) }

    var record: ProfileVersionRecord {
        ProfileVersionRecord(
            entityID: entityID, version: version, profile: profile,
            triggerArticleID: triggerArticleID, covers: covers, runID: runID, createdAt: createdAt)
    }
}
