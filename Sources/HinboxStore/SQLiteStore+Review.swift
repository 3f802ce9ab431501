import Foundation
import GRDB
import HinboxCore

extension SQLiteStore {
    /// Decisions that had a candidate, riskiest first: match checks that said no, then the
    /// deciding score closest to the threshold. Manual corrections are left out (a person already
    /// decided them).
    public func reviewQueue(limit: Int) async throws -> [ReviewItem] {
        try await writer.read { db in
            let rows = try DecisionRow.fetchAll(db, sql: """
                SELECT * FROM resolution_decision
                WHERE json_array_length(candidates) > 0 AND reason NOT LIKE 'manual%'
                """)
            var scored: [(row: DecisionRow, decision: ResolutionRecord, candidate: ResolutionCandidate, margin: Double)] = []
            for row in rows {
                let decision = try row.record()
                guard let candidate = Self.decidingCandidate(of: decision) else { continue }
                scored.append((row, decision, candidate, Self.margin(of: decision, candidate: candidate)))
            }
            scored.sort { ($0.margin, $0.decision.createdAt, $0.row.id ?? 0) < ($1.margin, $1.decision.createdAt, $1.row.id ?? 0) }
            return try scored.prefix(limit).map { item in
                let entity = try EntityRow.fetchOne(db, key: item.decision.entityID)?.record()
                let candidateEntity = try EntityRow.fetchOne(db, key: item.candidate.entityID)?.record()
                let incoming = try String.fetchOne(db, sql: """
                    SELECT evidence FROM mention WHERE entity_id = ? AND article_id = ?
                    """, arguments: [item.decision.entityID, item.decision.articleID])
                let candidateEvidence = try String.fetchOne(db, sql: """
                    SELECT evidence FROM entity_embedding WHERE entity_id = ?
                    """, arguments: [item.candidate.entityID])
                return ReviewItem(
                    id: item.row.id ?? 0, decision: item.decision, entity: entity, candidate: item.candidate,
                    candidateEntity: candidateEntity, incomingEvidence: incoming ?? "", candidateEvidence: candidateEvidence,
                    margin: item.margin)
            }
        }
    }

    /// The entity merged into, or for a `create` the closest candidate it was not merged with.
    static func decidingCandidate(of decision: ResolutionRecord) -> ResolutionCandidate? {
        if decision.action == "merge", let chosen = decision.candidates.first(where: { $0.entityID == decision.entityID }) {
            return chosen
        }
        return decision.candidates
            .filter { $0.entityID != decision.entityID }
            .max { ($0.cosine ?? $0.lexical) < ($1.cosine ?? $1.lexical) }
    }

    /// 0 for a match check that said no; otherwise how far the candidate's score was from the threshold.
    static func margin(of decision: ResolutionRecord, candidate: ResolutionCandidate) -> Double {
        if let check = decision.matchCheck, !check.isMatch { return 0 }
        return abs((candidate.cosine ?? candidate.lexical) - decision.threshold)
    }
}

extension RunRow {
    var record: RunRecord {
        RunRecord(
            id: id, startedAt: startedAt, finishedAt: finishedAt, inputPath: inputPath, domain: domain, model: model,
            embeddingModel: embeddingModel, processed: processed, failed: failed, skipped: skipped)
    }
}
