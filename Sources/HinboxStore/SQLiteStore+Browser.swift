import Foundation
import GRDB
public import HinboxCore
import Synchronization

extension SQLiteStore: KnowledgeBrowser {
    public func overview(runLimit: Int) async throws -> KnowledgeOverview {
        try await writer.read { db in
            var counts = Dictionary(uniqueKeysWithValues: EntityType.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT type, COUNT(*) AS n FROM entity GROUP BY type") {
                if let type = EntityType(rawValue: row["type"]) { counts[type] = row["n"] }
            }
            let runs = try RunRecord.fetchAll(db, sql: "SELECT * FROM run ORDER BY started_at DESC, id LIMIT ?", arguments: [runLimit])
            return KnowledgeOverview(
                counts: counts,
                articles: try ArticleRow.fetchCount(db),
                failedArticles: try ArticleRow.filter(ArticleRow.Columns.status == ArticleStatus.failed.rawValue).fetchCount(db),
                profileVersions: try ProfileVersionRow.fetchCount(db),
                latestRuns: runs)
        }
    }

    public func entities(_ query: EntityQuery) async throws -> EntityPage {
        let needle = query.search.map { Self.fold($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? ""
        return try await writer.read { db in
            var filter = "type = ?"
            var arguments: StatementArguments = [query.type.rawValue]
            if !needle.isEmpty {
                let name = Self.containsFolded("name", needle: needle, arguments: &arguments)
                var aliasArguments = StatementArguments()
                let alias = Self.containsFolded("alias.alias", needle: needle, arguments: &aliasArguments)
                arguments += aliasArguments
                filter += " AND (\(name) OR EXISTS (SELECT 1 FROM alias WHERE alias.entity_id = entity.id AND \(alias)))"
            }
            if let subtype = query.subtype, !subtype.isEmpty {
                filter += " AND subtype = ?"
                arguments += [subtype]
            }
            if let tag = query.tag, !tag.isEmpty {
                // An entity's tags, or those of its latest profile (which the page shows).
                filter += """
                     AND (EXISTS (SELECT 1 FROM json_each(entity.tags) WHERE json_each.value = ?)
                      OR EXISTS (SELECT 1 FROM profile_version AS pv, json_each(pv.tags)
                                 WHERE pv.entity_id = entity.id AND pv.version = entity.current_version AND json_each.value = ?))
                    """
                arguments += [tag, tag]
            }
            if let from = query.from, !from.isEmpty {
                filter += " AND start_date >= ?"
                arguments += [from]
            }
            if let to = query.to, !to.isEmpty {
                // "2025-03-14T…" sorts after "2025-03-14"; compare the date part only.
                filter += " AND substr(start_date, 1, 10) <= ?"
                arguments += [to]
            }
            // NOCASE, not hinbox_fold: a Swift callback per row made the sort dominate the page.
            // Indexes (v7) hold both orders, so a page walks an index to its offset.
            let order = query.type == .event
                ? "start_date IS NULL, start_date, name COLLATE NOCASE, id"
                : "name COLLATE NOCASE, id"
            let offset = (query.page - 1) * query.pageSize
            let total: Int
            var pageFilter = filter
            var pageArguments = arguments
            let summary = try self.summary(of: query.type, db)
            if needle.isEmpty {
                // Unfiltered, the count is the type's (walking its index was ~10% of a list page).
                total = filter == "type = ?"
                    ? summary.entities
                    : try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM entity WHERE \(filter)"), arguments: arguments) ?? 0
                pageArguments += [query.pageSize, offset]
            } else {
                // A search tests every name and alias of the type: once, for the matching ids in
                // page order, which give both the count and the page (counting, then paging, tested them twice).
                let ids = try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM entity WHERE \(filter) ORDER BY \(order)"), arguments: arguments)
                total = ids.count
                pageFilter = "id IN (SELECT value FROM json_each(?))"
                pageArguments = [try EntityRow.json(Array(ids.dropFirst(offset).prefix(query.pageSize))), query.pageSize, 0]
            }
            // A cursor decodes each row in place (a fetched array of rows looks columns up by lowercased names).
            var listRows = try Array(Row.fetchCursor(db.cachedStatement(sql: """
                SELECT entity.*, (SELECT COUNT(*) FROM mention WHERE mention.entity_id = entity.id) AS article_count
                FROM entity WHERE \(pageFilter) ORDER BY \(order) LIMIT ? OFFSET ?
                """), arguments: pageArguments).map { row in
                EntityListRow(entity: try EntityRow(row: row).record(), aliases: [], articleCount: row["article_count"])
            })
            let aliases = try Self.aliases(of: listRows.map(\.entity.id), db)
            for index in listRows.indices { listRows[index].aliases = aliases[listRows[index].entity.id] ?? [] }
            // The distinct subtypes, sorted, by jumping from one to the next in (type, subtype):
            // a few index seeks instead of a walk over every entity of the type (0.17 ms a page).
            let subtypes = try String.fetchAll(db.cachedStatement(sql: """
                WITH RECURSIVE next(subtype) AS (
                    SELECT (SELECT MIN(subtype) FROM entity WHERE type = ?1 AND subtype IS NOT NULL)
                    UNION ALL
                    SELECT (SELECT MIN(subtype) FROM entity WHERE type = ?1 AND subtype > next.subtype)
                    FROM next WHERE next.subtype IS NOT NULL)
                SELECT subtype FROM next WHERE subtype IS NOT NULL
                """), arguments: [query.type.rawValue])
            return EntityPage(rows: listRows, total: total, subtypes: subtypes, tags: summary.tags)
        }
    }

    /// The type's entity count and every tag of its entities and their latest profiles, sorted:
    /// cached until a commit adds a profile version or an entity. Every change to either does one or
    /// the other: new entities come with a first version, and a merge that removes an entity writes
    /// a version of the one it keeps.
    private func summary(of type: EntityType, _ db: Database) throws -> TypeSummary {
        let mark = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT (SELECT MAX(rowid) FROM profile_version) AS versions, (SELECT MAX(rowid) FROM entity) AS entities
            """))
        let watermark = "\(mark?["versions"] as Int? ?? 0)|\(mark?["entities"] as Int? ?? 0)"
        if let cached = typeSummaries.withLock({ $0[type.rawValue] }), cached.watermark == watermark { return cached }
        let tags = try String.fetchAll(db, sql: """
                SELECT json_each.value FROM entity, json_each(entity.tags) WHERE entity.type = ?
                UNION
                SELECT json_each.value FROM entity
                JOIN profile_version AS pv ON pv.entity_id = entity.id AND pv.version = entity.current_version,
                     json_each(pv.tags)
                WHERE entity.type = ?
                ORDER BY 1
                """, arguments: [type.rawValue, type.rawValue])
        let entities = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entity WHERE type = ?", arguments: [type.rawValue]) ?? 0
        let summary = TypeSummary(watermark: watermark, entities: entities, tags: tags)
        typeSummaries.withLock { $0[type.rawValue] = summary }
        return summary
    }

    public func appearsWith(entityID: String, limit: Int) async throws -> [CoOccurrence] {
        try await writer.read { db in try Self.appearsWith(entityID: entityID, limit: limit, db) }
    }

    /// The whole entity page in one read transaction.
    public func profilePage(nameOrID: String, version: Int?, appearsWithLimit: Int) async throws -> ProfilePage? {
        let query = nameOrID.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await writer.read { db in
            guard let detail = try Self.profileDetail(query, version: version, db) else { return nil }
            return ProfilePage(
                detail: detail, appearsWith: try Self.appearsWith(entityID: detail.entity.id, limit: appearsWithLimit, db),
                trigger: try Self.article(id: detail.version.triggerArticleID, db),
                titles: try Self.articleTitles(ids: detail.linkedArticleIDs, db))
        }
    }

    static func appearsWith(entityID: String, limit: Int, _ db: Database) throws -> [CoOccurrence] {
        try Array(Row.fetchCursor(db.cachedStatement(sql: """
            SELECT entity.*, COUNT(*) AS shared FROM mention AS mine
            JOIN mention AS other ON other.article_id = mine.article_id AND other.entity_id != mine.entity_id
            JOIN entity ON entity.id = other.entity_id
            WHERE mine.entity_id = ?
            GROUP BY entity.id ORDER BY shared DESC, hinbox_fold(entity.name), entity.id LIMIT ?
            """), arguments: [entityID, limit]).map { CoOccurrence(entity: try EntityRow(row: $0).record(), sharedArticles: $0["shared"]) })
    }

    public func articlePage(id: String) async throws -> ArticlePage? {
        try await writer.read { db in
            guard let article = try Self.article(id: id, db) else { return nil }
            var mentions = try Array(Row.fetchCursor(db.cachedStatement(sql: """
                SELECT entity.*, mention.surface_name AS mention_surface_name, mention.evidence AS mention_evidence
                FROM mention JOIN entity ON entity.id = mention.entity_id
                WHERE mention.article_id = ?
                ORDER BY \(EntityRow.typeRankSQL), hinbox_fold(entity.name), entity.id
                """), arguments: [id]).map { row in
                ArticlePage.Mention(entity: try EntityRow(row: row).record(), surfaceName: row["mention_surface_name"], aliases: [],
                                    evidence: row["mention_evidence"])
            })
            let aliases = try Self.aliases(of: mentions.map(\.entity.id), db)
            for index in mentions.indices { mentions[index].aliases = aliases[mentions[index].entity.id] ?? [] }
            return ArticlePage(article: article, mentions: mentions)
        }
    }

    public func articleIDs() async throws -> [String] {
        try await writer.read { db in try String.fetchAll(db, sql: "SELECT id FROM article ORDER BY id") }
    }

    public func articleTitles(ids: [String]) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try await writer.read { db in try Self.articleTitles(ids: ids, db) }
    }

    static func articleTitles(ids: [String], _ db: Database) throws -> [String: String] {
        var titles: [String: String] = [:]
        guard !ids.isEmpty else { return titles }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, title FROM article WHERE id IN (SELECT value FROM json_each(?))
            """), arguments: [try EntityRow.json(ids)])
        while let row = try rows.next() { titles[row["id"]] = row["title"] }
        return titles
    }

