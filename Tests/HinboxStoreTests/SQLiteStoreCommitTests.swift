import Foundation
import GRDB
import HinboxCore
import Testing
@testable import HinboxStore

@Suite("SQLiteStore commits")
struct SQLiteStoreCommitTests {
    typealias F = StoreFixtures

    @Test("A commit reads back through profiles, profileDetail, articleDetail and knownEntities")
    func roundTrip() async throws {
        let store = try await F.store()
        let person = F.entity("per_1", "Dana Whitfield", tags: ["journalist"])
        let org = F.entity("org_1", "Department of Defense", type: .organization, minute: 1)
        try await store.commit(ArticleCommit(
            article: F.article("a1"),
            entities: [person, org],
            aliases: [AliasRecord(entityID: "org_1", alias: "Pentagon"), AliasRecord(entityID: "org_1", alias: "DoD")],
            mentions: [F.mention("per_1", "a1", "Whitfield"), F.mention("org_1", "a1", "the Pentagon")],
            versions: [F.version("per_1", 1, text: "Dana v1 ^[a1]", article: "a1"),
                       F.version("org_1", 1, text: "DoD v1 ^[a1]", article: "a1")]))

        let summaries = try await store.profiles(type: nil, search: nil)
        #expect(summaries == [
            ProfileSummary(id: "per_1", type: .person, name: "Dana Whitfield", aliases: [], version: 1,
                           articleIDs: ["a1"], tags: ["journalist"]),
            ProfileSummary(id: "org_1", type: .organization, name: "Department of Defense", aliases: ["Pentagon", "DoD"],
                           version: 1, articleIDs: ["a1"], tags: []),
        ])

        let detail = try #require(try await store.profileDetail(nameOrID: "org_1", version: nil))
        #expect(detail.entity == org)
        #expect(detail.aliases == ["Pentagon", "DoD"])
        #expect(detail.version == F.version("org_1", 1, text: "DoD v1 ^[a1]", article: "a1"))
        #expect(detail.versions.map(\.version) == [1])
        #expect(detail.mentions == [F.mention("org_1", "a1", "the Pentagon")])

        let article = try #require(try await store.articleDetail(id: "a1"))
        var expected = F.article("a1")
        expected.status = .processed
        #expect(article.article == expected)
        #expect(article.entities.map(\.entity) == [person, org])
        #expect(article.entities.map(\.surfaceName) == ["Whitfield", "the Pentagon"])

        let known = try await store.knownEntities()
        #expect(known.map(\.record.id) == ["per_1", "org_1"])
        #expect(known[1].aliases == ["Pentagon", "DoD"])
        #expect(known[0].latestProfile?.text == "Dana v1 ^[a1]")
        #expect(known[0].latestProfile?.sources == ["a1"])
        let counts = try store.counts()
        #expect(counts.entities == 2 && counts.versions == 2 && counts.mentions == 2 && counts.articles == 1)
    }

    @Test("Recommitting a reprocessed article replaces its mentions, not other articles'")
    func recommitReplacesMentions() async throws {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))
        try await store.commit(F.newEntityCommit(article: "a2", entity: "per_2", name: "Omar Haddad", minute: 1))
        var both = F.article("a1", content: "Changed text.", minute: 2)
        both.error = "stale"
        try await store.commit(ArticleCommit(article: both, mentions: [F.mention("per_2", "a1", "Haddad")]))

        let detail = try #require(try await store.articleDetail(id: "a1"))
        #expect(detail.entities.map(\.entity.id) == ["per_2"])
        #expect(detail.article.contentHash == Hashing.sha256Hex("Changed text."))
        #expect(detail.article.error == nil)
        let dana = try #require(try await store.profileDetail(nameOrID: "per_1", version: nil))
        #expect(dana.mentions.isEmpty)
        let omar = try #require(try await store.profileDetail(nameOrID: "per_2", version: nil))
        #expect(omar.mentions.map(\.articleID) == ["a1", "a2"])
    }

    @Test("A duplicate profile version fails the commit and stores nothing from it")
    func duplicateVersionIsAtomic() async throws {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))
        let before = try await store.profileDetail(nameOrID: "per_1", version: nil)

        var renamed = F.entity("per_1", "Dana J. Whitfield", version: 1)
        renamed.tags = ["changed"]
        let bad = ArticleCommit(
            article: F.article("a2"),
            entities: [renamed, F.entity("per_9", "New Person")],
            aliases: [AliasRecord(entityID: "per_1", alias: "D. Whitfield")],
            mentions: [F.mention("per_1", "a2", "Whitfield"), F.mention("per_9", "a2", "New Person")],
            versions: [F.version("per_9", 1, text: "new", article: "a2"),
                       F.version("per_1", 1, text: "overwritten history", article: "a2")])
        let error = try await #require(throws: StoreError.self) { try await store.commit(bad) }
        #expect(error == .duplicateVersion)
        #expect(error.description.contains("per_1"))

        #expect(try await store.article(id: "a2") == nil)
        #expect(try await store.profileDetail(nameOrID: "per_1", version: nil) == before)
        #expect(try await store.profileDetail(nameOrID: "per_9", version: nil) == nil)
        let counts = try store.counts()
        #expect(counts.entities == 1 && counts.versions == 1 && counts.mentions == 1 && counts.articles == 1)
    }

    @Test("current_version must match the highest contiguous version")
    func versionMismatch() async throws {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))

        let skipsAhead = ArticleCommit(article: F.article("a2"), entities: [F.entity("per_1", "Dana Whitfield", version: 3)],
                                       versions: [F.version("per_1", 3, text: "v3", article: "a2")])
        await #expect(throws: StoreError.versionMismatch) { try await store.commit(skipsAhead) }

        let staleEntity = ArticleCommit(article: F.article("a2"), versions: [F.version("per_1", 2, text: "v2", article: "a2")])
        await #expect(throws: StoreError.versionMismatch) { try await store.commit(staleEntity) }

        let noVersion = ArticleCommit(article: F.article("a2"), entities: [F.entity("per_2", "Nobody", version: 1)])
        await #expect(throws: StoreError.versionMismatch) { try await store.commit(noVersion) }

        let good = ArticleCommit(article: F.article("a2"), entities: [F.entity("per_1", "Dana Whitfield", version: 2)],
                                 versions: [F.version("per_1", 2, text: "v2", article: "a2")])
        try await store.commit(good)
        #expect(try await store.profileDetail(nameOrID: "per_1", version: nil)?.version.version == 2)
        #expect(try store.counts().articles == 2)
    }

    @Test("Aliases are deduplicated per entity by their normalised form")
    func aliasDedupe() async throws {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(
            article: "a1", entity: "org_1", name: "Department of Defense", type: .organization,
            aliases: ["The Pentagon", "pentagon", "Pentagon."]))
        try await store.commit(ArticleCommit(
            article: F.article("a2"),
            aliases: [AliasRecord(entityID: "org_1", alias: "PENTAGON"), AliasRecord(entityID: "org_1", alias: "DoD")]))
        let detail = try #require(try await store.profileDetail(nameOrID: "org_1", version: nil))
        #expect(detail.aliases == ["The Pentagon", "DoD"])
    }

    @Test("Upserting an entity keeps its creation time, aliases and history")
    func entityUpsertDoesNotCascade() async throws {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "org_1", name: "Pentagon",
                                                 type: .organization, aliases: ["DoD"]))
        var updated = F.entity("org_1", "Department of Defense", type: .organization, version: 2, minute: 30)
        updated.tags = ["military"]
        try await store.commit(ArticleCommit(
            article: F.article("a2"), entities: [updated],
            mentions: [F.mention("org_1", "a2", "Department of Defense")],
            versions: [F.version("org_1", 2, text: "v2", article: "a2")]))

        let detail = try #require(try await store.profileDetail(nameOrID: "org_1", version: nil))
        #expect(detail.entity.name == "Department of Defense")
        #expect(detail.entity.tags == ["military"])
        #expect(detail.entity.createdAt == F.t0)
        #expect(detail.entity.updatedAt == F.t0.addingTimeInterval(30 * 60))
        #expect(detail.aliases == ["DoD"])
        #expect(detail.versions.map(\.version) == [1, 2])
        #expect(detail.mentions.map(\.articleID) == ["a1", "a2"])
    }

    @Test("recordFailure stores the new hash and reason, keeping earlier data")
    func recordFailureKeepsData() async throws {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))

        var failed = F.article("a1", content: "New content.", minute: 5)
        failed.error = "extraction failed: HTTP 503"
        try await store.recordFailure(failed)

        let stored = try #require(try await store.article(id: "a1"))
        #expect(stored.status == .failed)
        #expect(stored.error == "extraction failed: HTTP 503")
        #expect(stored.contentHash == Hashing.sha256Hex("New content."))
        #expect(try await store.articles(status: .failed).map(\.id) == ["a1"])
        #expect(try await store.articles(status: .processed).isEmpty)
        let detail = try #require(try await store.articleDetail(id: "a1"))
        #expect(detail.entities.map(\.entity.id) == ["per_1"])
        #expect(try await store.profileDetail(nameOrID: "per_1", version: nil)?.versions.count == 1)

        try await store.commit(ArticleCommit(article: F.article("a1", content: "New content.", minute: 6),
                                             mentions: [F.mention("per_1", "a1", "Dana")]))
        let retried = try #require(try await store.article(id: "a1"))
        #expect(retried.status == .processed)
        #expect(retried.error == nil)
    }

    @Test("Writes for a run that was never started are refused")
    func unknownRun() async throws {
        let store = try SQLiteStore.inMemory()
        await #expect(throws: StoreError.unknownRun) {
            try await store.commit(F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana"))
        }
        await #expect(throws: StoreError.unknownRun) { try await store.recordFailure(F.article("a1")) }
        await #expect(throws: StoreError.unknownRun) { try await store.finishRun(F.run("nope")) }
        #expect(try store.counts().articles == 0)
    }

    @Test("A mention of another article is refused")
    func strayMention() async throws {
        let store = try await F.store()
        let commit = ArticleCommit(article: F.article("a1"), mentions: [F.mention("per_1", "a2", "Dana")])
        await #expect(throws: StoreError.invalidCommit) { try await store.commit(commit) }
    }

    @Test("Runs are stored and finished")
    func runs() async throws {
        let store = try await F.store()
        var run = F.run()
        run.finishedAt = F.t0.addingTimeInterval(90)
        run.processed = 3
        run.failed = 1
        try await store.finishRun(run)
        let row = try await store.writer.read { db in try RunRecord.fetchOne(db, key: F.runID) }
        #expect(row?.processed == 3 && row?.failed == 1 && row?.finishedAt == run.finishedAt)
        await #expect(throws: StoreError.writeFailed) { try await store.startRun(F.run()) }
    }
}
