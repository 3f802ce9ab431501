/// The seam to the knowledge base. The live sides are SQLite via GRDB (HinboxStore) and PostgreSQL
/// (HinboxPostgres), behind ``KnowledgeBase``; tests may use
/// an in-memory SQLite database through the same implementation.
///
/// Writes are per article and atomic: ``commit(_:)`` stores everything an article produced in one
/// transaction, so a crash loses at most the articles in flight.
public protocol KnowledgeStore: Sendable {
    // MARK: - Runs
    func startRun(_ run: RunRecord) async throws
    func finishRun(_ run: RunRecord) async throws

    // MARK: - Articles
    /// The stored row of an article, if any (used to skip unchanged articles).
    func article(id: String) async throws -> ArticleRecord?
    /// Writes everything one article produced, in one transaction.
    func commit(_ commit: ArticleCommit) async throws
    /// Marks an article failed with its reason, keeping whatever it stored before.
    func recordFailure(_ article: ArticleRecord) async throws
    /// Marks an article irrelevant (off-topic for the domain) with the relevance check's reason.
    func recordIrrelevant(_ article: ArticleRecord) async throws
    func articles(status: ArticleStatus?) async throws -> [ArticleRecord]
    func articleDetail(id: String) async throws -> ArticleDetail?

    // MARK: - Entities and profiles
    /// Every entity with its aliases and latest profile: the resolver's starting state.
    func knownEntities() async throws -> [KnownEntity]
    /// Mentions whose profile update is still pending (``MentionRecord/pendingProfile``), with
    /// their articles as stored: the folded updates a run resumes.
    func pendingProfileMentions() async throws -> [(mention: MentionKey, article: ArticleRecord)]
    func profiles(type: EntityType?, search: String?) async throws -> [ProfileSummary]
    /// Finds a profile by entity id, exact name or alias (case-insensitive); `version` nil = latest.
    func profileDetail(nameOrID: String, version: Int?) async throws -> ProfileDetail?
}
