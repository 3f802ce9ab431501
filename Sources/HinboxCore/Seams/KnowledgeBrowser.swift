/// Read-only questions a browser over the knowledge base asks (`hinbox serve`). The live side is
/// ``SQLiteStore`` opened read-only; every method is one read transaction, so a page never mixes
/// two states of a database that `hinbox process` is writing.
public protocol KnowledgeBrowser: Sendable {
    /// Counts per type, article totals and the latest runs.
    func overview(runLimit: Int) async throws -> KnowledgeOverview
    /// One page of entities matching `query`, with the filters that can narrow it further.
    func entities(_ query: EntityQuery) async throws -> EntityPage
    /// Finds a profile by entity id, exact name or alias (case-insensitive); `version` nil = latest.
    func profileDetail(nameOrID: String, version: Int?) async throws -> ProfileDetail?
    /// The entities sharing most articles with `entityID`, most shared first.
    func appearsWith(entityID: String, limit: Int) async throws -> [CoOccurrence]
    /// An article with its text and every mention (entity, surface name, aliases).
    func articlePage(id: String) async throws -> ArticlePage?
    /// The stored row of an article alone (an entity page needs its trigger's trace id, not its mentions).
    func article(id: String) async throws -> ArticleRecord?
    /// What an entity's page shows, or nil like ``profileDetail(nameOrID:version:)``.
    func profilePage(nameOrID: String, version: Int?, appearsWithLimit: Int) async throws -> ProfilePage?
    /// Every article id, sorted (for a static export).
    func articleIDs() async throws -> [String]
    /// Titles of the given articles (missing ids are left out).
    func articleTitles(ids: [String]) async throws -> [String: String]
    /// Resolution decisions most at risk of being wrong, riskiest first.
    func reviewQueue(limit: Int) async throws -> [ReviewItem]
}
