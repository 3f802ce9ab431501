/// Progress the pipeline reports while it runs (for the CLI's display).
public enum PipelineEvent: Sendable {
    /// The run is about to start: `total` articles to process, `skipped` unchanged ones.
    case planned(total: Int, skipped: Int)
    case articleStarted(Article)
    /// One resolution decision, after its article committed.
    case decision(ResolutionDecision, entityName: String, articleID: String)
    case articleProcessed(ArticleOutcome)
    case articleFailed(ArticleOutcome)
    /// The relevance check found it off-topic: stored as irrelevant, not extracted.
    case articleIrrelevant(ArticleOutcome)
}

/// How one article ended.
public struct ArticleOutcome: Sendable, Hashable {
    public var articleID: String
    public var title: String
    public var source: String
    public var traceID: String?
    public var created: Int
    public var merged: Int
    /// Set when the article failed.
    public var error: String?
    /// Set when the relevance check found the article off-topic.
    public var irrelevantReason: String?
    /// What the article waited for (a model slot, its turns).
    public var waits = Waits()

    public init(
        articleID: String, title: String, source: String, traceID: String?, created: Int = 0, merged: Int = 0, error: String? = nil,
        irrelevantReason: String? = nil, waits: Waits = Waits()
    ) {
        self.articleID = articleID
        self.title = title
        self.source = source
        self.traceID = traceID
        self.created = created
        self.merged = merged
        self.error = error
        self.irrelevantReason = irrelevantReason
        self.waits = waits
    }
}

/// What a run did.
public struct RunReport: Sendable {
    public var processed: [ArticleOutcome] = []
    public var failed: [ArticleOutcome] = []
    /// Articles the relevance check found off-topic.
    public var irrelevant: [ArticleOutcome] = []
    public var skipped: Int = 0
    /// Articles not started or abandoned because the run was interrupted.
    public var interrupted: Int = 0
    /// Articles that failed before, processed after articles that follow them (``ResumeOrder``).
    public var outOfOrder: [String] = []

    public init() {}

    public var created: Int { processed.reduce(0) { $0 + $1.created } }
    public var merged: Int { processed.reduce(0) { $0 + $1.merged } }
    /// Every article's waits, summed.
    public var waits: Waits { (processed + failed + irrelevant).reduce(Waits()) { $0 + $1.waits } }
}
