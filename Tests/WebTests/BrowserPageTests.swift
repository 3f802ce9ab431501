import Foundation
import HinboxCore
import HinboxStore
import Testing

/// Every page of `hinbox serve`, loaded in real headless Chromium over a database the pipeline
/// built with the scripted model: names, counts and links checked in the DOM, one screenshot each.
@Suite("hinbox serve pages in Chromium", .serialized, .enabled(if: Chromium.isInstalled, "\(WebTestSupport.chromiumMissing)"))
struct BrowserPageTests {
    @Test("Home shows counts per type, the domain and the run with its Phoenix session link")
    func home() async throws {
        try await WebTestSupport.withServer { server, _ in
            let dom = try await Chromium.dumpDOM(server.at("/"))
            #expect(dom.contains(#"data-type="person">2<"#))
            #expect(dom.contains(#"data-type="organization">1<"#))
            #expect(dom.contains(#"data-type="location">2<"#))
            #expect(dom.contains(#"data-type="event">2<"#))
            #expect(dom.contains(#"<strong id="domain">test</strong>"#))
            #expect(dom.contains(#"href="http://127.0.0.1:6006/redirects/sessions/run-web-1""#))
            for path in ["/people", "/organizations", "/locations", "/events"] {
                #expect(WebTestSupport.hrefs(dom).contains(path))
            }
            try await Chromium.screenshot(server.at("/"), to: "\(WebTestSupport.screenshots)/home.png")
        }
    }

    @Test("Lists search names and aliases, filter by tag, and sort events by date within a range")
    func lists() async throws {
        try await WebTestSupport.withServer { server, _ in
            let people = try await Chromium.dumpDOM(server.at("/people"))
            #expect(people.contains(#"<span class="muted" id="total">2</span>"#))
            #expect(people.contains(">Dana Whitfield</a>") && people.contains(">D. Whitfield</a>"))
            #expect(people.contains("Mayor Whitfield"), "aliases column")

            let byAlias = try await Chromium.dumpDOM(server.at("/people?q=mayor+whit"))
            #expect(byAlias.contains(">Dana Whitfield</a>") && !byAlias.contains(">D. Whitfield</a>"))

            // Profile tags: the scripted model tags Dana "politician", the hand-made D. Whitfield "council".
            let tagged = try await Chromium.dumpDOM(server.at("/people?tag=council"))
            #expect(tagged.contains(#"id="total">1<"#) && tagged.contains(">D. Whitfield</a>"))
            #expect(tagged.contains(#"class="chip active" href="/people">council</a>"#), "the active chip clears the filter")

            let events = try await Chromium.dumpDOM(server.at("/events"))
            let hearing = try #require(events.range(of: "Special Hearing on Water Safety"))
            let survey = try #require(events.range(of: "Eastgate Pipe Survey"))
            #expect(hearing.lowerBound < survey.lowerBound, "sorted by date")
            let later = try await Chromium.dumpDOM(server.at("/events?from=2025-04-01&to=2025-12-31"))
            #expect(later.contains("Eastgate Pipe Survey") && !later.contains("Special Hearing on Water Safety"))

            try await Chromium.screenshot(server.at("/people"), to: "\(WebTestSupport.screenshots)/list-people.png")
            try await Chromium.screenshot(server.at("/events"), to: "\(WebTestSupport.screenshots)/list-events.png")
        }
    }