    /// SQL for "`column` contains `needle`" under ``fold(_:)`` (`needle` already folded). An ASCII
    /// needle in an ASCII value is matched by LIKE (case-insensitive for ASCII, in C; folding
    /// ASCII only lowercases it); only values with other characters go through the `hinbox_fold`
    /// callback, which is slow per row. A value is ASCII when its length in characters equals its
    /// length in bytes (a third cheaper per row than the `GLOB` character class it replaced).
    static func containsFolded(_ column: String, needle: String, arguments: inout StatementArguments) -> String {
        guard needle.allSatisfy(\.isASCII) else {
            arguments += [needle]
            return "instr(hinbox_fold(\(column)), ?) > 0"
        }
        let pattern = "%" + needle.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        arguments += [needle, pattern]
        return """
            (CASE WHEN length(\(column)) <> length(CAST(\(column) AS BLOB)) THEN instr(hinbox_fold(\(column)), ?) > 0 \
            ELSE \(column) LIKE ? ESCAPE '\\' END)
            """
    }

    /// Aliases of the given entities, in the order they were stored.
    static func aliases(of entityIDs: [String], _ db: Database) throws -> [String: [String]] {
        guard !entityIDs.isEmpty else { return [:] }
        var result: [String: [String]] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT entity_id, alias FROM alias WHERE entity_id IN (SELECT value FROM json_each(?)) ORDER BY rowid
            """), arguments: [try EntityRow.json(entityIDs)])
        while let row = try rows.next() { result[row["entity_id"], default: []].append(row["alias"]) }
        return result
    }
}

/// What every list page of one entity type shows, and the watermark it was read at.
struct TypeSummary: Sendable {
    var watermark: String
    var entities: Int
    var tags: [String]
}
