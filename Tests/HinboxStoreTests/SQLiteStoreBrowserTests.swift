import Foundation
import HinboxCore
@testable import HinboxStore
import Testing

private typealias F = StoreFixtures

/// The read queries behind `hinbox serve` (``KnowledgeBrowser``).
@Suite("SQLiteStore as a KnowledgeBrowser")
struct SQLiteStoreBrowserTests {
    /// Three people over three articles: Dana in all, Ann in a1 and a2, Bob in a3.
    static func store() async throws -> SQLiteStore {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_dana", name: "Dana Whitfield", aliases: ["Mayor Whitfield"]))
        var a2 = F.newEntityCommit(article: "a2", entity: "per_ann", name: "Ann Lee", minute: 1)
        a2.mentions.append(F.mention("per_dana", "a2", "Whitfield"))
        try await store.commit(a2)
        var a3 = F.newEntityCommit(article: "a3", entity: "per_bob", name: "Bob Stone", minute: 2)
        a3.mentions += [F.mention("per_dana", "a3", "Dana"), F.mention("per_ann", "a3", "Ann")]
        try await store.commit(a3)
        return store
    }

    @Test("Entity lists search aliases, filter by profile tag, count articles and page")
    func entities() async throws {
        let store = try await Self.store()
        let all = try await store.entities(EntityQuery(type: .person))
        #expect(all.total == 3 && all.rows.map(\.entity.name) == ["Ann Lee", "Bob Stone", "Dana Whitfield"])
        #expect(all.rows.map(\.articleCount) == [2, 1, 3])
        #expect(all.tags == ["tag1"])
        #expect(try await store.entities(EntityQuery(type: .person, search: "mayor")).rows.map(\.entity.id) == ["per_dana"])
        #expect(try await store.entities(EntityQuery(type: .person, tag: "tag1")).total == 3)
        #expect(try await store.entities(EntityQuery(type: .person, tag: "nope")).total == 0)
        let second = try await store.entities(EntityQuery(type: .person, page: 2, pageSize: 2))
        #expect(second.total == 3 && second.rows.map(\.entity.name) == ["Dana Whitfield"])
    }

    /// A list's unfiltered total (and its tags) are cached per type until the store changes:
    /// each change that adds or removes an entity must show on the next page read.
    @Test("The cached list total follows commits, merges and splits")
    func cachedTotalFollowsChanges() async throws {
        let store = try await Self.store()
        func total() async throws -> Int { try await store.entities(EntityQuery(type: .person)).total }
        #expect(try await total() == 3)
        try await store.commit(F.newEntityCommit(article: "a4", entity: "per_eve", name: "Eve Park", minute: 3))
        #expect(try await total() == 4)
        _ = try await store.mergeEntities(into: "per_dana", from: "per_bob", at: F.t0.addingTimeInterval(600))
        #expect(try await total() == 3)
        _ = try await store.splitEntity("per_dana", article: "a3", at: F.t0.addingTimeInterval(660))
        #expect(try await total() == 4)
        // Another type's total was not touched by any of it.
        #expect(try await store.entities(EntityQuery(type: .organization)).total == 0)
    }

    @Test("Search folds case and accents, in ASCII and other names alike, and treats % and _ as text")
    func search() async throws {
        let store = try await Self.store()
        try await store.commit(F.newEntityCommit(article: "a4", entity: "per_jose", name: "José Núñez", aliases: ["Pepe_50%"], minute: 3))
        func names(_ search: String) async throws -> [String] {
            try await store.entities(EntityQuery(type: .person, search: search)).rows.map(\.entity.name)
        }
        #expect(try await names("jose nun") == ["José Núñez"])
        #expect(try await names("JOSÉ") == ["José Núñez"])
        #expect(try await names("WHITFIELD") == ["Dana Whitfield"])
        #expect(try await names("n_l").isEmpty, "_ is not a wildcard")
        #expect(try await names("e_50%") == ["José Núñez"], "found by its alias, % and _ literally")
        #expect(try await names("%").count == 1)
    }

    @Test("Appears-with ranks entities by shared articles; article pages carry text, mentions and aliases")
    func neighboursAndArticles() async throws {
        let store = try await Self.store()
        let near = try await store.appearsWith(entityID: "per_dana", limit: 5)
        #expect(near.map(\.entity.id) == ["per_ann", "per_bob"] && near.map(\.sharedArticles) == [2, 1])
        let page = try #require(try await store.articlePage(id: "a1"))
        #expect(page.article.content == "Some text.")
        #expect(page.mentions.map(\.aliases) == [["Mayor Whitfield"]])
        #expect(try await store.articleTitles(ids: ["a1", "zz"]) == ["a1": "Title of a1"])
        let overview = try await store.overview(runLimit: 5)
        #expect(overview.counts[.person] == 3 && overview.counts[.event] == 0 && overview.articles == 3)
        #expect(overview.latestRuns.map(\.id) == [F.runID])
    }

    @Test("The review queue puts a match check that said no first, then the smallest margin")
    func reviewQueue() async throws {
        let store = try await F.store()
        func decision(_ article: String, _ name: String, _ entity: String, cosine: Double, check: MatchCheckResult? = nil) -> ResolutionRecord {
            ResolutionRecord(runID: F.runID, articleID: article, entityType: .person, incomingName: name, action: "create",
                             entityID: entity, reason: "test", threshold: 0.8,
                             candidates: [.init(entityID: "per_other", name: "Other", cosine: cosine, lexical: 0.5, via: "vector")],
                             matchCheck: check, createdAt: F.t0)
        }
        var far = F.newEntityCommit(article: "a1", entity: "per_far", name: "Far")
        far.decisions = [decision("a1", "Far", "per_far", cosine: 0.5)]
        var near = F.newEntityCommit(article: "a2", entity: "per_near", name: "Near")
        near.decisions = [decision("a2", "Near", "per_near", cosine: 0.79)]
        var checked = F.newEntityCommit(article: "a3", entity: "per_checked", name: "Checked")
        checked.decisions = [decision("a3", "Checked", "per_checked", cosine: 0.6,
                                      check: MatchCheckResult(isMatch: false, confidence: 0.9, reason: "different"))]
        for commit in [far, near, checked] { try await store.commit(commit) }
        let queue = try await store.reviewQueue(limit: 10)
        #expect(queue.map(\.decision.incomingName) == ["Checked", "Near", "Far"])
        #expect(queue[1].incomingEvidence == "… Near said …")
    }

    @Test("A read-only opening reads, refuses writes, and says how to create a missing database")
    func readOnly() async throws {
        let path = F.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        #expect(throws: StoreError.self) { try SQLiteStore.openReadOnly(path: path) }
        let writer = try SQLiteStore.open(path: path)
        try await writer.startRun(F.run())
        try await writer.commit(F.newEntityCommit(article: "a1", entity: "per_dana", name: "Dana Whitfield"))
        let reader = try SQLiteStore.openReadOnly(path: path)
        #expect(try await reader.entities(EntityQuery(type: .person)).total == 1)
        await #expect(throws: (any Error).self) { try await reader.startRun(F.run("run-2")) }
    }
}
