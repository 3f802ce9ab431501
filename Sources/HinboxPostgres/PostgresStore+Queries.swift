import Foundation
public import HinboxCore
import PostgresNIO

extension PostgresStore {
    /// `ORDER BY` of entities in ``EntityType`` order (person, organization, location, event).
    static let typeRankSQL: String = {
        let cases = EntityType.allCases.enumerated().map { "WHEN '\($0.element.rawValue)' THEN \($0.offset)" }
        return "CASE entity.type \(cases.joined(separator: " ")) END"
    }()

    // MARK: - Articles

    public func article(id: String) async throws -> ArticleRecord? {
        try await read("read article '\(id)'") { connection in
            try await connection.query("SELECT \(unescaped: PostgresRecords.articleColumns) FROM article WHERE id = \(id)", logger: logger)
                .rows().first.map(PostgresRecords.article)
        }
    }

    /// Articles in the order they were processed (then by id), optionally of one status.
    public func articles(status: ArticleStatus?) async throws -> [ArticleRecord] {
        try await read("list articles") { connection in
            try await connection.query("""
                SELECT \(unescaped: PostgresRecords.articleColumns) FROM article
                WHERE \(status?.rawValue)::text IS NULL OR status = \(status?.rawValue)
                ORDER BY processed_at, id
                """, logger: logger).rows().map(PostgresRecords.article)
        }
    }

    /// An article with the entities it mentions (by type, then folded name), each with the name it used.
    public func articleDetail(id: String) async throws -> ArticleDetail? {
        try await read("read article '\(id)'") { connection in
            guard let (article, rows) = try await articleWithMentions(id, connection) else { return nil }
            let entities = try rows.map { row -> (entity: EntityRecord, surfaceName: String) in
                (try PostgresRecords.entity(row), try row.value("mention_surface_name"))
            }
            return ArticleDetail(article: article, entities: entities)
        }
    }

    // MARK: - Entities and profiles

    /// Every entity (oldest first, then by id) with its aliases, latest profile and evidence vector.
    /// Mentions whose profile update waits for its block, by entity then article, with the
    /// articles as stored.
    public func pendingProfileMentions() async throws -> [(mention: MentionKey, article: ArticleRecord)] {
        try await read("load the pending profile updates") { connection in
            try await connection.query("""
                SELECT mention.entity_id AS mention_entity_id, \(unescaped: PostgresRecords.articleColumns)
                FROM mention JOIN article ON article.id = mention.article_id
                WHERE mention.pending_profile ORDER BY mention.entity_id, mention.article_id
                """, logger: logger).rows().map { row in
                let article = try PostgresRecords.article(row)
                return (MentionKey(entityID: try row.value("mention_entity_id"), articleID: article.id), article)
            }
        }
    }

    public func knownEntities() async throws -> [KnownEntity] {
        try await read("load the known entities") { connection in
            let entities = try await connection.query(
                "SELECT \(unescaped: PostgresRecords.entityColumns) FROM entity ORDER BY created_at, id", logger: logger)
                .rows().map(PostgresRecords.entity)
            let aliases = try await aliasesByEntity(nil, connection)
            let latest = try await connection.query("""
                SELECT \(unescaped: PostgresRecords.versionColumns(of: "v")) FROM profile_version v JOIN entity ON entity.id = v.entity_id AND v.version = entity.current_version
                """, logger: logger).rows().map(PostgresRecords.version)
            let profiles = Dictionary(latest.map { ($0.entityID, $0.profile) }, uniquingKeysWith: { first, _ in first })
            let vectors = try await connection.query(
                "SELECT entity_id, model, vector, evidence FROM entity_embedding", logger: logger).rows()
            var embeddings: [String: EntityEmbedding] = [:]
            for row in vectors {
                let embedding = try PostgresRecords.embedding(row)
                embeddings[embedding.entityID] = embedding
            }
            return entities.map { entity in
                KnownEntity(record: entity, aliases: aliases[entity.id] ?? [], latestProfile: profiles[entity.id],
                            embedding: embeddings[entity.id])
            }
        }
    }

