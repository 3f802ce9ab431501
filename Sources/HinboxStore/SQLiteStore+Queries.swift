import Foundation
import GRDB
public import HinboxCore

extension SQLiteStore {
    // MARK: - Articles

    public func article(id: String) async throws -> ArticleRecord? {
        try await writer.read { db in try Self.article(id: id, db) }
    }

    /// ``article(id:)`` inside a read, from a cached statement.
    static func article(id: String, _ db: Database) throws -> ArticleRecord? {
        try ArticleRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM article WHERE id = ?"), arguments: [id])?.record()
    }

    /// Articles in the order they were processed (then by id), optionally of one status.
    public func articles(status: ArticleStatus?) async throws -> [ArticleRecord] {
        try await writer.read { db in
            var request = ArticleRow.order(ArticleRow.Columns.processedAt, ArticleRow.Columns.id)
            if let status { request = request.filter(ArticleRow.Columns.status == status.rawValue) }
            return try request.fetchAll(db).map { try $0.record() }
        }
    }

    /// An article with the entities it mentions (by type, then name), each with the name it used.
    public func articleDetail(id: String) async throws -> ArticleDetail? {
        try await writer.read { db in
            guard let article = try ArticleRow.fetchOne(db, key: id)?.record() else { return nil }
            let rows = try Row.fetchAll(db, sql: """
                SELECT entity.*, mention.surface_name AS mention_surface_name
                FROM mention JOIN entity ON entity.id = mention.entity_id
                WHERE mention.article_id = ?
                ORDER BY \(EntityRow.typeRankSQL), hinbox_fold(entity.name), entity.id
                """, arguments: [id])
            let entities = try rows.map { row -> (entity: EntityRecord, surfaceName: String) in
                (try EntityRow(row: row).record(), row["mention_surface_name"])
            }
            return ArticleDetail(article: article, entities: entities)
        }
    }

    // MARK: - Entities and profiles

    /// Every entity (oldest first, then by id) with its aliases, latest profile and evidence vector.
    public func knownEntities() async throws -> [KnownEntity] {
        try await writer.read { db in
            let entities = try EntityRow.order(EntityRow.Columns.createdAt, EntityRow.Columns.id).fetchAll(db)
            let aliases = try Self.aliasesByEntity(db)
            let latest = try ProfileVersionRow.fetchAll(db, sql: """
                SELECT profile_version.* FROM profile_version
                JOIN entity ON entity.id = profile_version.entity_id AND profile_version.version = entity.current_version
                """)
            let profiles = Dictionary(latest.map { ($0.entityID, $0.profile) }, uniquingKeysWith: { first, _ in first })
            var embeddings: [String: EntityEmbedding] = [:]
            let vectors = try EmbeddingRow.fetchCursor(db)
            while let vector = try vectors.next() { embeddings[vector.entityID] = try vector.record() }
            return try entities.map { row in
                KnownEntity(record: try row.record(), aliases: aliases[row.id] ?? [], latestProfile: profiles[row.id],
                            embedding: embeddings[row.id])
            }
        }
    }

    /// Mentions whose profile update waits for its block, by entity then article, with the
    /// articles as stored.
    public func pendingProfileMentions() async throws -> [(mention: MentionKey, article: ArticleRecord)] {
        try await writer.read { db in
            let mentions = try MentionRow.filter(MentionRow.Columns.pendingProfile == true)
                .order(MentionRow.Columns.entityID, MentionRow.Columns.articleID).fetchAll(db)
            var articles: [String: ArticleRecord] = [:]
            return try mentions.compactMap { mention in
                if articles[mention.articleID] == nil { articles[mention.articleID] = try ArticleRow.fetchOne(db, key: mention.articleID)?.record() }
                guard let article = articles[mention.articleID] else { return nil }
                return (MentionKey(entityID: mention.entityID, articleID: mention.articleID), article)
            }
        }
    }