    @Test("An entity page renders the profile with numbered citations, versions, a diff and why it changed")
    func entity() async throws {
        try await WebTestSupport.withServer { server, fixture in
            let store = try SQLiteStore.openReadOnly(path: fixture.databasePath)
            let eastgate = try #require(try await store.profileDetail(nameOrID: "Eastgate", version: nil))
            #expect(eastgate.versions.count == 2)
            let path = "/entity/\(eastgate.entity.id)"

            let latest = try await Chromium.dumpDOM(server.at(path))
            #expect(latest.contains(#"<h1 id="entity-name">Eastgate</h1>"#))
            #expect(latest.contains(#"href="/article/a1" title="Eastgate tap water">[1]</a>"#))
            #expect(latest.contains(#"href="/article/a2" title="Pipes to be tested">[2]</a>"#))
            #expect(latest.contains("version 2 of 2"))
            #expect(latest.contains(#"<option value="1">v1"#) && latest.contains(#"<option value="2" selected="">v2"#))
            #expect(latest.contains(#"<div class="diff" id="diff">"#) && latest.contains("<ins>"))
            #expect(latest.contains(#"class="trigger" href="/article/a2">Pipes to be tested</a>"#))
            #expect(latest.contains(#"<strong class="verdict">merge</strong>"#))
            #expect(latest.contains(#"href="http://127.0.0.1:6006/redirects/traces/0af7651916cd43dd8448eb211c80319c""#))
            #expect(latest.contains(#"<ul id="appears-with">"#) && latest.contains(">Dana Whitfield</a>"))
            #expect(latest.contains("<svg class=\"timeline\""))
            #expect(latest.contains(#"<div id="grounding"><p class="muted">2 supported, 0 partial, 0 unsupported</p>"#))
            #expect(latest.contains(#"<tr class="supported"><td class="verdict">supported</td><td>Eastgate appears again in "Pipes to be tested".</td><td><a href="/article/a2">a2</a></td>"#))

            let first = try await Chromium.dumpDOM(server.at("\(path)?version=1"))
            #expect(first.contains("version 1 of 2") && !first.contains(#"id="diff""#))
            #expect(first.contains(#"href="/article/a1" title="Eastgate tap water">[1]</a>"#) && !first.contains(">[2]</a>"))

            try await Chromium.screenshot(server.at(path), to: "\(WebTestSupport.screenshots)/entity.png")
        }
    }

    @Test("An article page shows its text with mentions highlighted and linked, and its source and trace")
    func article() async throws {
        try await WebTestSupport.withServer { server, fixture in
            let store = try SQLiteStore.openReadOnly(path: fixture.databasePath)
            let dana = try #require(try await store.profileDetail(nameOrID: "Dana Whitfield", version: nil))
            let dom = try await Chromium.dumpDOM(server.at("/article/a2"))
            #expect(dom.contains(#"<h1 id="article-title">Pipes to be tested</h1>"#))
            #expect(dom.contains(#"<a id="source-url" href="https://ledger.example/a2""#))
            #expect(dom.contains(#"<span class="status-processed" id="status">processed</span>"#))
            #expect(dom.contains(#"<a class="mention t-person" href="/entity/\#(dana.entity.id)">Mayor Whitfield</a>"#))
            #expect(dom.contains(">RWA</a>"), "aliases are highlighted too")
            #expect(dom.contains("redirects/traces/0af7651916cd43dd8448eb211c80319c"))
            try await Chromium.screenshot(server.at("/article/a2"), to: "\(WebTestSupport.screenshots)/article.png")

            let failed = try await Chromium.dumpDOM(server.at("/article/a9"))
            #expect(failed.contains(#"id="status">failed</span>"#))
            #expect(failed.contains(#"<p class="error" id="failure">Failed: the model replied with invalid JSON twice</p>"#))
        }
    }

    @Test("The review queue puts the near-threshold decision first, with both sides' evidence")
    func review() async throws {
        try await WebTestSupport.withServer { server, _ in
            let dom = try await Chromium.dumpDOM(server.at("/review"))
            let first = try #require(dom.range(of: "<section class=\"review\""))
            let heading = dom[first.upperBound...].prefix { $0 != "/" }
            #expect(heading.contains("create “D. Whitfield”"), "riskiest first: \(heading)")
            #expect(dom.contains(">Dana Whitfield</a></h3>"), "the candidate side")
            #expect(dom.contains("D. Whitfield spoke about Eastgate water."), "the incoming side's evidence")
            #expect(dom.contains(#"id="edits-off""#) && dom.contains("hinbox serve --allow-edits"))
            #expect(!dom.contains("<form method=\"post\""), "no edit forms on a read-only server")
            try await Chromium.screenshot(server.at("/review"), to: "\(WebTestSupport.screenshots)/review.png")
        }
    }

    @Test("Unknown pages are a 404 page; every response carries the security headers")
    func headers() async throws {
        try await WebTestSupport.withServer { server, _ in
            for path in ["/", "/people", "/static/hinbox.css", "/nowhere", "/entity/nobody"] {
                let response = try await server.request(path)
                #expect(response.status == (path.hasPrefix("/n") || path.hasSuffix("nobody") ? 404 : 200), "\(path)")
                #expect(response.headers["content-security-policy"]
                    == "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
                #expect(response.headers["x-content-type-options"] == "nosniff")
            }
        }
    }
}
