import Foundation
public import HinboxCore
import PostgresNIO

extension PostgresStore {
    /// Writes everything one article produced in one transaction, with the SQLite store's
    /// semantics and refusals (see `SQLiteStore.commit(_:)`).
    public func commit(_ commit: ArticleCommit) async throws {
        try await self.commit(commit, fence: nil)
    }

    /// ``commit(_:)``, and with `fence` only while the resolver role is still that tenure's, marking
    /// the article's work item committed in the same transaction.
    func commit(_ commit: ArticleCommit, fence: ResolverFence?) async throws {
        let article = try CommitValidation.articleRow(of: commit)
        let articleID = article.id

        try await write("store article '\(articleID)'") { [article] connection in
            try await fence?.check(connection, logger: logger)
            try await requireRun(article.runID, connection)
            try await upsert(article, connection)
            try await connection.query("DELETE FROM mention WHERE article_id = \(articleID)", logger: logger)
            try await upsert(commit.entities, connection)
            try await insertIfNew(commit.aliases, connection)
            try await upsert(commit.mentions, connection)
            if let duplicate = try await connection.query("""
                SELECT v.entity_id, v.version FROM profile_version v
                JOIN unnest(\(commit.versions.map(\.entityID)), \(commit.versions.map(\.version))) AS c(entity_id, version)
                    ON v.entity_id = c.entity_id AND v.version = c.version
                ORDER BY v.entity_id, v.version LIMIT 1
                """, logger: logger).rows().first {
                throw StoreError.duplicateVersion(
                    entityID: try duplicate.value("entity_id"), version: try duplicate.value("version"), articleID: articleID)
            }
            try await insert(commit.versions, connection)
            try await markFolded(commit.folded, connection)
            for embedding in commit.embeddings {
                try await upsert(embedding, updatedAt: article.processedAt, connection)
            }
            if let duplicate = try await connection.query("""
                SELECT d.entity_type, d.incoming_name FROM resolution_decision d
                JOIN unnest(\(commit.decisions.map(\.entityType.rawValue)), \(commit.decisions.map(\.incomingName)))
                    AS c(entity_type, incoming_name) ON d.entity_type = c.entity_type AND d.incoming_name = c.incoming_name
                WHERE d.run_id = \(article.runID) AND d.article_id = \(articleID)
                ORDER BY d.id LIMIT 1
                """, logger: logger).rows().first {
                throw StoreError.duplicateDecision(
                    runID: article.runID, articleID: articleID, type: try duplicate.value("entity_type"),
                    name: try duplicate.value("incoming_name"))
            }
            try await insert(commit.decisions, connection)
            let touched = Set(commit.entities.map(\.id)).union(commit.versions.map(\.entityID))
            try await checkVersions(of: touched, articleID: articleID, connection)
            try await fence?.settle(articleID, as: "committed", connection, logger: logger)
        }
    }

    /// Marks an article failed with its new content hash and reason, keeping what it stored before.
    public func recordFailure(_ article: ArticleRecord) async throws {
        try await recordUncommitted(article, as: .failed, what: "the failure")
    }

    public func recordIrrelevant(_ article: ArticleRecord) async throws {
        try await recordUncommitted(article, as: .irrelevant, what: "the relevance verdict")
    }

    /// Records the article failed or irrelevant; with `fence`, as ``commit(_:fence:)`` does.
    func recordUncommitted(_ article: ArticleRecord, as status: ArticleStatus, what: String, fence: ResolverFence? = nil) async throws {
        var article = article
        article.status = status
        try await write("store \(what) of article '\(article.id)'") { [article] connection in
            try await fence?.check(connection, logger: logger)
            try await requireRun(article.runID, connection)
            try await upsert(article, connection)
            try await fence?.settle(article.id, as: status.rawValue, connection, logger: logger)
        }
    }

    // MARK: - Rows

    func requireRun(_ runID: String, _ connection: PostgresConnection) async throws {
        let exists = try await connection.query("SELECT 1 FROM run WHERE id = \(runID)", logger: logger).first(Int.self) != nil
        guard exists else { throw StoreError.unknownRun(runID: runID) }
    }

    func upsert(_ article: ArticleRecord, _ connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO article (id, title, url, published_date, source, content_hash, status, error, run_id, trace_id,
                                 processed_at, relevance_reason, relevance_key, content)
            VALUES (\(article.id), \(article.title), \(article.url), \(article.publishedDate), \(article.source),
                    \(article.contentHash), \(article.status.rawValue), \(article.error), \(article.runID), \(article.traceID),
                    \(StoredDate(article.processedAt)), \(article.relevanceReason), \(article.relevanceKey), \(article.content))
            ON CONFLICT (id) DO UPDATE SET
                title = excluded.title, url = excluded.url, published_date = excluded.published_date, source = excluded.source,
                content_hash = excluded.content_hash, status = excluded.status, error = excluded.error,
                run_id = excluded.run_id, trace_id = excluded.trace_id, processed_at = excluded.processed_at,
                relevance_reason = excluded.relevance_reason, relevance_key = excluded.relevance_key, content = excluded.content
            """, logger: logger)
    }

    /// Every touched entity's `current_version` must be its highest version, with versions 1…n all present.
    private func checkVersions(of entityIDs: Set<String>, articleID: String, _ connection: PostgresConnection) async throws {
        guard !entityIDs.isEmpty else { return }
        let rows = try await connection.query("""
            SELECT e.id, e.current_version, COALESCE(MAX(v.version), 0) AS latest, COUNT(v.version)::integer AS count
            FROM entity e LEFT JOIN profile_version v ON v.entity_id = e.id
            WHERE e.id = ANY(\(entityIDs.sorted()))
            GROUP BY e.id ORDER BY e.id
            """, logger: logger).rows()
        for row in rows {
            let current = try row.value("current_version", as: Int.self)
            let latest = try row.value("latest", as: Int.self)
            let count = try row.value("count", as: Int.self)
            if current != latest || count != latest {
                throw StoreError.versionMismatch(
                    entityID: try row.value("id"), current: current, latest: latest, count: count, articleID: articleID)
            }
        }
    }
}
