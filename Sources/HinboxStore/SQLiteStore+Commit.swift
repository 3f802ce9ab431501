import GRDB
public import HinboxCore

extension SQLiteStore {
    /// Writes everything one article produced in one transaction: the article row (processed),
    /// its mentions (replacing earlier ones), entities (upserted by id), new aliases, new
    /// profile versions, evidence vectors (replacing each entity's earlier one) and resolution
    /// decisions. Fails, storing nothing, when a profile version or a decision (same run, article,
    /// type and incoming name) already exists, or an entity's `current_version` is not its latest
    /// contiguous version.
    public func commit(_ commit: ArticleCommit) async throws {
        let article = try CommitValidation.articleRow(of: commit)
        let articleID = article.id

        try await write("article '\(articleID)'") { [article] db in
            try Self.requireRun(article.runID, db)
            try ArticleRow(article).upsert(db)
            try MentionRow.filter(MentionRow.Columns.articleID == articleID).deleteAll(db)
            for entity in commit.entities {
                try EntityRow(entity).upsertKeepingCreation(db)
            }
            for alias in commit.aliases {
                try AliasRow(alias).insertIfNew(db)
            }
            for mention in commit.mentions {
                try MentionRow(mention).upsertPair(db)
            }
            for version in commit.versions {
                let key = [ProfileVersionRow.CodingKeys.entityID.rawValue: version.entityID.databaseValue,
                           ProfileVersionRow.CodingKeys.version.rawValue: version.version.databaseValue]
                if try ProfileVersionRow.exists(db, key: key) {
                    throw StoreError.duplicateVersion(entityID: version.entityID, version: version.version, articleID: articleID)
                }
                try ProfileVersionRow(version).insert(db)
            }
            for key in commit.folded {
                try MentionRow.markFolded(key, db)
            }
            for embedding in commit.embeddings {
                try EmbeddingRow(embedding, updatedAt: article.processedAt).upsert(db)
            }
            for decision in commit.decisions {
                var row = DecisionRow(decision)
                if try row.isDuplicate(db) {
                    throw StoreError.duplicateDecision(
                        runID: row.runID, articleID: articleID, type: row.entityType, name: row.incomingName)
                }
                try row.insert(db)
            }
            let touched = Set(commit.entities.map(\.id)).union(commit.versions.map(\.entityID))
            try Self.checkVersions(of: touched, articleID: articleID, db)
        }
    }

    /// Marks an article failed with its new content hash and reason, so a rerun retries it. Its
    /// earlier mentions, and the entities and versions it produced before, stay as they were.
    public func recordFailure(_ article: ArticleRecord) async throws {
        try await recordUncommitted(article, as: .failed, what: "the failure")
    }

    public func recordIrrelevant(_ article: ArticleRecord) async throws {
        try await recordUncommitted(article, as: .irrelevant, what: "the relevance verdict")
    }

    /// Writes the row of an article that committed nothing this time, keeping what it stored before.
    private func recordUncommitted(_ article: ArticleRecord, as status: ArticleStatus, what: String) async throws {
        var article = article
        article.status = status
        try await write("\(what) of article '\(article.id)'") { [article] db in
            try Self.requireRun(article.runID, db)
            try ArticleRow(article).upsert(db)
        }
    }

    // MARK: - Checks

    private static func requireRun(_ runID: String, _ db: Database) throws {
        guard try RunRecord.exists(db, key: runID) else { throw StoreError.unknownRun(runID: runID) }
    }

    /// Every touched entity's `current_version` must be its highest version, with versions 1…n all present.
    private static func checkVersions(of entityIDs: Set<String>, articleID: String, _ db: Database) throws {
        guard !entityIDs.isEmpty else { return }
        let rows = try Row.fetchAll(db, sql: """
            SELECT e.id, e.current_version, COALESCE(MAX(v.version), 0) AS latest, COUNT(v.version) AS count
            FROM entity e LEFT JOIN profile_version v ON v.entity_id = e.id
            WHERE e.id IN (SELECT value FROM json_each(?))
            GROUP BY e.id
            ORDER BY e.id
            """, arguments: [try EntityRow.json(entityIDs.sorted())])
        for row in rows {
            let current: Int = row["current_version"]
            let latest: Int = row["latest"]
            let count: Int = row["count"]
            if current != latest || count != latest {
                throw StoreError.versionMismatch(
                    entityID: row["id"], current: current, latest: latest, count: count, articleID: articleID)
            }
        }
        // A version of an entity that exists neither in the database nor in the commit fails the
        // foreign key on insert, so every touched id has a row here.
    }
}
