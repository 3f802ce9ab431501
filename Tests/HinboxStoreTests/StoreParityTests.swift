import Foundation
import HinboxCore
import HinboxPostgres
@testable import HinboxStore
import HinboxTesting
import Testing

/// The PostgreSQL store answers every question exactly as the SQLite store does: the same commits
/// into both, then every read of ``KnowledgeStore`` and ``KnowledgeBrowser`` and both corrections
/// compared. Needs `HINBOX_TEST_POSTGRES_URL` (scripts/test.sh starts a cluster and sets it).
@Suite("SQLite and PostgreSQL stores agree", .enabled(if: TestPostgres.isAvailable, "needs HINBOX_TEST_POSTGRES_URL (scripts/test.sh)"))
struct StoreParityTests {
    typealias F = StoreFixtures

    /// Three articles: namesakes with diacritics, aliases, a merge decision with candidates and a
    /// match check that said no, vectors, an event with dates and tags, a failed article.
    static let commits: [ArticleCommit] = {
        var first = F.newEntityCommit(article: "a1", entity: "per_1", name: "José Núñez", aliases: ["Núñez", "J. Nunez"])
        first.entities.append(F.entity("org_1", "Ridgeport Water Authority", type: .organization, tags: ["utility"]))
        first.versions.append(F.version("org_1", 1, text: "RWA v1 ^[a1]", article: "a1"))
        first.mentions.append(F.mention("org_1", "a1", "the Authority"))
        first.aliases.append(AliasRecord(entityID: "org_1", alias: "RWA"))
        first.embeddings = [
            EntityEmbedding(entityID: "per_1", model: "test/embed", vector: [0.6, 0.8, 0], evidence: "José Núñez said"),
            EntityEmbedding(entityID: "org_1", model: "test/embed", vector: [0, 0.6, 0.8], evidence: "the Authority said"),
        ]
        first.decisions = [decision("a1", "José Núñez", entity: "per_1", action: "create", candidates: [])]

        var second = ArticleCommit(article: F.article("a2", minute: 1))
        second.entities = [F.entity("per_1", "José Núñez", version: 2), F.entity("per_2", "jose nunez", minute: 1)]
        second.entities[1].subtype = "official"
        second.versions = [
            F.version("per_1", 2, text: "José v2 ^[a2]", article: "a2"), F.version("per_2", 1, text: "other ^[a2]", article: "a2"),
        ]
        second.versions[0].profile.grounding = Grounding(
            claims: [Grounding.Claim(sentence: "José v2", articleID: "a2", verdict: .partial, note: "only named")],
            revised: true, firstCheck: [Grounding.Claim(sentence: "José v2", articleID: "a2", verdict: .unsupported)])
        second.mentions = [F.mention("per_1", "a2", "Nunez"), F.mention("per_2", "a2", "jose nunez"), F.mention("org_1", "a2", "RWA")]
        second.decisions = [
            decision("a2", "Nunez", entity: "per_1", action: "merge", candidates: [
                ResolutionCandidate(entityID: "per_1", name: "José Núñez", cosine: 0.91, lexical: 0.5, via: "vector"),
            ]),
            decision("a2", "jose nunez", entity: "per_2", action: "create", candidates: [
                ResolutionCandidate(entityID: "per_1", name: "José Núñez", cosine: 0.83, lexical: 1, via: "alias"),
            ], check: MatchCheckResult(isMatch: false, confidence: 0.7, reason: "different people")),
        ]

        var third = ArticleCommit(article: F.article("a3", minute: 2))
        var event = F.entity("evt_1", "Water emergency", type: .event, minute: 2, tags: ["crisis"])
        event.startDate = "2025-02-03T10:00"
        third.entities = [event]
        third.versions = [F.version("evt_1", 1, text: "emergency ^[a3]", article: "a3")]
        third.mentions = [F.mention("evt_1", "a3", "the emergency"), F.mention("per_1", "a3", "Núñez")]
        return [first, second, third]
    }()

