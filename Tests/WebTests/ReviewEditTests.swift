import Foundation
import HinboxStore
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

    @Test("A merge offered by the review queue (form read from Chromium's DOM) merges in the database",
          .enabled(if: Chromium.isInstalled, "\(WebTestSupport.chromiumMissing)"))
    func mergeFromQueue() async throws {
        try await WebTestSupport.withServer(allowEdits: true) { server, fixture in
            let dom = try await Chromium.dumpDOM(server.at("/review"))
            let token = try #require(WebTestSupport.attribute("value", near: #"name="csrf""#, in: dom))
            let target = try #require(WebTestSupport.attribute("value", near: #"name="target""#, in: dom))
            let source = try #require(WebTestSupport.attribute("value", near: #"name="source""#, in: dom))
            #expect(source == "per_dwhitfield")
            let response = try await server.request("/review/merge", method: "POST", form: ["csrf": token, "target": target, "source": source])
            #expect(response.status == 200, "\(response.body)")
            #expect(response.body.contains("Merged"))

            let store = try SQLiteStore.openReadOnly(path: fixture.databasePath)
            #expect(try await store.profileDetail(nameOrID: "per_dwhitfield", version: nil) == nil)
            let dana = try #require(try await store.profileDetail(nameOrID: target, version: nil))
            #expect(dana.aliases.contains("D. Whitfield"))
            #expect(dana.decisions.last?.reason == "manual merge")

            // The running server (read-only connection) sees the change on reload.
            let page = try await Chromium.dumpDOM(server.at("/entity/\(target)"))
            #expect(page.contains("manual merge"))
            #expect(page.contains("Versions kept from merged entities"))
            try await Chromium.screenshot(server.at("/entity/\(target)"), to: "\(WebTestSupport.screenshots)/entity-after-merge.png")
        }
    }
}
