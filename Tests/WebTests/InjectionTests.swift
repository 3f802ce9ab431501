import Foundation
import HinboxCore
import HinboxStore
import HinboxTesting
import Testing

/// Untrusted text stays text: an article whose title, text and URL carry scripts, event handlers,
/// `javascript:` links and Markdown/HTML tricks, and a model that writes the same into profiles.
/// Checked in Chromium after its scripts had their chance: nothing ran, no element was injected,
/// no `javascript:` link exists, and the text is still there to read.
@Suite("hinbox serve keeps untrusted text inert", .serialized, .enabled(if: Chromium.isInstalled, "\(WebTestSupport.chromiumMissing)"))
struct InjectionTests {
    /// Every payload sets the title to this; the page's real title never equals it.
    static let marker = "HACKED"
    static let script = "<script>document.title='\(marker)'</script>"
    static let image = "<img src=x onerror=\"document.title='\(marker)'\">"
    static let svg = "<svg onload=\"document.title='\(marker)'\"></svg>"

    static let evil = Article(
        id: "evil-1",
        title: "Dana Whitfield \(script)\(image)",
        url: "javascript:document.title='\(marker)'",
        publishedDate: "2025-06-01",
        content: """
            Dana Whitfield spoke. \(script) \(image) [click me](javascript:document.title='\(marker)')
            <a href="javascript:document.title='\(marker)'">link</a> \(svg) <iframe src="javascript:alert(1)"></iframe>
            <style>body{display:none}</style> "><script>alert(1)</script> ' onmouseover='alert(1)
            """,
        source: "evil.md")

    /// The gazetteer model, except that every profile it writes carries the same payloads.
    static let model = FakeChatModel { request in
        guard request.schema?.name.hasPrefix("profile_") == true else {
            return try FakeChatModel.gazetteerReply(to: request, gazetteer: KnowledgeFixture.gazetteer)
        }
        let text = """
            ## Profile \(script)
            Whitfield \(image) [docs](javascript:document.title='\(marker)') [ok](https://example.org/ok) \(svg) ^[evil-1]
            - <b onclick="document.title='\(marker)'">bold</b> **strong \(script)**
            [x](JaVaScRiPt:alert(1)) [y]( javascript:alert(1)) <a href="data:text/html,<script>alert(1)</script>">d</a>
            """
        let profile: [String: Any] = ["text": text, "tags": ["<script>alert(1)</script>", "t\"onmouseover=\"alert(1)"], "confidence": 0.5]
        var body = try JSONSerialization.data(withJSONObject: profile)
        if request.schema?.name == "profile_batch" {
            // Every listed entity gets the payload profile, under its own name.
            let listed = try FakeChatModel.gazetteerReply(to: request, gazetteer: KnowledgeFixture.gazetteer)
            let names = (JSONValue.parse(listed.content)?["profiles"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            body = try JSONSerialization.data(withJSONObject: ["profiles": names.map { profile.merging(["name": $0]) { $1 } }])
        }
        return ChatResponse(content: String(decoding: body, as: UTF8.self), finishReason: "stop")
    }

    @Test("Article, entity, list and home pages hold the payloads as text; nothing executes")
    func payloadsStayText() async throws {
        let fixture = try await KnowledgeFixture.make(model: Self.model, extra: [Self.evil])
        try await WebTestSupport.withServer(fixture: fixture) { server, fixture in
            let store = try SQLiteStore.openReadOnly(path: fixture.databasePath)
            let dana = try #require(try await store.profileDetail(nameOrID: "Dana Whitfield", version: nil))
            #expect(dana.version.profile.text.contains("<script>"), "the payload reached the profile")
            let pages = [
                ("article", "/article/evil-1"), ("entity", "/entity/\(dana.entity.id)"), ("people", "/people?tag=%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
                ("home", "/"), ("review", "/review"), ("search", "/people?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
            ]
            for (name, path) in pages {
                let dom = try await Chromium.dumpDOM(server.at(path))
                #expect(WebTestSupport.title(dom) != Self.marker, "\(name): a payload ran")
                #expect(!dom.contains("<script"), "\(name): a script element was injected")
                for tag in WebTestSupport.tags(dom) {
                    let lower = WebTestSupport.structure(tag).lowercased()
                    let element = lower.dropFirst().prefix { $0.isLetter || $0.isNumber }
                    #expect(!["script", "img", "iframe", "style", "b", "object", "embed"].contains(String(element)), "\(name): \(tag)")
                    #expect(element != "svg" || tag.lowercased().hasPrefix("<svg class=\"timeline\""), "\(name): \(tag)")
                    #expect(lower.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(name): handler in \(tag)")
                }
                for href in WebTestSupport.hrefs(dom) {
                    let scheme = href.lowercased().trimmingCharacters(in: .whitespaces)
                    #expect(!scheme.hasPrefix("javascript:") && !scheme.hasPrefix("data:"), "\(name): link \(href)")
                }
                try await Chromium.screenshot(server.at(path), to: "\(WebTestSupport.screenshots)/injection-\(name).png")
            }
            let article = try await Chromium.dumpDOM(server.at("/article/evil-1"))
            #expect(article.contains("&lt;script&gt;document.title='\(Self.marker)'&lt;/script&gt;"), "the title is shown as text")
            #expect(article.contains(#"<span id="source-text">javascript:document.title='HACKED'</span>"#), "the URL is text, not a link")
            #expect(!article.contains(#"id="source-url""#))
            #expect(article.contains("[click me](javascript:"), "article Markdown is not rendered")
            let entity = try await Chromium.dumpDOM(server.at("/entity/\(dana.entity.id)"))
            #expect(entity.contains(#"<a href="https://example.org/ok" rel="nofollow noopener noreferrer">ok</a>"#), "http(s) links still work")
            #expect(entity.contains("&lt;img src=x onerror="), "the profile's HTML is visible text")
            #expect(entity.contains(" docs "), "an unsafe link keeps its label as text")
        }
    }
}
