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

    /// Read by hand, the JSON columns with hinbox's parser: the Codable path (a JSONDecoder per
    /// row for the candidates) was the largest single cost of an entity page (perf, issue 14).
    init(row: Row) throws {
        id = row[CodingKeys.id.rawValue]
        runID = try row.decode(forColumn: CodingKeys.runID.rawValue)
        articleID = try row.decode(forColumn: CodingKeys.articleID.rawValue)
        entityType = try row.decode(forColumn: CodingKeys.entityType.rawValue)
        incomingName = try row.decode(forColumn: CodingKeys.incomingName.rawValue)
        action = try row.decode(forColumn: CodingKeys.action.rawValue)
        entityID = try row.decode(forColumn: CodingKeys.entityID.rawValue)
        reason = try row.decode(forColumn: CodingKeys.reason.rawValue)
        threshold = try row.decode(forColumn: CodingKeys.threshold.rawValue)
        createdAt = try row.decode(forColumn: CodingKeys.createdAt.rawValue)
        let stored: String = try row.decode(forColumn: CodingKeys.candidates.rawValue)
        let rowID = id.map(String.init) ?? "?"
        func corrupt(_ column: CodingKeys, _ value: String) -> StoreError {
            StoreError.corruptValue(table: Self.databaseTableName, id: rowID, column: column.rawValue, value: value)
        }
        if stored == "[]" {
            candidates = []
        } else {
            guard let items = JSONValue.parse(stored)?.arrayValue else { throw corrupt(.candidates, stored) }
            candidates = try items.map { item in
                guard let entityID = item["entityID"]?.stringValue, let name = item["name"]?.stringValue,
                      let lexical = item["lexical"]?.doubleValue, let via = item["via"]?.stringValue
                else { throw corrupt(.candidates, stored) }
                return ResolutionCandidate(entityID: entityID, name: name, cosine: item["cosine"]?.doubleValue, lexical: lexical, via: via)
            }
        }
        if let check: String = row[CodingKeys.matchCheck.rawValue] {
            guard let value = JSONValue.parse(check), let isMatch = value["isMatch"]?.boolValue,
                  let confidence = value["confidence"]?.doubleValue, let reason = value["reason"]?.stringValue
            else { throw corrupt(.matchCheck, check) }
            matchCheck = MatchCheckResult(isMatch: isMatch, confidence: confidence, reason: reason)
        } else {
            matchCheck = nil
        }
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
