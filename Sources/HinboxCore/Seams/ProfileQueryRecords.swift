public import Foundation

/// A row of `hinbox profiles list`.
public struct ProfileSummary: Sendable, Hashable, Codable {
    public var id: String
    public var type: EntityType
    public var name: String
    public var aliases: [String]
    public var version: Int
    public var articleIDs: [String]
    public var tags: [String]

    public init(id: String, type: EntityType, name: String, aliases: [String], version: Int, articleIDs: [String], tags: [String]) {
        self.id = id
        self.type = type
        self.name = name
        self.aliases = aliases
        self.version = version
        self.articleIDs = articleIDs
        self.tags = tags
    }
}

/// What `hinbox profiles show` prints.
public struct ProfileDetail: Sendable, Hashable {
    public var entity: EntityRecord
    public var aliases: [String]
    /// The requested version (default: the latest).
    public var version: ProfileVersionRecord
    /// All versions, oldest first, for the history list.
    public var versions: [ProfileVersionRecord]
    public var mentions: [MentionRecord]
    /// Resolution decisions that created or merged into this entity, oldest first (merge history).
    public var decisions: [ResolutionRecord]
    /// Profile versions of entities merged into this one by hand, by entity then version.
    public var mergedVersions: [MergedProfileVersion]

    public init(
        entity: EntityRecord, aliases: [String], version: ProfileVersionRecord, versions: [ProfileVersionRecord],
        mentions: [MentionRecord], decisions: [ResolutionRecord] = [], mergedVersions: [MergedProfileVersion] = []
    ) {
        self.entity = entity
        self.aliases = aliases
        self.version = version
        self.versions = versions
        self.mentions = mentions
        self.decisions = decisions
        self.mergedVersions = mergedVersions
    }
}

/// A profile version of an entity that `hinbox profiles merge` removed, kept as history.
public struct MergedProfileVersion: Sendable, Hashable {
    /// The removed entity's id and name when it was merged.
    public var fromEntityID: String
    public var fromName: String
    /// The version as it was (its `entityID` is the removed entity's).
    public var version: ProfileVersionRecord
    public var mergedAt: Date

    public init(fromEntityID: String, fromName: String, version: ProfileVersionRecord, mergedAt: Date) {
        self.fromEntityID = fromEntityID
        self.fromName = fromName
        self.version = version
        self.mergedAt = mergedAt
    }
}

/// What `hinbox articles show` prints.
public struct ArticleDetail: Sendable, Hashable {
    public var article: ArticleRecord
    /// Entities the article mentions, with the name it used.
    public var entities: [(entity: EntityRecord, surfaceName: String)]

    public init(article: ArticleRecord, entities: [(entity: EntityRecord, surfaceName: String)]) {
        self.article = article
        self.entities = entities
    }

    public static func == (lhs: ArticleDetail, rhs: ArticleDetail) -> Bool {
        lhs.article == rhs.article && lhs.entities.map(\.entity) == rhs.entities.map(\.entity)
            && lhs.entities.map(\.surfaceName) == rhs.entities.map(\.surfaceName)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(article) }
}
