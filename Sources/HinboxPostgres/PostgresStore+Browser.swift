import Foundation
public import HinboxCore
import PostgresNIO

extension PostgresStore {
    public func overview(runLimit: Int) async throws -> KnowledgeOverview {
        try await read("read the overview") { connection in
            var counts = Dictionary(uniqueKeysWithValues: EntityType.allCases.map { ($0, 0) })
            for row in try await connection.query("SELECT type, COUNT(*)::integer AS n FROM entity GROUP BY type", logger: logger).rows() {
                if let type = EntityType(rawValue: try row.value("type")) { counts[type] = try row.value("n") }
            }
            let runs = try await connection.query("""
                SELECT \(unescaped: PostgresRecords.runColumns) FROM run ORDER BY started_at DESC, id LIMIT \(runLimit)
                """, logger: logger).rows().map(PostgresRecords.run)
            let totals = try await connection.query("""
                SELECT (SELECT COUNT(*) FROM article), (SELECT COUNT(*) FROM article WHERE status = 'failed'),
                       (SELECT COUNT(*) FROM profile_version), 0
                """, logger: logger).one(Int.self, Int.self, Int.self, Int.self)
            return KnowledgeOverview(
                counts: counts, articles: totals.0, failedArticles: totals.1, profileVersions: totals.2, latestRuns: runs)
        }
    }

    /// One page of entities: by name (ASCII case-insensitive, as SQLite's NOCASE), events by date.
    public func entities(_ query: EntityQuery) async throws -> EntityPage {
        let needle = query.search.map { TextFolding.fold($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? ""
        let subtype = query.subtype.flatMap { $0.isEmpty ? nil : $0 }
        let tag = query.tag.flatMap { $0.isEmpty ? nil : $0 }
        let from = query.from.flatMap { $0.isEmpty ? nil : $0 }
        let to = query.to.flatMap { $0.isEmpty ? nil : $0 }
        let type = query.type.rawValue
        return try await read("list \(query.type.plural)") { connection in
            // "2025-03-14T…" sorts after "2025-03-14"; `to` compares the date part only. A tag is
            // the entity's or its latest profile's (which the page shows).
            var filter: PostgresQuery = """
                FROM entity WHERE type = \(type)
                  AND (\(needle) = '' OR strpos(name_fold, \(needle)) > 0 OR EXISTS (
                      SELECT 1 FROM alias WHERE alias.entity_id = entity.id AND strpos(alias.alias_fold, \(needle)) > 0))
                  AND (\(subtype)::text IS NULL OR subtype = \(subtype))
                  AND (\(tag)::text IS NULL OR \(tag) = ANY(entity.tags) OR EXISTS (
                      SELECT 1 FROM profile_version pv WHERE pv.entity_id = entity.id
                      AND pv.version = entity.current_version AND \(tag) = ANY(pv.tags)))
                  AND (\(from)::text IS NULL OR start_date >= \(from))
                  AND (\(to)::text IS NULL OR substr(start_date, 1, 10) <= \(to))
                """
            let total = try await connection.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) " + filter.sql, binds: filter.binds), logger: logger)
                .one(Int.self)
            let order = query.type == .event
                ? "start_date IS NULL, start_date, lower(name), id"
                : "lower(name), id"
            filter.sql = "SELECT \(PostgresRecords.entityColumns), "
                + "(SELECT COUNT(*) FROM mention WHERE mention.entity_id = entity.id) AS article_count "
                + filter.sql + " ORDER BY \(order) LIMIT \(query.pageSize) OFFSET \((query.page - 1) * query.pageSize)"
            let rows = try await connection.query(filter, logger: logger).rows()
            let entities = try rows.map(PostgresRecords.entity)
            let aliases = try await aliasesByEntity(entities.map(\.id), connection)
            let listRows = try zip(entities, rows).map { entity, row in
                EntityListRow(entity: entity, aliases: aliases[entity.id] ?? [], articleCount: try row.value("article_count"))
            }
            let subtypes = try await connection.query("""
                SELECT DISTINCT subtype FROM entity WHERE type = \(type) AND subtype IS NOT NULL ORDER BY subtype
                """, logger: logger).all(String.self)
            let tags = try await connection.query("""
                SELECT tag FROM (
                    SELECT unnest(entity.tags) AS tag FROM entity WHERE entity.type = \(type)
                    UNION
                    SELECT unnest(pv.tags) FROM entity
                    JOIN profile_version pv ON pv.entity_id = entity.id AND pv.version = entity.current_version
                    WHERE entity.type = \(type)) AS tags
                ORDER BY tag COLLATE "C"
                """, logger: logger).all(String.self)
            return EntityPage(rows: listRows, total: total, subtypes: subtypes, tags: tags)
        }
    }

    public func appearsWith(entityID: String, limit: Int) async throws -> [CoOccurrence] {
        try await read("read what appears with '\(entityID)'") { connection in
            try await connection.query("""
                SELECT \(unescaped: PostgresRecords.entityColumns), COUNT(*)::integer AS shared FROM mention AS mine
                JOIN mention AS other ON other.article_id = mine.article_id AND other.entity_id != mine.entity_id
                JOIN entity ON entity.id = other.entity_id
                WHERE mine.entity_id = \(entityID)
                GROUP BY entity.id ORDER BY shared DESC, entity.name_fold, entity.id LIMIT \(limit)
                """, logger: logger).rows().map { CoOccurrence(entity: try PostgresRecords.entity($0), sharedArticles: try $0.value("shared")) }
        }
    }

    public func articlePage(id: String) async throws -> ArticlePage? {
        try await read("read article '\(id)'") { connection in
            guard let (article, rows) = try await articleWithMentions(id, connection) else { return nil }
            let entities = try rows.map(PostgresRecords.entity)
            let aliases = try await aliasesByEntity(entities.map(\.id), connection)
            let mentions = try zip(entities, rows).map { entity, row in
                ArticlePage.Mention(
                    entity: entity, surfaceName: try row.value("mention_surface_name"), aliases: aliases[entity.id] ?? [],
                    evidence: try row.value("mention_evidence"))
            }
            return ArticlePage(article: article, mentions: mentions)
        }
    }

    public func articleIDs() async throws -> [String] {
        try await read("list article ids") { connection in
            try await connection.query("SELECT id FROM article ORDER BY id", logger: logger).all(String.self)
        }
    }

    public func articleTitles(ids: [String]) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try await read("read article titles") { connection in
            var titles: [String: String] = [:]
            for row in try await connection.query("SELECT id, title FROM article WHERE id = ANY(\(ids))", logger: logger).rows() {
                titles[try row.value("id")] = try row.value("title")
            }
            return titles
        }
    }

