import Foundation
import GRDB
import HinboxCore

extension SQLiteStore {
    /// Every row of every table, in one read transaction (`hinbox migrate`). Holds the whole
    /// knowledge base in memory.
    public func dump() async throws -> KnowledgeDump {
        try await writer.read { db in
            var dump = KnowledgeDump()
            dump.runs = try RunRecord.fetchAll(db, sql: "SELECT * FROM run ORDER BY started_at, id")
            dump.articles = try ArticleRow.fetchAll(db, sql: "SELECT * FROM article ORDER BY rowid").map { try $0.record() }
            dump.entities = try EntityRow.fetchAll(db, sql: "SELECT * FROM entity ORDER BY rowid").map { try $0.record() }
            dump.aliases = try AliasRow.fetchAll(db, sql: "SELECT * FROM alias ORDER BY rowid").map { row in
                var alias = AliasRecord(entityID: row.entityID, alias: row.alias)
                alias.normalized = row.normalized
                return alias
            }
            dump.mentions = try MentionRow.fetchAll(db, sql: "SELECT * FROM mention ORDER BY rowid").map(\.record)
            dump.versions = try ProfileVersionRow.fetchAll(db, sql: "SELECT * FROM profile_version ORDER BY rowid").map(\.record)
            dump.embeddings = try EmbeddingRow.fetchAll(db, sql: "SELECT * FROM entity_embedding ORDER BY rowid").map { row in
                KnowledgeDump.StoredEmbedding(embedding: try row.record(), updatedAt: row.updatedAt)
            }
            dump.decisions = try DecisionRow.fetchAll(db, sql: "SELECT * FROM resolution_decision ORDER BY id").map { try $0.record() }
            dump.mergedVersions = try Row.fetchAll(db, sql: """
                SELECT entity_id AS holder, from_entity_id AS entity_id, from_name, version, text, tags, confidence, sources,
                       trigger_article_id, run_id, created_at, merged_at, grounding
                FROM merged_profile_version ORDER BY rowid
                """).map { row in
                KnowledgeDump.HeldVersion(entityID: row["holder"], merged: MergedProfileVersion(
                    fromEntityID: row["entity_id"], fromName: row["from_name"],
                    version: try ProfileVersionRow(row: row).record, mergedAt: row["merged_at"]))
            }
            return dump
        }
    }
}