    /// Profiles by type, then folded name, optionally of one type and matching `search` (a
    /// case- and diacritic-insensitive substring of the name or an alias).
    public func profiles(type: EntityType?, search: String?) async throws -> [ProfileSummary] {
        let needle = search.map { TextFolding.fold($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? ""
        return try await read("list profiles") { connection in
            let entities = try await connection.query("""
                SELECT \(unescaped: PostgresRecords.entityColumns) FROM entity
                WHERE (\(type?.rawValue)::text IS NULL OR type = \(type?.rawValue))
                  AND (\(needle) = '' OR strpos(name_fold, \(needle)) > 0 OR EXISTS (
                      SELECT 1 FROM alias WHERE alias.entity_id = entity.id AND strpos(alias.alias_fold, \(needle)) > 0))
                ORDER BY \(unescaped: Self.typeRankSQL), name_fold, name, id
                """, logger: logger).rows().map(PostgresRecords.entity)
            let aliases = try await aliasesByEntity(nil, connection)
            var articleIDs: [String: [String]] = [:]
            for row in try await connection.query(
                "SELECT entity_id, article_id FROM mention ORDER BY entity_id, article_id", logger: logger).rows()
            {
                articleIDs[try row.value("entity_id"), default: []].append(try row.value("article_id"))
            }
            return entities.map { entity in
                ProfileSummary(
                    id: entity.id, type: entity.type, name: entity.name, aliases: aliases[entity.id] ?? [],
                    version: entity.currentVersion, articleIDs: articleIDs[entity.id] ?? [], tags: entity.tags)
            }
        }
    }

    /// A profile by entity id, else exact name, else alias (folded; among namesakes the most
    /// mentioned, then the lowest id). `version` nil means the latest; an unknown version is nil.
    public func profileDetail(nameOrID: String, version: Int?) async throws -> ProfileDetail? {
        let query = nameOrID.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await read("read profile '\(query)'") { connection in
            guard let entityID = try await resolveEntityID(query, connection),
                  let entity = try await connection.query(
                    "SELECT \(unescaped: PostgresRecords.entityColumns) FROM entity WHERE id = \(entityID)", logger: logger)
                    .rows().first.map(PostgresRecords.entity)
            else { return nil }
            let versions = try await connection.query("""
                SELECT \(unescaped: PostgresRecords.versionColumns) FROM profile_version WHERE entity_id = \(entityID) ORDER BY version
                """, logger: logger).rows().map(PostgresRecords.version)
            guard let chosen = versions.first(where: { $0.version == (version ?? entity.currentVersion) }) else { return nil }
            let mentions = try await connection.query("""
                SELECT entity_id, article_id, surface_name, evidence, pending_profile FROM mention
                WHERE entity_id = \(entityID) ORDER BY article_id
                """, logger: logger).rows().map { row in
                MentionRecord(entityID: try row.value("entity_id"), articleID: try row.value("article_id"),
                              surfaceName: try row.value("surface_name"), evidence: try row.value("evidence"),
                              pendingProfile: try row.value("pending_profile"))
            }
            let decisions = try await connection.query("""
                SELECT \(unescaped: PostgresRecords.decisionColumns) FROM resolution_decision
                WHERE entity_id = \(entityID) ORDER BY created_at, id
                """, logger: logger).rows().map(PostgresRecords.decision)
            let merged = try await connection.query("""
                SELECT from_entity_id AS entity_id, version, text, tags, confidence, sources, trigger_article_id, run_id,
                       created_at, from_name, merged_at, grounding::text AS grounding, covers
                FROM merged_profile_version WHERE entity_id = \(entityID) ORDER BY from_entity_id, version
                """, logger: logger).rows().map { row in
                MergedProfileVersion(
                    fromEntityID: try row.value("entity_id"), fromName: try row.value("from_name"),
                    version: try PostgresRecords.version(row), mergedAt: try row.date("merged_at"))
            }
            return ProfileDetail(
                entity: entity, aliases: try await aliasesByEntity([entityID], connection)[entityID] ?? [],
                version: chosen, versions: versions, mentions: mentions, decisions: decisions, mergedVersions: merged)
        }
    }

    // MARK: - Embeddings

    /// How many stored vectors each embedding model made (`provider/model` → count).
    public func embeddingModels() async throws -> [String: Int] {
        try await read("count vectors") { connection in
            var result: [String: Int] = [:]
            for row in try await connection.query(
                "SELECT model, COUNT(*)::integer AS count FROM entity_embedding GROUP BY model", logger: logger).rows()
            {
                result[try row.value("model")] = try row.value("count")
            }
            return result
        }
    }

    // MARK: - Helpers

    /// An article and its mentions' rows (entity columns, `mention_surface_name`,
    /// `mention_evidence`) by type, then folded name; nil when there is no such article.
    func articleWithMentions(
        _ id: String, _ connection: PostgresConnection
    ) async throws -> (article: ArticleRecord, mentions: [PostgresRandomAccessRow])? {
        guard let article = try await connection.query(
            "SELECT \(unescaped: PostgresRecords.articleColumns) FROM article WHERE id = \(id)", logger: logger)
            .rows().first.map(PostgresRecords.article)
        else { return nil }
        let rows = try await connection.query("""
            SELECT \(unescaped: PostgresRecords.entityColumns), mention.surface_name AS mention_surface_name,
                   mention.evidence AS mention_evidence
            FROM mention JOIN entity ON entity.id = mention.entity_id
            WHERE mention.article_id = \(id)
            ORDER BY \(unescaped: Self.typeRankSQL), entity.name_fold, entity.id
            """, logger: logger).rows()
        return (article, rows)
    }

    func resolveEntityID(_ query: String, _ connection: PostgresConnection) async throws -> String? {
        guard !query.isEmpty else { return nil }
        if try await connection.query("SELECT id FROM entity WHERE id = \(query)", logger: logger).first(String.self) != nil {
            return query
        }
        let folded = TextFolding.fold(query)
        let byMentions = "(SELECT COUNT(*) FROM mention WHERE mention.entity_id = entity.id) DESC, entity.id"
        if let id = try await connection.query("""
            SELECT id FROM entity WHERE name_fold = \(folded) ORDER BY \(unescaped: byMentions) LIMIT 1
            """, logger: logger).first(String.self) {
            return id
        }
        return try await connection.query("""
            SELECT id FROM entity WHERE EXISTS (
                SELECT 1 FROM alias WHERE alias.entity_id = entity.id
                AND (alias.alias_fold = \(folded) OR alias.normalized = \(NameNormalizer.key(query))))
            ORDER BY \(unescaped: byMentions) LIMIT 1
            """, logger: logger).first(String.self)
    }

    /// Aliases per entity in the order they were first stored; of every entity when `ids` is nil.
    func aliasesByEntity(_ ids: [String]?, _ connection: PostgresConnection) async throws -> [String: [String]] {
        if let ids, ids.isEmpty { return [:] }
        var result: [String: [String]] = [:]
        for row in try await connection.query("""
            SELECT entity_id, alias FROM alias WHERE \(ids)::text[] IS NULL OR entity_id = ANY(\(ids)) ORDER BY seq
            """, logger: logger).rows()
        {
            result[try row.value("entity_id"), default: []].append(try row.value("alias"))
        }
        return result
    }
}