    /// Profiles by type, then name, optionally of one type and matching `search` (a
    /// case-insensitive substring of the name or an alias).
    public func profiles(type: EntityType?, search: String?) async throws -> [ProfileSummary] {
        let needle = search.map { Self.fold($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return try await writer.read { db in
            var sql = "SELECT * FROM entity WHERE 1"
            var arguments = StatementArguments()
            if let type {
                sql += " AND type = ?"
                arguments += [type.rawValue]
            }
            if let needle, !needle.isEmpty {
                sql += """
                     AND (instr(hinbox_fold(name), ?) > 0 OR EXISTS (
                        SELECT 1 FROM alias WHERE alias.entity_id = entity.id AND instr(hinbox_fold(alias.alias), ?) > 0))
                    """
                arguments += [needle, needle]
            }
            sql += " ORDER BY \(EntityRow.typeRankSQL), hinbox_fold(name), name, id"
            let entities = try EntityRow.fetchAll(db, sql: sql, arguments: arguments)
            let aliases = try Self.aliasesByEntity(db)
            let articleIDs = try Self.articleIDsByEntity(db)
            return try entities.map { row in
                let record = try row.record()
                return ProfileSummary(
                    id: row.id, type: record.type, name: row.name, aliases: aliases[row.id] ?? [],
                    version: row.currentVersion, articleIDs: articleIDs[row.id] ?? [], tags: row.tags)
            }
        }
    }

    /// A profile by entity id, else exact name, else alias (case-insensitive; among namesakes the
    /// most mentioned, then the lowest id). `version` nil means the latest; an unknown version is nil.
    public func profileDetail(nameOrID: String, version: Int?) async throws -> ProfileDetail? {
        let query = nameOrID.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await writer.read { db in try Self.profileDetail(query, version: version, db) }
    }

    /// ``profileDetail(nameOrID:version:)`` inside a read (`query` already trimmed).
    static func profileDetail(_ query: String, version: Int?, _ db: Database) throws -> ProfileDetail? {
        guard let entityID = try Self.resolveEntityID(query, db),
              let row = try EntityRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM entity WHERE id = ?"), arguments: [entityID])
        else { return nil }
        // Cached statements: compiling each query anew was a visible part of an entity page (perf).
        let versions = try ProfileVersionRow.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM profile_version WHERE entity_id = ? ORDER BY version
            """), arguments: [entityID]).map(\.record)
        guard let chosen = versions.first(where: { $0.version == (version ?? row.currentVersion) }) else { return nil }
        let mentions = try MentionRow.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM mention WHERE entity_id = ? ORDER BY article_id
            """), arguments: [entityID]).map(\.record)
        let decisions = try DecisionRow.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM resolution_decision WHERE entity_id = ? ORDER BY created_at, id
            """), arguments: [entityID]).map { try $0.record() }
        // Same columns as profile_version, under the removed entity's id.
        let merged = try Array(Row.fetchCursor(db.cachedStatement(sql: """
            SELECT from_entity_id AS entity_id, version, text, tags, confidence, sources, trigger_article_id, run_id,
                   created_at, from_name, merged_at, grounding, covers
            FROM merged_profile_version WHERE entity_id = ? ORDER BY from_entity_id, version
            """), arguments: [entityID]).map { row in
            MergedProfileVersion(
                fromEntityID: row["entity_id"], fromName: row["from_name"],
                version: try ProfileVersionRow(row: row).record, mergedAt: row["merged_at"])
        })
        return ProfileDetail(
            entity: try row.record(), aliases: try Self.aliases(of: entityID, db),
            version: chosen, versions: versions, mentions: mentions, decisions: decisions, mergedVersions: merged)
    }

    // MARK: - Embeddings

    /// How many stored vectors each embedding model made (`provider/model` → count), to detect a
    /// change of embedding model.
    public func embeddingModels() throws -> [String: Int] {
        try writer.read { db in
            var result: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT model, COUNT(*) AS count FROM entity_embedding GROUP BY model")
            while let row = try rows.next() { result[row["model"]] = row["count"] }
            return result
        }
    }

    // MARK: - Helpers

    private static func resolveEntityID(_ query: String, _ db: Database) throws -> String? {
        guard !query.isEmpty else { return nil }
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM entity WHERE id = ?)"), arguments: [query]) == true {
            return query
        }
        let byMentions = "(SELECT COUNT(*) FROM mention WHERE mention.entity_id = entity.id) DESC, entity.id"
        if let id = try String.fetchOne(db, sql: """
            SELECT id FROM entity WHERE hinbox_fold(name) = ? ORDER BY \(byMentions) LIMIT 1
            """, arguments: [fold(query)]) {
            return id
        }
        return try String.fetchOne(db, sql: """
            SELECT id FROM entity WHERE EXISTS (
                SELECT 1 FROM alias WHERE alias.entity_id = entity.id
                AND (hinbox_fold(alias.alias) = ? OR alias.normalized = ?))
            ORDER BY \(byMentions) LIMIT 1
            """, arguments: [fold(query), NameNormalizer.key(query)])
    }

    /// Aliases in the order they were first stored.
    private static func aliases(of entityID: String, _ db: Database) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT alias FROM alias WHERE entity_id = ? ORDER BY rowid"), arguments: [entityID])
    }

    private static func aliasesByEntity(_ db: Database) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT entity_id, alias FROM alias ORDER BY rowid")
        while let row = try rows.next() { result[row["entity_id"], default: []].append(row["alias"]) }
        return result
    }

    private static func articleIDsByEntity(_ db: Database) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT entity_id, article_id FROM mention ORDER BY entity_id, article_id")
        while let row = try rows.next() { result[row["entity_id"], default: []].append(row["article_id"]) }
        return result
    }
}