    /// Decisions that had a candidate, riskiest first (as the SQLite store ranks them): match
    /// checks that said no, then the deciding score closest to the threshold; manual corrections left out.
    public func reviewQueue(limit: Int) async throws -> [ReviewItem] {
        try await read("read the review queue") { connection in
            let ranked = try await connection.query("""
                SELECT d.id, MIN(CASE WHEN (d.match_check ->> 'isMatch')::boolean IS FALSE THEN 0.0
                    ELSE abs(COALESCE((c.value ->> 'cosine')::double precision, (c.value ->> 'lexical')::double precision) - d.threshold)
                    END) AS margin
                FROM resolution_decision AS d, jsonb_array_elements(d.candidates) AS c(value)
                WHERE d.reason NOT LIKE 'manual%'
                  AND ((c.value ->> 'entityID') = d.entity_id) = (d.action = 'merge')
                GROUP BY d.id
                ORDER BY margin, MIN(d.created_at), d.id
                LIMIT \(limit)
                """, logger: logger).rows()
            var items: [ReviewItem] = []
            for rank in ranked {
                let id = try rank.value("id", as: Int64.self)
                guard let decision = try await connection.query(
                    "SELECT \(unescaped: PostgresRecords.decisionColumns) FROM resolution_decision WHERE id = \(id)", logger: logger)
                    .rows().first.map(PostgresRecords.decision),
                    let candidate = ReviewRanking.decidingCandidate(of: decision)
                else { continue }
                let entity = try await connection.query(
                    "SELECT \(unescaped: PostgresRecords.entityColumns) FROM entity WHERE id = \(decision.entityID)", logger: logger)
                    .rows().first.map(PostgresRecords.entity)
                let candidateEntity = try await connection.query(
                    "SELECT \(unescaped: PostgresRecords.entityColumns) FROM entity WHERE id = \(candidate.entityID)", logger: logger)
                    .rows().first.map(PostgresRecords.entity)
                let incoming = try await connection.query("""
                    SELECT evidence FROM mention WHERE entity_id = \(decision.entityID) AND article_id = \(decision.articleID)
                    """, logger: logger).first(String.self)
                let candidateEvidence = try await connection.query(
                    "SELECT evidence FROM entity_embedding WHERE entity_id = \(candidate.entityID)", logger: logger).first(String.self)
                items.append(ReviewItem(
                    id: id, decision: decision, entity: entity, candidate: candidate, candidateEntity: candidateEntity,
                    incomingEvidence: incoming ?? "", candidateEvidence: candidateEvidence, margin: try rank.value("margin")))
            }
            return items
        }
    }
}
