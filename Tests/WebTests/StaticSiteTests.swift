import Foundation
import HinboxApp
import HinboxCore
import HinboxStore
@testable import HinboxWeb
import Testing

/// `hinbox export --html DIR`: the pages as files with relative links, opened from disk.
@Suite("Static site export", .serialized)
struct StaticSiteTests {
    @Test("Server paths map to files; links become relative and keep ids in one segment")
    func links() {
        #expect(StaticSite.file(for: "/") == "index.html")
        #expect(StaticSite.file(for: "/people?page=3&q=x") == "people-3.html")
        #expect(StaticSite.file(for: "/events?tag=a") == "events.html")
        #expect(StaticSite.file(for: "/entity/per_1?version=2") == "entity/per_1-v2.html")
        #expect(StaticSite.file(for: "/article/a%2Fb") == "article/a%2Fb.html")
        let html = #"<a href="/entity/per_1?version=2">x</a> <a href="https://e.org/">y</a> "href=&quot;/x" <a href="/article/a%2Fb">"#
        #expect(StaticSite.relativeLinks(html, depth: 1)
            == #"<a href="../entity/per_1-v2.html">x</a> <a href="https://e.org/">y</a> "href=&quot;/x" <a href="../article/a%252Fb.html">"#)
    }

    @Test("The export writes every page, with no absolute link left, and opens from disk in Chromium")
    func export() async throws {
        let fixture = try await KnowledgeFixture.make()
        defer { fixture.remove() }
        let site = fixture.directory.appendingPathComponent("site")
        let files = try await WebServing.exportSite(databasePath: fixture.databasePath, to: site.path, phoenixURL: nil)
        let store = try SQLiteStore.openReadOnly(path: fixture.databasePath)
        let dana = try #require(try await store.profileDetail(nameOrID: "Dana Whitfield", version: nil))
        let expected = ["index.html", "review.html", "people.html", "events.html", "static/hinbox.css", "article/a1.html",
                        "entity/\(dana.entity.id).html", "entity/\(dana.entity.id)-v1.html"]
        for path in expected {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path), "\(path)")
        }
        #expect(files >= expected.count)
        let enumerator = try #require(FileManager.default.enumerator(atPath: site.path))
        for case let path as String in enumerator where path.hasSuffix(".html") {
            let html = try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
            #expect(!html.contains(#"href="/"#) && !html.contains(#"action="/"#), "\(path) keeps an absolute link")
        }
        guard Chromium.isInstalled else { return }
        let home = try await Chromium.dumpDOM(site.appendingPathComponent("index.html").absoluteString)
        #expect(home.contains(#"data-type="person">2<"#) && home.contains(#"href="people.html""#))
        let entity = site.appendingPathComponent("entity/\(dana.entity.id).html").absoluteString
        let page = try await Chromium.dumpDOM(entity)
        #expect(page.contains(#"<h1 id="entity-name">Dana Whitfield</h1>"#) && page.contains(#"href="../article/a1.html""#))
        try await Chromium.screenshot(entity, to: "\(WebTestSupport.screenshots)/export-entity.png")
    }
}
