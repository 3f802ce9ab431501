import Foundation
import HinboxCore
import PostgresNIO

extension PostgresStore {
    /// Writes everything one article produced in one transaction, with the SQLite store's
    /// semantics and refusals (see `SQLiteStore.commit(_:)`).
    public func commit(_ commit: ArticleCommit) async throws {
        let article = try CommitValidation.articleRow(of: commit)
        let articleID = article.id

        try await write("store article '\(articleID)'") { [article] connection in
            try await requireRun(article.runID, connection)
            try await upsert(article, connection)
            try await connection.query("DELETE FROM mention WHERE article_id = \(articleID)", logger: logger)
            for entity in commit.entities { try await upsert(entity, connection) }
            for alias in commit.aliases { try await insertIfNew(alias, connection) }
            for mention in commit.mentions {
                try await connection.query("""
                    INSERT INTO mention (entity_id, article_id, surface_name, evidence)
                    VALUES (\(mention.entityID), \(mention.articleID), \(mention.surfaceName), \(mention.evidence))
                    ON CONFLICT (entity_id, article_id) DO UPDATE SET
                        surface_name = excluded.surface_name, evidence = excluded.evidence
                    """, logger: logger)
            }
            for version in commit.versions {
                let exists = try await connection.query("""
                    SELECT 1 FROM profile_version WHERE entity_id = \(version.entityID) AND version = \(version.version)
                    """, logger: logger).first(Int.self) != nil
                if exists {
                    throw StoreError.duplicateVersion(entityID: version.entityID, version: version.version, articleID: articleID)
                }
                try await insert(version, connection)
            }
            for embedding in commit.embeddings {
                try await upsert(embedding, updatedAt: article.processedAt, connection)
            }
            for decision in commit.decisions {
                let exists = try await connection.query("""
                    SELECT 1 FROM resolution_decision WHERE run_id = \(decision.runID) AND article_id = \(decision.articleID)
                        AND entity_type = \(decision.entityType.rawValue) AND incoming_name = \(decision.incomingName)
                    """, logger: logger).first(Int.self) != nil
                if exists {
                    throw StoreError.duplicateDecision(
                        runID: decision.runID, articleID: articleID, type: decision.entityType.rawValue, name: decision.incomingName)
                }
                try await insert(decision, connection)
            }
            let touched = Set(commit.entities.map(\.id)).union(commit.versions.map(\.entityID))
            try await checkVersions(of: touched, articleID: articleID, connection)
        }
    }

    /// Marks an article failed with its new content hash and reason, keeping what it stored before.
    public func recordFailure(_ article: ArticleRecord) async throws {
        try await recordUncommitted(article, as: .failed, what: "the failure")
    }

    public func recordIrrelevant(_ article: ArticleRecord) async throws {
        try await recordUncommitted(article, as: .irrelevant, what: "the relevance verdict")
    }

    private func recordUncommitted(_ article: ArticleRecord, as status: ArticleStatus, what: String) async throws {
        var article = article
        article.status = status
        try await write("store \(what) of article '\(article.id)'") { [article] connection in
            try await requireRun(article.runID, connection)
            try await upsert(article, connection)
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

    /// Inserts the entity or overwrites its state, keeping its `created_at` (and never deleting
    /// the row, which would cascade to its aliases, mentions and history).
    func upsert(_ entity: EntityRecord, _ connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO entity (id, type, name, name_fold, key, subtype, tags, description, start_date, end_date,
                                current_version, created_at, updated_at)
            VALUES (\(entity.id), \(entity.type.rawValue), \(entity.name), \(TextFolding.fold(entity.name)), \(entity.key),
                    \(entity.subtype), \(entity.tags), \(entity.description), \(entity.startDate), \(entity.endDate),
                    \(entity.currentVersion), \(StoredDate(entity.createdAt)), \(StoredDate(entity.updatedAt)))
            ON CONFLICT (id) DO UPDATE SET
                type = excluded.type, name = excluded.name, name_fold = excluded.name_fold, key = excluded.key,
                subtype = excluded.subtype, tags = excluded.tags, description = excluded.description,
                start_date = excluded.start_date, end_date = excluded.end_date, current_version = excluded.current_version,
                updated_at = excluded.updated_at
            """, logger: logger)
    }

    /// Inserts the alias unless the entity already has one with the same normalised form.
    func insertIfNew(_ alias: AliasRecord, _ connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO alias (entity_id, alias, alias_fold, normalized)
            VALUES (\(alias.entityID), \(alias.alias), \(TextFolding.fold(alias.alias)), \(alias.normalized))
            ON CONFLICT (entity_id, normalized) DO NOTHING
            """, logger: logger)
    }

    func insert(_ version: ProfileVersionRecord, _ connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO profile_version (entity_id, version, text, tags, confidence, sources, trigger_article_id, run_id, created_at)
            VALUES (\(version.entityID), \(version.version), \(version.profile.text), \(version.profile.tags),
                    \(version.profile.confidence), \(version.profile.sources), \(version.triggerArticleID), \(version.runID),
                    \(StoredDate(version.createdAt)))
            """, logger: logger)
    }

    /// Replaces the entity's vector (there is one per entity).
    func upsert(_ embedding: EntityEmbedding, updatedAt: Date, _ connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO entity_embedding (entity_id, model, dimension, vector, evidence, updated_at)
            VALUES (\(embedding.entityID), \(embedding.model), \(embedding.dimension), \(embedding.vector), \(embedding.evidence),
                    \(StoredDate(updatedAt)))
            ON CONFLICT (entity_id) DO UPDATE SET
                model = excluded.model, dimension = excluded.dimension, vector = excluded.vector,
                evidence = excluded.evidence, updated_at = excluded.updated_at
            """, logger: logger)
    }

    func insert(_ decision: ResolutionRecord, _ connection: PostgresConnection) async throws {
        let candidates = try PostgresRecords.json(decision.candidates)
        let matchCheck = try decision.matchCheck.map { try PostgresRecords.json($0) }
        try await connection.query("""
            INSERT INTO resolution_decision (run_id, article_id, entity_type, incoming_name, action, entity_id, reason,
                                             threshold, candidates, match_check, created_at)
            VALUES (\(decision.runID), \(decision.articleID), \(decision.entityType.rawValue), \(decision.incomingName),
                    \(decision.action), \(decision.entityID), \(decision.reason), \(decision.threshold), \(candidates)::jsonb,
                    \(matchCheck)::jsonb, \(StoredDate(decision.createdAt)))
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
