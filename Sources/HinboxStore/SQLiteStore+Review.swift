import Foundation
import GRDB
public import HinboxCore

extension SQLiteStore {
    /// Decisions that had a candidate, riskiest first: match checks that said no, then the
    /// deciding score closest to the threshold. Manual corrections are left out (a person already
    /// decided them). Ranked in SQL, so only `limit` decisions are decoded however many exist.
    public func reviewQueue(limit: Int) async throws -> [ReviewItem] {
        try await writer.read { db in
            let ranked = try Row.fetchAll(db, sql: """
                SELECT d.id, MIN(CASE WHEN json_extract(d.match_check, '$.isMatch') = 0 THEN 0.0
                    ELSE abs(COALESCE(json_extract(c.value, '$.cosine'), json_extract(c.value, '$.lexical')) - d.threshold)
                    END) AS margin
                FROM resolution_decision AS d, json_each(d.candidates) AS c
                WHERE d.reason NOT LIKE 'manual%'
                  AND (json_extract(c.value, '$.entityID') = d.entity_id) = (d.action = 'merge')
                GROUP BY d.id
                ORDER BY margin, d.created_at, d.id
                LIMIT ?
                """, arguments: [limit])
            return try ranked.compactMap { rank -> ReviewItem? in
                guard let row = try DecisionRow.fetchOne(db, key: rank["id"] as Int64) else { return nil }
                let decision = try row.record()
                guard let candidate = ReviewRanking.decidingCandidate(of: decision) else { return nil }
                let entity = try EntityRow.fetchOne(db, key: decision.entityID)?.record()
                let candidateEntity = try EntityRow.fetchOne(db, key: candidate.entityID)?.record()
                let incoming = try String.fetchOne(db, sql: """
                    SELECT evidence FROM mention WHERE entity_id = ? AND article_id = ?
                    """, arguments: [decision.entityID, decision.articleID])
                let candidateEvidence = try String.fetchOne(db, sql: """
                    SELECT evidence FROM entity_embedding WHERE entity_id = ?
                    """, arguments: [candidate.entityID])
                return ReviewItem(
                    id: row.id ?? 0, decision: decision, entity: entity, candidate: candidate,
                    candidateEntity: candidateEntity, incomingEvidence: incoming ?? "", candidateEvidence: candidateEvidence,
                    margin: rank["margin"])
            }
        }
    }
}
