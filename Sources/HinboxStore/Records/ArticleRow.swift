import Foundation
import GRDB
import HinboxCore

/// A row of `article`: an article's identity, status and the run and trace that last processed it.
struct ArticleRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "article"

    var id: String
    var title: String
    var url: String?
    var publishedDate: String?
    var source: String
    var contentHash: String
    var status: String
    var error: String?
    var runID: String
    var traceID: String?
    var processedAt: Date
    var relevanceReason: String?
    var relevanceKey: String?
    var content: String?

    enum CodingKeys: String, CodingKey {
        case id, title, url
        case publishedDate = "published_date"
        case source
        case contentHash = "content_hash"
        case status, error
        case runID = "run_id"
        case traceID = "trace_id"
        case processedAt = "processed_at"
        case relevanceReason = "relevance_reason"
        case relevanceKey = "relevance_key"
        case content
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let status = Column(CodingKeys.status)
        static let processedAt = Column(CodingKeys.processedAt)
    }

    init(_ article: ArticleRecord) {
        id = article.id
        title = article.title
        url = article.url
        publishedDate = article.publishedDate
        source = article.source
        contentHash = article.contentHash
        status = article.status.rawValue
        error = article.error
        runID = article.runID
        traceID = article.traceID
        processedAt = article.processedAt
        relevanceReason = article.relevanceReason
        relevanceKey = article.relevanceKey
        content = article.content
    }

    func record() throws -> ArticleRecord {
        guard let status = ArticleStatus(rawValue: status) else {
            throw StoreError.corruptValue(table: "article", id: id, column: "status", value: status)
        }
        let article = Article(
            id: id, title: title, url: url, publishedDate: publishedDate, content: "",
            source: source, contentHash: contentHash)
        var record = ArticleRecord(
            article: article, status: status, error: error, runID: runID, traceID: traceID, processedAt: processedAt,
            relevanceReason: relevanceReason, relevanceKey: relevanceKey)
        record.content = content
        return record
    }
}
