/// Everything an entity's page shows (`hinbox serve`, `hinbox export --html`): the profile, the
/// entities that appear with it, the article that caused the shown version and the titles of
/// every article the page links to.
public struct ProfilePage: Sendable, Hashable {
    public var detail: ProfileDetail
    /// The entities sharing most articles with this one, most shared first.
    public var appearsWith: [CoOccurrence]
    /// The article that caused the shown version (for its trace link), when stored.
    public var trigger: ArticleRecord?
    /// Titles of ``ProfileDetail/linkedArticleIDs``, by id (missing articles left out).
    public var titles: [String: String]

    public init(detail: ProfileDetail, appearsWith: [CoOccurrence], trigger: ArticleRecord?, titles: [String: String]) {
        self.detail = detail
        self.appearsWith = appearsWith
        self.trigger = trigger
        self.titles = titles
    }
}

extension ProfileDetail {
    /// Every article the profile's page links to: mentions, each version's trigger and sources,
    /// and the sources of versions kept from merged entities; sorted, without repeats.
    public var linkedArticleIDs: [String] {
        Set(mentions.map(\.articleID) + versions.flatMap(\.covers) + versions.flatMap(\.profile.sources)
            + mergedVersions.flatMap(\.version.profile.sources)).sorted()
    }
}

extension KnowledgeBrowser {
    /// The page from the other questions, one read each; a store that can read it all in one
    /// transaction (``SQLiteStore``) answers itself, so a page never mixes two states of a
    /// database that `hinbox process` is writing, and waits for one read instead of four.
    public func profilePage(nameOrID: String, version: Int?, appearsWithLimit: Int) async throws -> ProfilePage? {
        guard let detail = try await profileDetail(nameOrID: nameOrID, version: version) else { return nil }
        return ProfilePage(
            detail: detail, appearsWith: try await appearsWith(entityID: detail.entity.id, limit: appearsWithLimit),
            trigger: try await article(id: detail.version.triggerArticleID),
            titles: try await articleTitles(ids: detail.linkedArticleIDs))
    }
}
