import HinboxCore

/// Asks the ``KnowledgeBrowser`` what a page needs and renders it: shared by the server's routes
/// and the static export, so both show the same pages.
struct PageLoader: Sendable {
    let browser: any KnowledgeBrowser
    let renderer: PageRenderer

    func home() async throws -> String {
        HomePage.render(try await browser.overview(runLimit: 10), with: renderer)
    }

    func list(_ query: EntityQuery) async throws -> (html: String, page: EntityPage) {
        let page = try await browser.entities(query)
        return (ListPage.render(page, query: query, with: renderer), page)
    }

    /// The entity page, or nil when no entity (or no such version) matches.
    func entity(_ nameOrID: String, version: Int?) async throws -> (html: String, detail: ProfileDetail)? {
        guard let page = try await browser.profilePage(nameOrID: nameOrID, version: version, appearsWithLimit: 10) else { return nil }
        return (EntityPageView.render(page, with: renderer), page.detail)
    }

    func article(_ id: String) async throws -> String? {
        try await browser.articlePage(id: id).map { ArticlePageView.render($0, with: renderer) }
    }

    func review() async throws -> String {
        ReviewPage.render(try await browser.reviewQueue(limit: 50), with: renderer)
    }
}
