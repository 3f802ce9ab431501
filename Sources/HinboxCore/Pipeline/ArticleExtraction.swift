public import Instrumentation

/// What an article's first stage gives — its relevance verdict, extraction and evidence
/// embeddings — as plain data, so one process can make it and another resolve it (several
/// `hinbox process --worker` on one PostgreSQL database hand it over through a table).
public enum ArticleExtraction: Sendable, Codable, Equatable {
    /// Every type's entities with their evidence embedded, in the domain's type order.
    case prepared([EntityResolver.Prepared])
    /// Off-topic for the domain: the relevance check's reason and the key of the text it checked.
    case irrelevant(reason: String, key: String?)
    /// The stage failed after its retries; the article is recorded failed with this reason.
    case failed(String)
}

/// Where a run gets its articles' extractions when other processes make them.
///
/// A ``Pipeline`` with a source (``Pipeline/extractions``) does not extract: it waits for each
/// article's extraction here, then resolves, writes profiles and commits in input order as usual.
public protocol ExtractionSource: Sendable {
    /// The article's extraction, waiting until one exists.
    /// - Throws: `CancellationError` when the run stops while waiting.
    func extraction(of article: Article) async throws -> ArticleExtraction

    /// The context the article's root span (`process_article`) starts in, so it joins the trace
    /// its extraction started elsewhere; nil: a new trace.
    func traceContext(of article: Article) -> ServiceContext?
}
