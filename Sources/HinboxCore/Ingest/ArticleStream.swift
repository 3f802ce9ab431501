/// The articles under a path, read lazily in input order: one file at a time, a Parquet file one
/// row group at a time. A repeated id is reported and skipped (the first one wins).
///
/// ``ArticleLoader/load(path:)`` collects it; a run reads the input twice through it — a scan
/// that keeps each article's identity and hash but drops its text (``ArticleLoader/scan(path:)``),
/// then the texts of the articles to process, as the pipeline reaches them
/// (``next(id:)``) — so a corpus larger than memory is processed in memory bounded by one row
/// group and the articles in flight.
public final class ArticleStream {
    private let loader: ArticleLoader
    private let root: String
    private var files: [String]
    private var nextFile = 0
    private var pending: [Article] = []
    private var nextPending = 0
    private var parquet: ParquetArticles?
    private var seen: [String: String] = [:]
    /// Files and records that could not be read, and repeated ids, so far.
    public private(set) var problems: [IngestProblem] = []

    init(loader: ArticleLoader, path: String) {
        self.loader = loader
        root = path
        var found: [IngestProblem] = []
        files = loader.files(under: path, problems: &found)
        problems = found
    }

    /// The next article, or nil at the end of the input.
    public func next() -> Article? {
        while true {
            if nextPending < pending.count {
                let article = pending[nextPending]
                nextPending += 1
                if let first = seen[article.id] {
                    problems.append(IngestProblem(location: article.source, reason: "duplicate article id '\(article.id)' (first seen in \(first)); skipped"))
                    continue
                }
                seen[article.id] = article.source
                return article
            }
            (pending, nextPending) = ([], 0)
            if let rows = parquet {
                if let batch = rows.nextRowGroup() {
                    pending = batch
                    continue
                }
                problems += rows.problems
                if rows.problems.isEmpty, rows.yielded == 0 { problems.append(IngestProblem(location: rows.file, reason: "no rows")) }
                parquet = nil
            }
            guard nextFile < files.count else { return nil }
            let file = files[nextFile]
            nextFile += 1
            if file.lowercased().hasSuffix(".parquet") {
                parquet = ParquetArticles(file: file)
            } else {
                let (articles, fileProblems) = loader.read(file: file, relativeTo: root)
                pending = articles
                problems += fileProblems
            }
        }
    }

    /// The next article with this id, skipping the ones before it (which the run does not process);
    /// nil when the input has no such article any more.
    public func next(id: String) -> Article? {
        while let article = next() {
            if article.id == id { return article }
        }
        return nil
    }
}
