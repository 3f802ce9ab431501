public import Foundation

/// One `hinbox process` run.
public struct RunRecord: Sendable, Hashable, Codable {
    /// A UUID; also the Phoenix `session.id`.
    public var id: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var inputPath: String
    public var domain: String
    public var model: String
    public var embeddingModel: String
    public var processed: Int
    public var failed: Int
    public var skipped: Int

    public init(
        id: String, startedAt: Date, finishedAt: Date? = nil, inputPath: String, domain: String,
        model: String, embeddingModel: String, processed: Int = 0, failed: Int = 0, skipped: Int = 0
    ) {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.inputPath = inputPath
        self.domain = domain
        self.model = model
        self.embeddingModel = embeddingModel
        self.processed = processed
        self.failed = failed
        self.skipped = skipped
    }
}

/// Where an article stands.
public enum ArticleStatus: String, Sendable, Codable, CaseIterable {
    case processed
    case failed
    /// The domain's relevance check said it is off-topic: not extracted (see ``RelevanceFilter``).
    case irrelevant
}

/// An article row: its identity, status and the run and trace that last processed it.
public struct ArticleRecord: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var url: String?
    public var publishedDate: String?
    public var source: String
    public var contentHash: String
    public var status: ArticleStatus
    /// Why it failed (status `failed`).
    public var error: String?
    public var runID: String
    /// Lower-case hex OTLP trace id of its `process_article` trace, when traced.
    public var traceID: String?
    public var processedAt: Date
    /// Why the relevance check judged it (status `irrelevant`).
    public var relevanceReason: String?
    /// Which relevance text judged it (``RelevanceFilter/key``): a changed text asks again.
    public var relevanceKey: String?
    /// The article text as processed (nil for articles stored before the text was kept).
    public var content: String?

    public init(
        article: Article, status: ArticleStatus, error: String? = nil, runID: String, traceID: String?, processedAt: Date,
        relevanceReason: String? = nil, relevanceKey: String? = nil
    ) {
        self.id = article.id
        self.title = article.title
        self.url = article.url
        self.publishedDate = article.publishedDate
        self.source = article.source
        self.contentHash = article.contentHash
        self.status = status
        self.error = error
        self.runID = runID
        self.traceID = traceID
        self.processedAt = processedAt
        self.relevanceReason = relevanceReason
        self.relevanceKey = relevanceKey
        self.content = article.content
    }
}

/// An entity row: identity and current state (the profile text lives in versions).
public struct EntityRecord: Sendable, Hashable, Codable {
    /// Stable id, e.g. `per_3f9a1c2b7d`.
    public var id: String
    public var type: EntityType
    public var name: String
    /// `EntityKey.description` of the canonical name.
    public var key: String
    public var subtype: String?
    public var tags: [String]
    public var description: String?
    public var startDate: String?
    public var endDate: String?
    /// The latest profile version number (1-based).
    public var currentVersion: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, type: EntityType, name: String, key: String, subtype: String? = nil, tags: [String] = [],
        description: String? = nil, startDate: String? = nil, endDate: String? = nil,
        currentVersion: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.key = key
        self.subtype = subtype
        self.tags = tags
        self.description = description
        self.startDate = startDate
        self.endDate = endDate
        self.currentVersion = currentVersion
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Another name of an entity.
public struct AliasRecord: Sendable, Hashable, Codable {
    public var entityID: String
    public var alias: String
    /// `NameNormalizer.key(alias)`; unique per entity.
    public var normalized: String

    public init(entityID: String, alias: String) {
        self.entityID = entityID
        self.alias = alias
        self.normalized = NameNormalizer.key(alias)
    }
}

/// An entity mentioned by an article, with the text around the mention.
public struct MentionRecord: Sendable, Hashable, Codable {
    public var entityID: String
    public var articleID: String
    /// The name the article used.
    public var surfaceName: String
    /// Context windows around the mentions in the article.
    public var evidence: String
    /// Whether the entity's profile has yet to take this article in: an update waiting for the
    /// end of its block of articles (``CallPlan/profileBlock``).
    public var pendingProfile: Bool

    public init(entityID: String, articleID: String, surfaceName: String, evidence: String, pendingProfile: Bool = false) {
        self.entityID = entityID
        self.articleID = articleID
        self.surfaceName = surfaceName
        self.evidence = evidence
        self.pendingProfile = pendingProfile
    }
}

/// An (entity, article) mention, by its key.
public struct MentionKey: Sendable, Hashable, Codable {
    public var entityID: String
    public var articleID: String

    public init(entityID: String, articleID: String) {
        self.entityID = entityID
        self.articleID = articleID
    }
}

/// One version of a profile; every change is a new row.
public struct ProfileVersionRecord: Sendable, Hashable, Codable {
    public var entityID: String
    /// 1-based, contiguous per entity.
    public var version: Int
    public var profile: Profile
    /// The article whose processing produced this version.
    public var triggerArticleID: String
    /// The articles this version took in, in input order: the trigger alone, or every article of
    /// a block that mentioned the entity (a folded update).
    public var covers: [String]
    public var runID: String
    public var createdAt: Date

    public init(
        entityID: String, version: Int, profile: Profile, triggerArticleID: String, covers: [String]? = nil, runID: String, createdAt: Date
    ) {
        self.entityID = entityID
        self.version = version
        self.profile = profile
        self.triggerArticleID = triggerArticleID
        self.covers = covers ?? [triggerArticleID]
        self.runID = runID
        self.createdAt = createdAt
    }

    /// ``covers`` when the version took in more than its trigger article (a folded update); nil
    /// otherwise — what the stores write, so a version per article stores nothing extra.
    public var foldedCovers: [String]? {
        covers == [triggerArticleID] ? nil : covers
    }
}

/// Everything one article produced, written in one transaction.
public struct ArticleCommit: Sendable {
    public var article: ArticleRecord
    /// New or changed entities, in their full new state (upserted by id).
    public var entities: [EntityRecord]
    public var aliases: [AliasRecord]
    /// The article's mentions; earlier mentions by the same article are replaced.
    public var mentions: [MentionRecord]
    public var versions: [ProfileVersionRecord]
    /// Evidence vectors of the article's entities (replacing an entity's earlier vector).
    public var embeddings: [EntityEmbedding]
    /// Every resolution decision the article produced.
    public var decisions: [ResolutionRecord]
    /// Mentions (of this or earlier articles) whose pending profile update a version of this
    /// commit took in.
    public var folded: [MentionKey]

    public init(
        article: ArticleRecord, entities: [EntityRecord] = [], aliases: [AliasRecord] = [],
        mentions: [MentionRecord] = [], versions: [ProfileVersionRecord] = [], embeddings: [EntityEmbedding] = [],
        decisions: [ResolutionRecord] = [], folded: [MentionKey] = []
    ) {
        self.folded = folded
        self.article = article
        self.entities = entities
        self.aliases = aliases
        self.mentions = mentions
        self.versions = versions
        self.embeddings = embeddings
        self.decisions = decisions
    }
}

/// An entity with what resolution needs to match against it.
public struct KnownEntity: Sendable, Hashable {
    public var record: EntityRecord
    public var aliases: [String]
    /// The latest profile, which the next update builds on.
    public var latestProfile: Profile?
    /// The latest evidence vector, if any.
    public var embedding: EntityEmbedding?

    public init(record: EntityRecord, aliases: [String], latestProfile: Profile?, embedding: EntityEmbedding? = nil) {
        self.record = record
        self.aliases = aliases
        self.latestProfile = latestProfile
        self.embedding = embedding
    }
}
