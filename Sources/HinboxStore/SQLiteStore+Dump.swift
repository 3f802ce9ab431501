import Foundation
import GRDB
public import HinboxCore

extension SQLiteStore {
    /// Every row of every table, in insertion order, handed to `sink` a table's `batchSize` rows
    /// at a time (`hinbox migrate`), all read from one snapshot of the database: memory holds one
    /// batch, not the knowledge base. Tables come in an order their rows can be inserted in.
    public func dump(batchSize: Int = 2000, _ sink: (KnowledgeDump) async throws -> Void) async throws {
        // A file: a snapshot keeps every batch in one state. In memory: one read, one batch.
        let reader: any DatabaseReader = if let pool = writer as? DatabasePool { try pool.makeSnapshot() } else { writer }
        for table in DumpTable.allCases {
            var after: Int64 = 0
            while true {
                let (batch, last) = try await reader.read { [after] db in try table.batch(after: after, limit: batchSize, db) }
                guard let last else { break }
                try await sink(batch)
                after = last
            }
        }
    }

    /// The whole knowledge base at once (small databases and tests).
    public func dump() async throws -> KnowledgeDump {
        var whole = KnowledgeDump()
        try await dump(batchSize: .max) { whole.append($0) }
        return whole
    }
}

/// The tables of a dump, in insertion order, each read by rowid.
private enum DumpTable: CaseIterable {
    case runs, articles, entities, aliases, mentions, versions, embeddings, decisions, mergedVersions

    /// Up to `limit` rows after rowid `after`, and the last rowid read (nil when none).
    func batch(after: Int64, limit: Int, _ db: Database) throws -> (KnowledgeDump, Int64?) {
        let rows = try Row.fetchAll(db, sql: """
            SELECT rowid AS dump_rowid, \(columns) FROM \(table) WHERE rowid > ? ORDER BY rowid LIMIT ?
            """, arguments: [after, limit])
        var dump = KnowledgeDump()
        switch self {
        case .runs: dump.runs = try rows.map { try RunRecord(row: $0) }
        case .articles: dump.articles = try rows.map { try ArticleRow(row: $0).record() }
        case .entities: dump.entities = try rows.map { try EntityRow(row: $0).record() }
        case .aliases:
            dump.aliases = try rows.map { row in
                let stored = try AliasRow(row: row)
                var alias = AliasRecord(entityID: stored.entityID, alias: stored.alias)
                alias.normalized = stored.normalized
                return alias
            }
        case .mentions: dump.mentions = try rows.map { try MentionRow(row: $0).record }
        case .versions: dump.versions = try rows.map { try ProfileVersionRow(row: $0).record }
        case .embeddings:
            dump.embeddings = try rows.map { row in
                let stored = try EmbeddingRow(row: row)
                return KnowledgeDump.StoredEmbedding(embedding: try stored.record(), updatedAt: stored.updatedAt)
            }
        case .decisions: dump.decisions = try rows.map { try DecisionRow(row: $0).record() }
        case .mergedVersions:
            dump.mergedVersions = try rows.map { row in
                KnowledgeDump.HeldVersion(entityID: row["holder"], merged: MergedProfileVersion(
                    fromEntityID: row["entity_id"], fromName: row["from_name"],
                    version: try ProfileVersionRow(row: row).record, mergedAt: row["merged_at"]))
            }
        }
        return (dump, rows.last?["dump_rowid"])
    }

    private var table: String {
        switch self {
        case .runs: "run"
        case .articles: "article"
        case .entities: "entity"
        case .aliases: "alias"
        case .mentions: "mention"
        case .versions: "profile_version"
        case .embeddings: "entity_embedding"
        case .decisions: "resolution_decision"
        case .mergedVersions: "merged_profile_version"
        }
    }

    /// A merged version is read like a profile version of the entity it came from.
    private var columns: String {
        self == .mergedVersions
            ? """
              entity_id AS holder, from_entity_id AS entity_id, from_name, version, text, tags, confidence, sources,
              trigger_article_id, run_id, created_at, merged_at, grounding, covers
              """
            : "*"
    }
}
