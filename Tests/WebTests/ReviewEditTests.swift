import Foundation
import HinboxCore
import HinboxStore
import HinboxTesting
import Testing

/// Writes from the review queue: refused without `--allow-edits`, refused without the form
/// token, and with both a merge from the queue changes the database.
@Suite("hinbox serve edits", .serialized)
struct ReviewEditTests {
    @Test("Without --allow-edits every write is refused with how to enable it")
    func refusedWithoutFlag() async throws {
        try await WebTestSupport.withServer { server, fixture in
            for path in ["/review/merge", "/review/split"] {
                let response = try await server.request(path, method: "POST", form: ["target": "x", "source": "y", "csrf": "z"])
                #expect(response.status == 403)
                #expect(response.body.contains("hinbox serve --allow-edits"))
            }
            #expect(try await server.request("/people", method: "DELETE").status >= 400)
            let store = try SQLiteStore.openReadOnly(path: fixture.databasePath)
            #expect(try await store.profileDetail(nameOrID: "per_dwhitfield", version: nil) != nil)
        }
    }

    @Test("With --allow-edits a write without the right form token is refused")
    func refusedWithoutToken() async throws {
        try await WebTestSupport.withServer(allowEdits: true) { server, fixture in
            let store = try SQLiteStore.openReadOnly(path: fixture.databasePath)
            let dana = try #require(try await store.profileDetail(nameOrID: "Dana Whitfield", version: nil))
            for token in [nil, "0000"] as [String?] {
                var form = ["target": dana.entity.id, "source": "per_dwhitfield"]
                form["csrf"] = token
                let response = try await server.request("/review/merge", method: "POST", form: form)
                #expect(response.status == 403)
                #expect(response.body.contains("token"))
            }
            #expect(try await store.profileDetail(nameOrID: "per_dwhitfield", version: nil) != nil)
        }
    }

    @Test("A merge clicked in Chromium (WebDriver) on the review queue merges in the database, and the next page says so",
          .enabled(if: WebDriver.isInstalled, "chromium-driver is not installed; scripts/test.sh installs it (scripts/system-deps.sh --browser)"))
    func mergeClickedInBrowser() async throws {
        try await WebTestSupport.withServer(allowEdits: true) { server, fixture in
            let merged = try await WebDriver.session { browser in
                try await browser.open(server.at("/review"))
                let button = try await browser.element(#"form[action="/review/merge"] button.merge"#)
                try await browser.click(button)
                return try await poll(timeout: .seconds(30)) { try await browser.source() } until: { $0.contains("Merged") }
            }
            #expect(merged.contains("Merged"), "\(merged.prefix(2000))")
            let store = try SQLiteStore.openReadOnly(path: fixture.databasePath)
            #expect(try await store.profileDetail(nameOrID: "per_dwhitfield", version: nil) == nil, "the source entity is gone")
            let dana = try #require(try await store.profileDetail(nameOrID: "Dana Whitfield", version: nil))
            #expect(dana.aliases.contains("D. Whitfield"))
            #expect(dana.decisions.last?.reason == "manual merge")

            // The running server (read-only connection) sees the change on reload.
            let page = try await Chromium.dumpDOM(server.at("/entity/\(dana.entity.id)"))
            #expect(page.contains("manual merge"))
            #expect(page.contains("Versions kept from merged entities"))
            try await Chromium.screenshot(server.at("/entity/\(dana.entity.id)"), to: "\(WebTestSupport.screenshots)/entity-after-merge.png")
        }
    }
}
