import Foundation
import HinboxCore
import HinboxPostgres
@testable import HinboxStore
import HinboxTesting
import Testing

/// What ``KnowledgeStore`` promises, checked on every implementation: the SQLite and PostgreSQL
/// stores the app uses and the in-memory one the core tests use, so none can drift from the others.
@Suite("KnowledgeStore contract")
struct KnowledgeStoreContractTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, inMemory, postgres
        var testDescription: String { rawValue }

        /// The kinds this run can test: PostgreSQL only with `HINBOX_TEST_POSTGRES_URL` (scripts/test.sh
        /// starts a cluster and sets it; `swift test` alone leaves the PostgreSQL case out).
        static var available: [Kind] { allCases.filter { $0 != .postgres || TestPostgres.isAvailable } }

        /// Runs `body` on a fresh store with ``StoreFixtures/runID`` started (a PostgreSQL store
        /// in a database of its own, dropped afterwards).
        func withStore(_ body: (any KnowledgeStore) async throws -> Void) async throws {
            switch self {
            case .sqlite: try await Self.started(try SQLiteStore.inMemory(), body)
            case .inMemory: try await Self.started(InMemoryKnowledgeStore(), body)
            case .postgres: try await TestPostgres.withStore { try await Self.started($0, body) }
            }
        }

        private static func started(_ store: any KnowledgeStore, _ body: (any KnowledgeStore) async throws -> Void) async throws {
            try await store.startRun(StoreFixtures.run())
            try await body(store)
        }
    }

    static let vector: [Float] = [0.6, 0.8, 0]

    @Test("A commit's entity comes back with its aliases, latest profile and evidence vector", arguments: Kind.available)
    func knownEntity(_ kind: Kind) async throws {
        try await kind.withStore { store in
            var commit = StoreFixtures.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield", aliases: ["Whitfield"])
            commit.embeddings = [EntityEmbedding(entityID: "per_1", model: "test/embed", vector: Self.vector, evidence: "Dana Whitfield said")]
            try await store.commit(commit)

            let known = try await store.knownEntities()
            let entity = try #require(known.first)
            #expect(known.count == 1)
            #expect(entity.record.name == "Dana Whitfield")
            #expect(entity.aliases == ["Whitfield"])
            #expect(entity.latestProfile?.text == "Dana Whitfield v1 ^[a1]")
            #expect(entity.embedding == commit.embeddings.first)
            #expect(try await store.article(id: "a1")?.status == .processed)
        }
    }

    @Test("A later vector replaces an entity's earlier one; versions append; an alias is kept once", arguments: Kind.available)
    func laterCommit(_ kind: Kind) async throws {
        try await kind.withStore { store in
            try await store.commit(StoreFixtures.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield", aliases: ["Whitfield"]))
            let later = ArticleCommit(
                article: StoreFixtures.article("a2", minute: 1),
                entities: [StoreFixtures.entity("per_1", "Dana Whitfield", version: 2)],
                aliases: [AliasRecord(entityID: "per_1", alias: "Whitfield"), AliasRecord(entityID: "per_1", alias: "D. Whitfield")],
                mentions: [StoreFixtures.mention("per_1", "a2", "Whitfield")],
                versions: [StoreFixtures.version("per_1", 2, text: "Dana Whitfield v2 ^[a2]", article: "a2")],
                embeddings: [EntityEmbedding(entityID: "per_1", model: "test/embed", vector: [1, 0, 0], evidence: "Whitfield")])
            try await store.commit(later)

            let entity = try #require(try await store.knownEntities().first)
            #expect(entity.aliases.sorted() == ["D. Whitfield", "Whitfield"])
            #expect(entity.latestProfile?.text == "Dana Whitfield v2 ^[a2]")
            #expect(entity.embedding?.vector == [1, 0, 0])
            let first = try #require(try await store.profileDetail(nameOrID: "Whitfield", version: 1))
            #expect(first.version.profile.text == "Dana Whitfield v1 ^[a1]")
            #expect(first.versions.map(\.version) == [1, 2])
            #expect(first.mentions.map(\.articleID) == ["a1", "a2"])
        }
    }

    @Test("Committing an article again replaces its mentions", arguments: Kind.available)
    func mentionsReplaced(_ kind: Kind) async throws {
        try await kind.withStore { store in
            try await store.commit(StoreFixtures.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))
            try await store.commit(StoreFixtures.newEntityCommit(article: "a2", entity: "org_1", name: "Ridgeport Water Authority", type: .organization))
            try await store.commit(ArticleCommit(article: StoreFixtures.article("a1"), mentions: [StoreFixtures.mention("org_1", "a1", "the Authority")]))

            let detail = try #require(try await store.articleDetail(id: "a1"))
            #expect(detail.entities.map(\.entity.id) == ["org_1"])
            #expect(detail.entities.map(\.surfaceName) == ["the Authority"])
            let profiles = try await store.profiles(type: nil, search: nil)
            #expect(profiles.map(\.id) == ["per_1", "org_1"])
            #expect(profiles.map(\.articleIDs) == [[], ["a1", "a2"]])
        }
    }

    @Test("A failure is recorded and filtered by status; search folds case and diacritics", arguments: Kind.available)
    func failuresAndSearch(_ kind: Kind) async throws {
        try await kind.withStore { store in
            try await store.commit(StoreFixtures.newEntityCommit(article: "a1", entity: "per_1", name: "José Núñez"))
            var failed = StoreFixtures.article("a2", minute: 1)
            failed.error = "the model did not answer"
            try await store.recordFailure(failed)

            #expect(try await store.articles(status: .failed).map(\.id) == ["a2"])
            #expect(try await store.articles(status: .processed).map(\.id) == ["a1"])
            #expect(try await store.articles(status: nil).map(\.id) == ["a1", "a2"])
            #expect(try await store.profiles(type: .person, search: "jose nunez").map(\.id) == ["per_1"])
            #expect(try await store.profiles(type: .organization, search: nil).isEmpty)
            #expect(try await store.profileDetail(nameOrID: "nobody", version: nil) == nil)
        }
    }
}
