import Foundation
import HinboxCore
import PostgresNIO

extension PostgresRowSequence {
    /// Every row, each readable by column name.
    func rows() async throws -> [PostgresRandomAccessRow] {
        try await collect().map { $0.makeRandomAccess() }
    }

    /// The first column of every row.
    func all<T: PostgresDecodable>(_: T.Type) async throws -> [T] {
        try await collect().map { try $0.makeRandomAccess()[0].decode(T.self) }
    }

    /// The first column of the first row, nil when there is no row.
    func first<T: PostgresDecodable>(_: T.Type) async throws -> T? {
        try await collect().first.map { try $0.makeRandomAccess()[0].decode(T.self) }
    }

    /// The first column of the one row a query always returns (`SELECT COUNT(*)…`).
    func one<T: PostgresDecodable>(_: T.Type) async throws -> T {
        guard let value = try await first(T.self) else { throw PostgresDecodingError.Code.missingData }
        return value
    }

    /// The first columns of the one row a query always returns.
    func one<A: PostgresDecodable, B: PostgresDecodable, C: PostgresDecodable, D: PostgresDecodable>(
        _: A.Type, _: B.Type, _: C.Type, _: D.Type
    ) async throws -> (A, B, C, D) {
        guard let row = try await collect().first?.makeRandomAccess() else { throw PostgresDecodingError.Code.missingData }
        return (try row[0].decode(A.self), try row[1].decode(B.self), try row[2].decode(C.self), try row[3].decode(D.self))
    }
}

extension PostgresRandomAccessRow {
    /// The value of column `name`.
    func value<T: PostgresDecodable>(_ name: String, as _: T.Type = T.self) throws -> T {
        try self[name].decode(T.self)
    }

    /// A date column.
    func date(_ name: String) throws -> Date { try value(name, as: StoredDate.self).date }

    /// A nullable date column.
    func optionalDate(_ name: String) throws -> Date? { try value(name, as: StoredDate?.self)?.date }
}

/// Column lists and row readers of the knowledge base's tables (the same rows as the SQLite store's).
enum PostgresRecords {
    static let entityColumns = """
        entity.id, entity.type, entity.name, entity.key, entity.subtype, entity.tags, entity.description, entity.start_date,
        entity.end_date, entity.current_version, entity.created_at, entity.updated_at
        """
    static let articleColumns = """
        article.id, article.title, article.url, article.published_date, article.source, article.content_hash, article.status,
        article.error, article.run_id, article.trace_id, article.processed_at, article.relevance_reason, article.relevance_key,
        article.content
        """
    static let versionColumns = versionColumns(of: "profile_version")

    /// The columns a version is read from, of `table` (or its alias).
    static func versionColumns(of table: String) -> String {
        ["entity_id", "version", "text", "tags", "confidence", "sources", "trigger_article_id", "run_id", "created_at"]
            .map { "\(table).\($0)" }.joined(separator: ", ") + ", \(table).grounding::text AS grounding, \(table).covers"
    }
    static let decisionColumns = """
        id, run_id, article_id, entity_type, incoming_name, action, entity_id, reason, threshold, candidates::text AS candidates,
        match_check::text AS match_check, created_at
        """
    static let runColumns = "id, started_at, finished_at, input_path, domain, model, embedding_model, processed, failed, skipped"

    static func entity(_ row: PostgresRandomAccessRow) throws -> EntityRecord {
        let id = try row.value("id", as: String.self)
        let typeName = try row.value("type", as: String.self)
        guard let type = EntityType(rawValue: typeName) else {
            throw StoreError.corruptValue(table: "entity", id: id, column: "type", value: typeName)
        }
        return EntityRecord(
            id: id, type: type, name: try row.value("name"), key: try row.value("key"), subtype: try row.value("subtype"),
            tags: try row.value("tags"), description: try row.value("description"), startDate: try row.value("start_date"),
            endDate: try row.value("end_date"), currentVersion: try row.value("current_version"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    static func article(_ row: PostgresRandomAccessRow) throws -> ArticleRecord {
        let id = try row.value("id", as: String.self)
        let statusName = try row.value("status", as: String.self)
        guard let status = ArticleStatus(rawValue: statusName) else {
            throw StoreError.corruptValue(table: "article", id: id, column: "status", value: statusName)
        }
        let article = Article(
            id: id, title: try row.value("title"), url: try row.value("url"), publishedDate: try row.value("published_date"),
            content: "", source: try row.value("source"), contentHash: try row.value("content_hash"))
        var record = ArticleRecord(
            article: article, status: status, error: try row.value("error"), runID: try row.value("run_id"),
            traceID: try row.value("trace_id"), processedAt: try row.date("processed_at"),
            relevanceReason: try row.value("relevance_reason"), relevanceKey: try row.value("relevance_key"))
        record.content = try row.value("content")
        return record
    }

    static func version(_ row: PostgresRandomAccessRow) throws -> ProfileVersionRecord {
        ProfileVersionRecord(
            entityID: try row.value("entity_id"), version: try row.value("version"),
            profile: Profile(
                text: try row.value("text"), tags: try row.value("tags"), confidence: try row.value("confidence"),
                sources: try row.value("sources"),
                grounding: try row.value("grounding", as: String?.self).map {
                    try JSONDecoder().decode(Grounding.self, from: Data($0.utf8))
                }),
            triggerArticleID: try row.value("trigger_article_id"), covers: try row.value("covers", as: [String]?.self),
            runID: try row.value("run_id"), createdAt: try row.date("created_at"))
    }

    static func decision(_ row: PostgresRandomAccessRow) throws -> ResolutionRecord {
        let id = try row.value("id", as: Int64.self)
        let typeName = try row.value("entity_type", as: String.self)
        guard let type = EntityType(rawValue: typeName) else {
            throw StoreError.corruptValue(table: "resolution_decision", id: String(id), column: "entity_type", value: typeName)
        }
        let decoder = JSONDecoder()
        let candidates = try decoder.decode([ResolutionCandidate].self, from: Data(try row.value("candidates", as: String.self).utf8))
        let matchCheck = try row.value("match_check", as: String?.self).map {
            try decoder.decode(MatchCheckResult.self, from: Data($0.utf8))
        }
        return ResolutionRecord(
            runID: try row.value("run_id"), articleID: try row.value("article_id"), entityType: type,
            incomingName: try row.value("incoming_name"), action: try row.value("action"), entityID: try row.value("entity_id"),
            reason: try row.value("reason"), threshold: try row.value("threshold"), candidates: candidates,
            matchCheck: matchCheck, createdAt: try row.date("created_at"))
    }

    static func run(_ row: PostgresRandomAccessRow) throws -> RunRecord {
        RunRecord(
            id: try row.value("id"), startedAt: try row.date("started_at"), finishedAt: try row.optionalDate("finished_at"),
            inputPath: try row.value("input_path"), domain: try row.value("domain"), model: try row.value("model"),
            embeddingModel: try row.value("embedding_model"), processed: try row.value("processed"),
            failed: try row.value("failed"), skipped: try row.value("skipped"))
    }

    static func embedding(_ row: PostgresRandomAccessRow) throws -> EntityEmbedding {
        EntityEmbedding(
            entityID: try row.value("entity_id"), model: try row.value("model"), vector: try row.value("vector"),
            evidence: try row.value("evidence"))
    }

    /// JSON text of a value, as the `jsonb` columns take it.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
