import Foundation

/// The home page's numbers.
public struct KnowledgeOverview: Sendable, Hashable {
    /// Entities per type (every type present, zero when none).
    public var counts: [EntityType: Int]
    public var articles: Int
    public var failedArticles: Int
    public var profileVersions: Int
    /// Newest first.
    public var latestRuns: [RunRecord]

    public init(counts: [EntityType: Int], articles: Int, failedArticles: Int, profileVersions: Int, latestRuns: [RunRecord]) {
        self.counts = counts
        self.articles = articles
        self.failedArticles = failedArticles
        self.profileVersions = profileVersions
        self.latestRuns = latestRuns
    }
}

/// What an entity list asks for. Events are sorted by start date, others by name.
public struct EntityQuery: Sendable, Hashable {
    public var type: EntityType
    /// Case-insensitive substring of the name or an alias.
    public var search: String?
    public var subtype: String?
    public var tag: String?
    /// Inclusive ISO date bounds on an event's start date (text comparison of `YYYY-MM-DD`).
    public var from: String?
    public var to: String?
    /// 1-based.
    public var page: Int
    public var pageSize: Int

    public init(type: EntityType, search: String? = nil, subtype: String? = nil, tag: String? = nil,
                from: String? = nil, to: String? = nil, page: Int = 1, pageSize: Int = 50) {
        self.type = type
        self.search = search
        self.subtype = subtype
        self.tag = tag
        self.from = from
        self.to = to
        self.page = max(1, page)
        self.pageSize = max(1, pageSize)
    }
}

/// One row of an entity list.
public struct EntityListRow: Sendable, Hashable {
    public var entity: EntityRecord
    public var aliases: [String]
    public var articleCount: Int

    public init(entity: EntityRecord, aliases: [String], articleCount: Int) {
        self.entity = entity
        self.aliases = aliases
        self.articleCount = articleCount
    }
}

/// A page of an entity list.
public struct EntityPage: Sendable, Hashable {
    public var rows: [EntityListRow]
    /// Rows matching the query across all pages.
    public var total: Int
    /// Every subtype and tag of the type (for filter chips), sorted.
    public var subtypes: [String]
    public var tags: [String]

    public init(rows: [EntityListRow], total: Int, subtypes: [String], tags: [String]) {
        self.rows = rows
        self.total = total
        self.subtypes = subtypes
        self.tags = tags
    }
}

/// An entity that shares articles with another.
public struct CoOccurrence: Sendable, Hashable {
    public var entity: EntityRecord
    public var sharedArticles: Int

    public init(entity: EntityRecord, sharedArticles: Int) {
        self.entity = entity
        self.sharedArticles = sharedArticles
    }
}

/// An article with what it mentions.
public struct ArticlePage: Sendable, Hashable {
    /// One entity the article mentions.
    public struct Mention: Sendable, Hashable {
        public var entity: EntityRecord
        /// The name the article used.
        public var surfaceName: String
        public var aliases: [String]
        public var evidence: String

        public init(entity: EntityRecord, surfaceName: String, aliases: [String], evidence: String) {
            self.entity = entity
            self.surfaceName = surfaceName
            self.aliases = aliases
            self.evidence = evidence
        }
    }

    public var article: ArticleRecord
    /// By type, then name.
    public var mentions: [Mention]

    public init(article: ArticleRecord, mentions: [Mention]) {
        self.article = article
        self.mentions = mentions
    }
}

/// A resolution decision worth a second look, with both sides' evidence.
public struct ReviewItem: Sendable, Hashable {
    /// The decision's row id.
    public var id: Int64
    public var decision: ResolutionRecord
    /// The entity the decision created or merged into (nil when it has since been merged away).
    public var entity: EntityRecord?
    /// The best other candidate (for a `create`) or the entity merged into (for a `merge`).
    public var candidate: ResolutionCandidate?
    /// The candidate entity as it is now (nil when gone).
    public var candidateEntity: EntityRecord?
    /// The article's text around the incoming mention.
    public var incomingEvidence: String
    /// The candidate's evidence text (its embedded evidence), when stored.
    public var candidateEvidence: String?
    /// How far the deciding score was from the threshold (smaller is riskier).
    public var margin: Double

    public init(id: Int64, decision: ResolutionRecord, entity: EntityRecord?, candidate: ResolutionCandidate?,
                candidateEntity: EntityRecord?, incomingEvidence: String, candidateEvidence: String?, margin: Double) {
        self.id = id
        self.decision = decision
        self.entity = entity
        self.candidate = candidate
        self.candidateEntity = candidateEntity
        self.incomingEvidence = incomingEvidence
        self.candidateEvidence = candidateEvidence
        self.margin = margin
    }
}