    static func decision(
        _ article: String, _ name: String, entity: String, action: String, candidates: [ResolutionCandidate], check: MatchCheckResult? = nil
    ) -> ResolutionRecord {
        ResolutionRecord(
            runID: F.runID, articleID: article, entityType: .person, incomingName: name, action: action, entityID: entity,
            reason: action == "merge" ? "cosine above threshold" : "no candidate close enough", threshold: 0.85,
            candidates: candidates, matchCheck: check, createdAt: F.t0)
    }

    /// Both stores filled with ``commits`` and a failed article.
    static func filled(_ store: any KnowledgeBase) async throws {
        try await store.startRun(F.run())
        for commit in commits { try await store.commit(commit) }
        var failed = F.article("a4", minute: 3)
        failed.error = "the model did not answer"
        try await store.recordFailure(failed)
    }

    @Test("Every read answers the same on both stores")
    func reads() async throws {
        let sqlite = try SQLiteStore.inMemory()
        try await Self.filled(sqlite)
        try await TestPostgres.withStore { postgres in
            try await Self.filled(postgres)
            for store in [sqlite, postgres] as [any KnowledgeBase] {
                #expect(try await store.counts() == sqlite.counts())
            }
            #expect(try await postgres.knownEntities() == sqlite.knownEntities())
            #expect(try await postgres.articles(status: nil) == sqlite.articles(status: nil))
            #expect(try await postgres.articles(status: .failed) == sqlite.articles(status: .failed))
            for search in [nil, "nunez", "NÚÑEZ", "rwa", "authority", "zzz"] as [String?] {
                #expect(try await postgres.profiles(type: nil, search: search) == sqlite.profiles(type: nil, search: search), "\(search ?? "-")")
            }
            for query in ["per_1", "José Núñez", "jose nunez", "RWA", "j. nunez", "nobody"] {
                for version in [nil, 1] as [Int?] {
                    #expect(try await postgres.profileDetail(nameOrID: query, version: version)
                        == sqlite.profileDetail(nameOrID: query, version: version), "\(query) v\(version ?? 0)")
                }
            }
            for id in ["a1", "a2", "a3", "a4", "missing"] {
                #expect(try await postgres.articleDetail(id: id) == sqlite.articleDetail(id: id), "\(id)")
                #expect(try await postgres.articlePage(id: id) == sqlite.articlePage(id: id), "\(id)")
            }
            #expect(try await postgres.overview(runLimit: 5) == sqlite.overview(runLimit: 5))
            for query in [
                EntityQuery(type: .person), EntityQuery(type: .person, search: "núñez"), EntityQuery(type: .person, subtype: "official"),
                EntityQuery(type: .organization, tag: "utility"), EntityQuery(type: .person, tag: "tag2"),
                EntityQuery(type: .event, from: "2025-01-01", to: "2025-02-03"), EntityQuery(type: .person, page: 2, pageSize: 1),
            ] {
                #expect(try await postgres.entities(query) == sqlite.entities(query), "\(query)")
            }
            #expect(try await postgres.appearsWith(entityID: "per_1", limit: 5) == sqlite.appearsWith(entityID: "per_1", limit: 5))
            #expect(try await postgres.articleIDs() == sqlite.articleIDs())
            #expect(try await postgres.articleTitles(ids: ["a1", "a3", "x"]) == sqlite.articleTitles(ids: ["a1", "a3", "x"]))
            let review = try await postgres.reviewQueue(limit: 10).map { Self.withoutID($0) }
            #expect(review == (try await sqlite.reviewQueue(limit: 10)).map { Self.withoutID($0) })
            #expect(!review.isEmpty)
            #expect(try await postgres.embeddingModels() == sqlite.embeddingModels())
        }
    }

    @Test("Merge and split change both stores alike, and refuse alike")
    func corrections() async throws {
        let sqlite = try SQLiteStore.inMemory()
        try await Self.filled(sqlite)
        let now = F.t0.addingTimeInterval(3600)
        try await TestPostgres.withStore { postgres in
            try await Self.filled(postgres)
            var merges: [MergeOutcome] = []
            var splits: [SplitOutcome] = []
            for store in [sqlite, postgres] as [any KnowledgeBase] {
                var merge = try await store.mergeEntities(into: "per_1", from: "per_2", at: now)
                merge.runID = ""
                merges.append(merge)
                var split = try await store.splitEntity("per_1", article: "a3", at: now)
                split.runID = ""
                splits.append(split)
                await #expect(throws: CorrectionError.sameEntity) { try await store.mergeEntities(into: "per_1", from: "José Núñez", at: now) }
                await #expect(throws: CorrectionError.typesDiffer) { try await store.mergeEntities(into: "per_1", from: "org_1", at: now) }
                await #expect(throws: CorrectionError.unknownArticle) { try await store.splitEntity("per_1", article: "zz", at: now) }
            }
            #expect(merges[0] == merges[1])
            #expect(splits[0] == splits[1])
            for id in ["per_1", splits[0].created.id] {
                let expected = try await sqlite.profileDetail(nameOrID: id, version: nil).map(Self.withoutRuns)
                #expect(try await postgres.profileDetail(nameOrID: id, version: nil).map(Self.withoutRuns) == expected, "\(id)")
            }
            #expect(try await postgres.knownEntities() == sqlite.knownEntities())
            #expect(try await postgres.counts() == sqlite.counts())
        }
    }

    @Test("Both refuse the same broken commits, storing nothing of them")
    func refusals() async throws {
        let sqlite = try SQLiteStore.inMemory()
        try await Self.filled(sqlite)
        try await TestPostgres.withStore { postgres in
            try await Self.filled(postgres)
            var duplicateVersion = ArticleCommit(article: F.article("a5", minute: 4))
            duplicateVersion.mentions = [F.mention("org_1", "a5", "RWA")]
            duplicateVersion.versions = [F.version("org_1", 1, text: "again ^[a5]", article: "a5")]
            var duplicateDecision = ArticleCommit(article: F.article("a2", minute: 1))
            duplicateDecision.decisions = [Self.decision("a2", "Nunez", entity: "per_1", action: "merge", candidates: [])]
            var mismatch = ArticleCommit(article: F.article("a6", minute: 5))
            mismatch.entities = [F.entity("org_1", "Ridgeport Water Authority", type: .organization, version: 3)]
            var unknownRun = F.newEntityCommit(article: "a7", entity: "per_9", name: "Nobody")
            unknownRun.article.runID = "no-such-run"
            let cases: [(ArticleCommit, StoreError)] = [
                (duplicateVersion, .duplicateVersion), (duplicateDecision, .duplicateDecision), (mismatch, .versionMismatch),
                (unknownRun, .unknownRun),
            ]
            for store in [sqlite, postgres] as [any KnowledgeBase] {
                let before = try await store.counts()
                for (commit, expected) in cases {
                    await #expect(throws: expected) { try await store.commit(commit) }
                }
                #expect(try await store.counts() == before)
                #expect(try await store.article(id: "a5") == nil)
            }
            #expect(try await postgres.knownEntities() == sqlite.knownEntities())
        }
    }

    /// A review item without its row id (autoincrement ids may differ between stores).
    static func withoutID(_ item: ReviewItem) -> ReviewItem {
        var item = item
        item.id = 0
        return item
    }

    /// A profile without the random run ids of corrections.
    static func withoutRuns(_ detail: ProfileDetail) -> ProfileDetail {
        var detail = detail
        detail.versions = detail.versions.map { var version = $0; version.runID = version.runID.hasPrefix("manual-") ? "manual" : version.runID; return version }
        detail.version.runID = detail.version.runID.hasPrefix("manual-") ? "manual" : detail.version.runID
        detail.decisions = detail.decisions.map { var decision = $0; decision.runID = decision.runID.hasPrefix("manual-") ? "manual" : decision.runID; return decision }
        return detail
    }
}
