import Foundation
public import HinboxCore

/// A ``KnowledgeStore`` in plain memory, for core tests that must not depend on SQLite.
///
/// It keeps what ``KnowledgeStore`` promises (one commit per article, aliases unique per entity,
/// mentions replaced per article, versions appended, an entity's latest evidence vector) without
/// the SQLite store's integrity checks. `KnowledgeStoreContractTests` runs the same checks on both.
public actor InMemoryKnowledgeStore: KnowledgeStore {
    public private(set) var runs: [String: RunRecord] = [:]
    private var articleRows: [String: ArticleRecord] = [:]
    private var entities: [String: EntityRecord] = [:]
    private var entityOrder: [String] = []
    private var aliasesByEntity: [String: [String]] = [:]
    private var mentions: [MentionRecord] = []
    private var versions: [String: [ProfileVersionRecord]] = [:]
    private var embeddings: [String: EntityEmbedding] = [:]
    /// Every commit received, in order.
    public private(set) var commits: [ArticleCommit] = []

    public init() {}

    public func startRun(_ run: RunRecord) async throws { runs[run.id] = run }
    public func finishRun(_ run: RunRecord) async throws { runs[run.id] = run }

    public func article(id: String) async throws -> ArticleRecord? { articleRows[id] }

    public func commit(_ commit: ArticleCommit) async throws {
        commits.append(commit)
        var article = commit.article
        article.status = .processed
        article.error = nil
        articleRows[article.id] = article
        mentions.removeAll { $0.articleID == article.id }
        for entity in commit.entities {
            if entities[entity.id] == nil { entityOrder.append(entity.id) }
            entities[entity.id] = entity
        }
        for alias in commit.aliases {
            let known = aliasesByEntity[alias.entityID, default: []].map(NameNormalizer.key)
            if !known.contains(alias.normalized) { aliasesByEntity[alias.entityID, default: []].append(alias.alias) }
        }
        mentions += commit.mentions
        let folded = Set(commit.folded)
        for index in mentions.indices where folded.contains(MentionKey(entityID: mentions[index].entityID, articleID: mentions[index].articleID)) {
            mentions[index].pendingProfile = false
        }
        for version in commit.versions { versions[version.entityID, default: []].append(version) }
        for embedding in commit.embeddings { embeddings[embedding.entityID] = embedding }
    }

    public func recordFailure(_ article: ArticleRecord) async throws {
        var article = article
        article.status = .failed
        articleRows[article.id] = article
    }

    public func recordIrrelevant(_ article: ArticleRecord) async throws {
        var article = article
        article.status = .irrelevant
        articleRows[article.id] = article
    }

    public func articles(status: ArticleStatus?) async throws -> [ArticleRecord] {
        articleRows.values.filter { status == nil || $0.status == status }
            .sorted { ($0.processedAt, $0.id) < ($1.processedAt, $1.id) }
    }

    public func articleDetail(id: String) async throws -> ArticleDetail? {
        guard let article = articleRows[id] else { return nil }
        let found = mentions.filter { $0.articleID == id }.compactMap { mention in
            entities[mention.entityID].map { (entity: $0, surfaceName: mention.surfaceName) }
        }
        return ArticleDetail(article: article, entities: found.sorted { Self.order($0.entity, $1.entity) })
    }

    public func pendingProfileMentions() async throws -> [(mention: MentionKey, article: ArticleRecord)] {
        mentions.filter(\.pendingProfile).sorted { ($0.entityID, $0.articleID) < ($1.entityID, $1.articleID) }.compactMap { mention in
            articleRows[mention.articleID].map { (MentionKey(entityID: mention.entityID, articleID: mention.articleID), $0) }
        }
    }

    public func knownEntities() async throws -> [KnownEntity] {
        entityOrder.compactMap { id in
            entities[id].map { record in
                KnownEntity(record: record, aliases: aliasesByEntity[id] ?? [],
                            latestProfile: versions[id]?.first { $0.version == record.currentVersion }?.profile,
                            embedding: embeddings[id])
            }
        }
    }

    public func profiles(type: EntityType?, search: String?) async throws -> [ProfileSummary] {
        let needle = search.map { Self.fold($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? ""
        return entities.values
            .filter { type == nil || $0.type == type }
            .filter { record in
                needle.isEmpty || ([record.name] + (aliasesByEntity[record.id] ?? [])).contains { Self.fold($0).contains(needle) }
            }
            .sorted(by: Self.order)
            .map { record in
                ProfileSummary(
                    id: record.id, type: record.type, name: record.name, aliases: aliasesByEntity[record.id] ?? [],
                    version: record.currentVersion,
                    articleIDs: Set(mentions.filter { $0.entityID == record.id }.map(\.articleID)).sorted(), tags: record.tags)
            }
    }

    public func profileDetail(nameOrID: String, version: Int?) async throws -> ProfileDetail? {
        let query = Self.fold(nameOrID.trimmingCharacters(in: .whitespacesAndNewlines))
        let record = entities[nameOrID]
            ?? entities.values.sorted(by: Self.order).first { Self.fold($0.name) == query }
            ?? entities.values.sorted(by: Self.order).first { (aliasesByEntity[$0.id] ?? []).map(Self.fold).contains(query) }
        guard let record, let all = versions[record.id]?.sorted(by: { $0.version < $1.version }),
            let chosen = all.first(where: { $0.version == (version ?? record.currentVersion) })
        else { return nil }
        return ProfileDetail(
            entity: record, aliases: aliasesByEntity[record.id] ?? [], version: chosen, versions: all,
            mentions: mentions.filter { $0.entityID == record.id }.sorted { $0.articleID < $1.articleID })
    }

    private static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    private static func order(_ lhs: EntityRecord, _ rhs: EntityRecord) -> Bool {
        if lhs.type != rhs.type { return lhs.type < rhs.type }
        if fold(lhs.name) != fold(rhs.name) { return fold(lhs.name) < fold(rhs.name) }
        return lhs.id < rhs.id
    }
}
