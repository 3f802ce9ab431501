public import HinboxCore

/// The PostgreSQL store as the resolver role's holder writes it: every article's outcome is
/// written only while the role is still this tenure's (``ResolverFence``), and settles the
/// article's work item in the same transaction. Reads pass through.
///
/// When the fence finds the role gone, `onLost` is called once per refused write and the write
/// throws `CancellationError`: the pipeline abandons the article as interrupted, writing nothing,
/// and the new holder resolves it again.
public struct FencedKnowledgeStore: KnowledgeStore {
    /// The store written through.
    public let base: PostgresStore
    /// The holder's tenure.
    public let fence: ResolverFence
    private let onLost: @Sendable (ResolverFence.Lost) -> Void

    /// Writes to `base` while `fence` is the role's tenure; `onLost` hears of a refused write.
    public init(base: PostgresStore, fence: ResolverFence, onLost: @escaping @Sendable (ResolverFence.Lost) -> Void) {
        self.base = base
        self.fence = fence
        self.onLost = onLost
    }

    public func commit(_ commit: ArticleCommit) async throws {
        try await fenced { try await base.commit(commit, fence: fence) }
    }

    public func recordFailure(_ article: ArticleRecord) async throws {
        try await fenced { try await base.recordUncommitted(article, as: .failed, what: "the failure", fence: fence) }
    }

    public func recordIrrelevant(_ article: ArticleRecord) async throws {
        try await fenced { try await base.recordUncommitted(article, as: .irrelevant, what: "the relevance verdict", fence: fence) }
    }

    private func fenced(_ write: () async throws -> Void) async throws {
        do {
            try await write()
        } catch let lost as ResolverFence.Lost {
            onLost(lost)
            throw CancellationError()
        }
    }

    // MARK: - Passed through

    public func startRun(_ run: RunRecord) async throws { try await base.startRun(run) }
    public func finishRun(_ run: RunRecord) async throws { try await base.finishRun(run) }
    public func article(id: String) async throws -> ArticleRecord? { try await base.article(id: id) }
    public func articles(status: ArticleStatus?) async throws -> [ArticleRecord] { try await base.articles(status: status) }
    public func articleDetail(id: String) async throws -> ArticleDetail? { try await base.articleDetail(id: id) }
    public func knownEntities() async throws -> [KnownEntity] { try await base.knownEntities() }
    public func pendingProfileMentions() async throws -> [(mention: MentionKey, article: ArticleRecord)] {
        try await base.pendingProfileMentions()
    }
    public func profiles(type: EntityType?, search: String?) async throws -> [ProfileSummary] {
        try await base.profiles(type: type, search: search)
    }
    public func profileDetail(nameOrID: String, version: Int?) async throws -> ProfileDetail? {
        try await base.profileDetail(nameOrID: nameOrID, version: version)
    }
}
