import Foundation
public import HinboxCore
import PostgresNIO

extension PostgresStore {
    /// Writes every row of `dump` into this empty database, in one transaction.
    public func load(_ dump: KnowledgeDump) async throws {
        try await load { sink in try await sink(dump) }
    }

    /// Writes every row `produce` hands its sink (batch by batch, tables in insertion order) into
    /// this empty database, in one transaction (`hinbox migrate`).
    ///
    /// - Throws: ``StoreError/writeFailed`` when the database already holds rows (nothing is
    ///   written then), or a row breaks the schema (the whole load is rolled back).
    public func load(_ produce: ((KnowledgeDump) async throws -> Void) async throws -> Void) async throws {
        try await write("copy the knowledge base") { connection in
            try await connection.query("LOCK TABLE \(unescaped: PostgresSchema.tables.joined(separator: ", ")) IN EXCLUSIVE MODE", logger: logger)
            for table in PostgresSchema.tables {
                let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)"), logger: logger).one(Int.self)
                guard rows == 0 else {
                    throw StoreError.databaseFailed(
                        what: "copy into the database", location: location,
                        reason: "it is not empty (\(table) has \(rows) rows); copy into a new database (createdb NAME) instead")
                }
            }
            try await produce { batch in try await insertRows(of: batch, connection) }
        }
    }

    private func insertRows(of dump: KnowledgeDump, _ connection: PostgresConnection) async throws {
        for run in dump.runs { try await insert(run, connection) }
        for article in dump.articles { try await upsert(article, connection) }
        try await upsert(dump.entities, connection)
        try await insertIfNew(dump.aliases, connection)
        try await upsert(dump.mentions, connection)
        try await insert(dump.versions, connection)
        for stored in dump.embeddings { try await upsert(stored.embedding, updatedAt: stored.updatedAt, connection) }
        try await insert(dump.decisions, connection)
        for held in dump.mergedVersions {
            let version = held.merged.version
            try await connection.query("""
                INSERT INTO merged_profile_version
                    (entity_id, from_entity_id, from_name, version, text, tags, confidence, sources,
                     trigger_article_id, run_id, created_at, merged_at, grounding, covers)
                VALUES (\(held.entityID), \(held.merged.fromEntityID), \(held.merged.fromName), \(version.version),
                        \(version.profile.text), \(version.profile.tags), \(version.profile.confidence), \(version.profile.sources),
                        \(version.triggerArticleID), \(version.runID), \(StoredDate(version.createdAt)), \(StoredDate(held.merged.mergedAt)),
                        \(try version.profile.grounding.map { try PostgresRecords.json($0) })::jsonb,
                        \(version.foldedCovers))
                """, logger: logger)
        }
    }

    func insert(_ run: RunRecord, _ connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO run (id, started_at, finished_at, input_path, domain, model, embedding_model, processed, failed, skipped)
            VALUES (\(run.id), \(StoredDate(run.startedAt)), \(run.finishedAt.map(StoredDate.init)), \(run.inputPath),
                    \(run.domain), \(run.model), \(run.embeddingModel), \(run.processed), \(run.failed), \(run.skipped))
            """, logger: logger)
    }
}
