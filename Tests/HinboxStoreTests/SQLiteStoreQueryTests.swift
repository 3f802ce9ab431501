import Foundation
import HinboxCore
import Testing
@testable import HinboxStore

@Suite("SQLiteStore queries")
struct SQLiteStoreQueryTests {
    typealias F = StoreFixtures

    /// Two John Smiths (the second mentioned twice), an organization with aliases, and an event.
    private func populated() async throws -> SQLiteStore {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_b", name: "John Smith", minute: 1))
        try await store.commit(F.newEntityCommit(article: "a2", entity: "per_c", name: "john smith", minute: 2))
        try await store.commit(ArticleCommit(article: F.article("a3", minute: 3),
                                             mentions: [F.mention("per_c", "a3", "Smith")]))
        try await store.commit(F.newEntityCommit(
            article: "a4", entity: "org_a", name: "Department of Defense", type: .organization,
            aliases: ["The Pentagon", "Département Défense"], minute: 0))
        try await store.commit(ArticleCommit(
            article: F.article("a5", minute: 5), entities: [F.entity("org_a", "Department of Defense", type: .organization, version: 2)],
            versions: [F.version("org_a", 2, text: "DoD v2", article: "a5")]))
        try await store.commit(F.newEntityCommit(article: "a6", entity: "evt_a", name: "Hunger strike", type: .event, minute: 6))
        return store
    }

    @Test("profiles are ordered by type then name, with versions and article ids")
    func listOrder() async throws {
        let store = try await populated()
        let all = try await store.profiles(type: nil, search: nil)
        #expect(all.map(\.id) == ["per_b", "per_c", "org_a", "evt_a"])
        #expect(all.map(\.version) == [1, 1, 2, 1])
        #expect(all[1].articleIDs == ["a2", "a3"])
        #expect(try await store.profiles(type: .organization, search: nil).map(\.id) == ["org_a"])
        #expect(try await store.profiles(type: .location, search: nil).isEmpty)
    }

    @Test("search is a case-insensitive substring of names and aliases", arguments: [
        ("pentagon", ["org_a"]), ("DEPARTEMENT", ["org_a"]), ("smith", ["per_b", "per_c"]),
        ("  strike ", ["evt_a"]), ("%", []), ("", ["per_b", "per_c", "org_a", "evt_a"]),
    ])
    func search(query: String, expected: [String]) async throws {
        let store = try await populated()
        #expect(try await store.profiles(type: nil, search: query).map(\.id) == expected)
    }

    @Test("search combines with a type filter")
    func searchWithType() async throws {
        let store = try await populated()
        #expect(try await store.profiles(type: .person, search: "pentagon").isEmpty)
        #expect(try await store.profiles(type: .organization, search: "pentagon").map(\.id) == ["org_a"])
    }

    @Test("profileDetail finds by id, name, alias and version", arguments: [
        ("org_a", nil, "org_a", 2), ("org_a", 1, "org_a", 1), ("department of DEFENSE", nil, "org_a", 2),
        ("the pentagon", 1, "org_a", 1), ("Pentagon", nil, "org_a", 2), ("JOHN SMITH", nil, "per_c", 1),
        ("per_b", nil, "per_b", 1),
    ] as [(String, Int?, String, Int)])
    func detailLookup(query: String, version: Int?, entityID: String, expectedVersion: Int) async throws {
        let store = try await populated()
        let detail = try #require(try await store.profileDetail(nameOrID: query, version: version))
        #expect(detail.entity.id == entityID)
        #expect(detail.version.version == expectedVersion)
        #expect(detail.versions.map(\.version) == Array(1...detail.entity.currentVersion))
    }

    @Test("profileDetail is nil for unknown names and versions")
    func detailMissing() async throws {
        let store = try await populated()
        #expect(try await store.profileDetail(nameOrID: "org_a", version: 3) == nil)
        #expect(try await store.profileDetail(nameOrID: "Nobody", version: nil) == nil)
        #expect(try await store.profileDetail(nameOrID: "  ", version: nil) == nil)
    }

    @Test("namesakes: the most mentioned wins, then the lowest id")
    func namesakes() async throws {
        let store = try await populated()
        #expect(try await store.profileDetail(nameOrID: "John Smith", version: nil)?.entity.id == "per_c")
        try await store.commit(ArticleCommit(article: F.article("a7", minute: 7), mentions: [F.mention("per_b", "a7", "Smith")]))
        #expect(try await store.profileDetail(nameOrID: "John Smith", version: nil)?.entity.id == "per_b")
    }

    @Test("knownEntities are ordered by creation then id, with the latest profile")
    func knownEntities() async throws {
        let store = try await populated()
        let known = try await store.knownEntities()
        #expect(known.map(\.record.id) == ["org_a", "per_b", "per_c", "evt_a"])
        #expect(known[0].latestProfile?.text == "DoD v2")
        #expect(known[0].aliases == ["The Pentagon", "Département Défense"])
    }

    @Test("articles are ordered by processing time then id, filtered by status")
    func articleList() async throws {
        let store = try await populated()
        try await store.recordFailure(F.article("a0", minute: 3))
        #expect(try await store.articles(status: nil).map(\.id) == ["a4", "a1", "a2", "a0", "a3", "a5", "a6"])
        #expect(try await store.articles(status: .failed).map(\.id) == ["a0"])
        #expect(try await store.article(id: "missing") == nil)
        #expect(try await store.articleDetail(id: "missing") == nil)
    }
}
