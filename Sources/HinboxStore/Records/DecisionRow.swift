import Foundation
import GRDB
import HinboxCore

/// A row of `resolution_decision`: how one extracted name was resolved (created or merged).
struct DecisionRow: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "resolution_decision"

    var id: Int64?
    var runID: String
    var articleID: String
    var entityType: String
    var incomingName: String
    var action: String
    var entityID: String
    var reason: String
    var threshold: Double
    /// Stored as a JSON array.
    var candidates: [ResolutionCandidate]
    /// Stored as JSON, or NULL.
    var matchCheck: MatchCheckResult?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case runID = "run_id"
        case articleID = "article_id"
        case entityType = "entity_type"
        case incomingName = "incoming_name"
        case action
        case entityID = "entity_id"
        case reason, threshold, candidates
        case matchCheck = "match_check"
        case createdAt = "created_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let entityID = Column(CodingKeys.entityID)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    init(_ decision: ResolutionRecord) {
        runID = decision.runID
        articleID = decision.articleID
        entityType = decision.entityType.rawValue
        incomingName = decision.incomingName
        action = decision.action
        entityID = decision.entityID
        reason = decision.reason
        threshold = decision.threshold
        candidates = decision.candidates
        matchCheck = decision.matchCheck
        createdAt = decision.createdAt
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func record() throws -> ResolutionRecord {
        guard let type = EntityType(rawValue: entityType) else {
            throw StoreError.corruptValue(
                table: "resolution_decision", id: id.map(String.init) ?? "?", column: "entity_type", value: entityType)
        }
        return ResolutionRecord(
            runID: runID, articleID: articleID, entityType: type, incomingName: incomingName, action: action,
            entityID: entityID, reason: reason, threshold: threshold, candidates: candidates, matchCheck: matchCheck,
            createdAt: createdAt)
    }

    /// Whether a decision with the same (run, article, type, incoming name) is already stored.
    func isDuplicate(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM resolution_decision
                WHERE run_id = ? AND article_id = ? AND entity_type = ? AND incoming_name = ?)
            """), arguments: [runID, articleID, entityType, incomingName]) ?? false
    }
}
