import Foundation

/// One news article, as ingested from a file.
public struct Article: Sendable, Hashable, Codable {
    /// The id given by the source (`id`/`article_id`/`_id`), or a stable id from the content hash.
    public var id: String
    public var title: String
    public var url: String?
    /// ISO date (`YYYY-MM-DD`) or date-time, normalised from ISO text or Unix seconds.
    public var publishedDate: String?
    public var content: String
    /// The file the article came from (and `#N` for the Nth record of a JSON array or JSONL file).
    public var source: String
    /// Lower-case hex SHA-256 of `content`: unchanged articles are skipped on rerun.
    public var contentHash: String

    public init(
        id: String, title: String, url: String? = nil, publishedDate: String? = nil,
        content: String, source: String, contentHash: String? = nil
    ) {
        self.id = id
        self.title = title
        self.url = url
        self.publishedDate = publishedDate
        self.content = content
        self.source = source
        self.contentHash = contentHash ?? Hashing.sha256Hex(content)
    }
}
