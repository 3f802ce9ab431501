public import Foundation

/// Every row of a knowledge base, table by table, in insertion order: what `hinbox migrate`
/// copies from one store to another (history, decisions and merged versions included).
public struct KnowledgeDump: Sendable, Hashable {
    /// An entity's evidence vector with the time it was stored.
    public struct StoredEmbedding: Sendable, Hashable {
        public var embedding: EntityEmbedding
        public var updatedAt: Date

        public init(embedding: EntityEmbedding, updatedAt: Date) {
            self.embedding = embedding
            self.updatedAt = updatedAt
        }
    }

    /// A profile version of a merged-away entity, under the entity that holds it now.
    public struct HeldVersion: Sendable, Hashable {
        public var entityID: String
        public var merged: MergedProfileVersion

        public init(entityID: String, merged: MergedProfileVersion) {
            self.entityID = entityID
            self.merged = merged
        }
    }

    /// Every `hinbox process` run and manual correction.
    public var runs: [RunRecord] = []
    /// Every article row, with its stored text.
    public var articles: [ArticleRecord] = []
    /// Every entity in its current state.
    public var entities: [EntityRecord] = []
    /// In the order they were stored (that order is the aliases' display order).
    public var aliases: [AliasRecord] = []
    /// Every (entity, article) mention.
    public var mentions: [MentionRecord] = []
    /// Every profile version of every entity.
    public var versions: [ProfileVersionRecord] = []
    /// Every entity's evidence vector.
    public var embeddings: [StoredEmbedding] = []
    /// In the order they were logged.
    public var decisions: [ResolutionRecord] = []
    /// Versions kept from entities merged away by hand.
    public var mergedVersions: [HeldVersion] = []

    /// An empty dump, to fill table by table.
    public init() {}

    /// Appends the rows of `other`, table by table.
    public mutating func append(_ other: KnowledgeDump) {
        runs += other.runs
        articles += other.articles
        entities += other.entities
        aliases += other.aliases
        mentions += other.mentions
        versions += other.versions
        embeddings += other.embeddings
        decisions += other.decisions
        mergedVersions += other.mergedVersions
    }

    /// Rows per table, by the tables' names in both stores.
    public var counts: [String: Int] {
        [
            "run": runs.count, "article": articles.count, "entity": entities.count, "alias": aliases.count,
            "mention": mentions.count, "profile_version": versions.count, "entity_embedding": embeddings.count,
            "resolution_decision": decisions.count, "merged_profile_version": mergedVersions.count,
        ]
    }
}
