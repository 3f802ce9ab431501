import Foundation
import HinboxCore
import Hummingbird

/// The routes of ``WebServer``: GET pages, and the two POST edits of the review queue.
struct WebRoutes: Sendable {
    let server: WebServer
    var renderer: PageRenderer { server.renderer }
    var pages: PageLoader { PageLoader(browser: server.browser, renderer: server.renderer) }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in WebResponse.html(try await pages.home()) }
        router.get("/static/hinbox.css") { _, _ in WebResponse.css(Stylesheet.css) }
        for type in EntityType.allCases {
            router.get(RouterPath(HTML.listPath(type))) { request, _ in
                let query = ListPage.query(type: type, form: FormData(request.uri.query ?? ""))
                return WebResponse.html(try await pages.list(query).html)
            }
        }
        router.get("/entity/:id") { request, context in try await entity(request, context) }
        router.get("/article/:id") { _, context in try await article(context) }
        router.get("/review") { _, _ in WebResponse.html(try await pages.review()) }
        router.post("/review/merge") { request, _ in
            try await edit(request) { edits, form in
                guard let target = form["target"], let source = form["source"] else { return nil }
                return try await edits.merge(target, source)
            }
        }
        router.post("/review/split") { request, _ in
            try await edit(request) { edits, form in
                guard let entity = form["entity"], let article = form["article"] else { return nil }
                return try await edits.split(entity, article)
            }
        }
    }

    private func entity(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = Self.parameter(context)
        let version = FormData(request.uri.query ?? "").positiveInt("version")
        guard let page = try await pages.entity(id, version: version) else {
            if version != nil, try await pages.browser.profileDetail(nameOrID: id, version: nil) != nil {
                return WebResponse.html(renderer.message("No such version", "This profile has no version \(version!).",
                                                         link: (HTML.entityPath(id), "Latest version")), status: .notFound)
            }
            return WebResponse.html(renderer.message("Not found", "No entity has the id, name or alias “\(id)”."), status: .notFound)
        }
        return WebResponse.html(page.html)
    }

    private func article(_ context: BasicRequestContext) async throws -> Response {
        let id = Self.parameter(context)
        guard let html = try await pages.article(id) else {
            return WebResponse.html(renderer.message("Not found", "No article has the id “\(id)”."), status: .notFound)
        }
        return WebResponse.html(html)
    }

    /// Checks the flag and the form token, then runs one edit and shows its outcome.
    private func edit(_ request: Request, _ body: (WebEdits, FormData) async throws -> WebEdits.Outcome?) async throws -> Response {
        guard server.settings.allowEdits, let edits = server.edits else {
            return WebResponse.html(renderer.message(
                "Editing is off", "This server is read-only. Restart it with `hinbox serve --allow-edits` to merge or split from the review queue.",
                link: ("/review", "Review queue")), status: .forbidden)
        }
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let form = FormData(String(buffer: buffer))
        guard let token = form["csrf"], Self.constantTimeEqual(token, renderer.formToken) else {
            return WebResponse.html(renderer.message(
                "Form expired", "The form's token is missing or from another server run; reload the review queue and try again.",
                link: ("/review", "Review queue")), status: .forbidden)
        }
        do {
            guard let outcome = try await body(edits, form) else {
                return WebResponse.html(renderer.message("Incomplete form", "The form lacks a field; reload the review queue."),
                                        status: .badRequest)
            }
            return WebResponse.html(renderer.message("Done", outcome.message, link: (HTML.entityPath(outcome.entityID), "Open the profile")))
        } catch {
            return WebResponse.html(renderer.message("Not changed", String(describing: error), link: ("/review", "Review queue")),
                                    status: .conflict)
        }
    }

    /// The `:id` path parameter, percent-decoded (our links encode every id as one segment).
    private static func parameter(_ context: BasicRequestContext) -> String {
        let raw = context.parameters.get("id") ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
