import Foundation
import GRDB
import HinboxCore
import Testing
@testable import HinboxStore

@Suite("SQLiteStore embeddings and resolution decisions (schema v2)")
struct SQLiteStoreResolutionTests {
    typealias F = StoreFixtures

    static let model = "openai/text-embedding-3-small"

    static func embedding(_ entityID: String, _ vector: [Float], model: String = model) -> EntityEmbedding {
        EntityEmbedding(entityID: entityID, model: model, vector: vector, evidence: "\(entityID) | person | said …")
    }

    static func decision(
        _ articleID: String, _ name: String, entity: String, action: String = "create", minute: Int = 0,
        candidates: [ResolutionCandidate] = [], matchCheck: MatchCheckResult? = nil, run: String = F.runID
    ) -> ResolutionRecord {
        ResolutionRecord(
            runID: run, articleID: articleID, entityType: .person, incomingName: name, action: action, entityID: entity,
            reason: "\(action) because of a test", threshold: 0.82, candidates: candidates, matchCheck: matchCheck,
            createdAt: F.t0.addingTimeInterval(Double(minute) * 60))
    }

    // MARK: - Migration

    @Test("A v1 database migrates to the latest schema and keeps its data")
    func migrateV1ToLatest() async throws {
        let path = F.temporaryPath()
        defer { StoreFixtures.removeTemporary(path) }
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            let v1 = try DatabaseQueue(path: path, configuration: SQLiteStore.makeConfiguration())
            try SQLiteStore.migrator.migrate(v1, upTo: "v1")
            try await v1.write { db in
                #expect(try db.tableExists("entity_embedding") == false)
                try F.run().insert(db)
                // v1's article columns (ArticleRow has the later ones too).
                let a1 = F.article("a1")
                try db.execute(
                    sql: """
                        INSERT INTO article (id, title, source, content_hash, status, run_id, processed_at)
                        VALUES (?, ?, ?, ?, 'processed', ?, ?)
                        """,
                    arguments: [a1.id, a1.title, a1.source, a1.contentHash, a1.runID, a1.processedAt])
                try EntityRow(F.entity("per_1", "Dana Whitfield")).insert(db)
                try AliasRow(AliasRecord(entityID: "per_1", alias: "D. Whitfield")).insert(db)
                // v1's mention columns (MentionRow has the later ones too).
                let mention = F.mention("per_1", "a1", "Dana")
                try db.execute(
                    sql: "INSERT INTO mention (entity_id, article_id, surface_name, evidence) VALUES (?, ?, ?, ?)",
                    arguments: [mention.entityID, mention.articleID, mention.surfaceName, mention.evidence])
                // v1's version columns (ProfileVersionRow has the later ones too).
                let version = F.version("per_1", 1, text: "Dana v1 ^[a1]", article: "a1")
                try db.execute(
                    sql: """
                        INSERT INTO profile_version (entity_id, version, text, tags, confidence, sources, trigger_article_id, run_id, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [version.entityID, version.version, version.profile.text,
                                String(decoding: try JSONEncoder().encode(version.profile.tags), as: UTF8.self), version.profile.confidence,
                                String(decoding: try JSONEncoder().encode(version.profile.sources), as: UTF8.self),
                                version.triggerArticleID, version.runID, version.createdAt])
            }
            #expect(try await v1.read { db in try SQLiteStore.migrator.appliedMigrations(db) } == ["v1"])
        }

        let store = try SQLiteStore.open(path: path)
        #expect(try await store.writer.read { db in try SQLiteStore.migrator.appliedMigrations(db) } == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"])
        let detail = try #require(try await store.profileDetail(nameOrID: "D. Whitfield", version: nil))
        #expect(detail.entity == F.entity("per_1", "Dana Whitfield"))
        #expect(detail.version.profile.text == "Dana v1 ^[a1]")
        #expect(detail.mentions == [F.mention("per_1", "a1", "Dana")])
        #expect(detail.decisions.isEmpty && detail.mergedVersions.isEmpty)
        #expect(try await store.article(id: "a1")?.content == nil, "articles stored before v4 have no text")
        let known = try await store.knownEntities()
        #expect(known.count == 1 && known[0].embedding == nil)
        #expect(try store.embeddingModels().isEmpty)
        #expect(try store.integrityCheck() == ["ok"])

        // The new tables work on the migrated file.
        try await store.commit(ArticleCommit(
            article: F.article("a2", minute: 1), mentions: [F.mention("per_1", "a2", "Whitfield")],
            embeddings: [Self.embedding("per_1", [0.6, 0.8])],
            decisions: [Self.decision("a2", "Whitfield", entity: "per_1", action: "merge")]))
        #expect(try await store.knownEntities()[0].embedding?.vector == [0.6, 0.8])
        #expect(try await store.profileDetail(nameOrID: "per_1", version: nil)?.decisions.count == 1)

        // v4 rebuilt the article table: the old row is there, and an irrelevant article can be stored.
        #expect(try await store.article(id: "a1")?.status == .processed)
        var offTopic = F.article("a3", minute: 2)
        offTopic.relevanceReason = "a cake recipe"
        offTopic.relevanceKey = "k1"
        try await store.recordIrrelevant(offTopic)
        let stored = try #require(try await store.article(id: "a3"))
        #expect(stored.status == .irrelevant && stored.relevanceReason == "a cake recipe" && stored.relevanceKey == "k1")
        #expect(try await store.articles(status: .irrelevant).map(\.id) == ["a3"])
        #expect(try store.integrityCheck() == ["ok"])
        let violations = try store.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(violations.isEmpty)
    }

    // MARK: - Embeddings

    @Test("Vectors round-trip bit for bit, stored as Float32 little-endian")
    func vectorRoundTrip() async throws {
        let store = try await F.store()
        let special: [Float] = [
            1, -0.0, 0, .pi, 1.0 / 3.0, -1e-30, .leastNonzeroMagnitude, .leastNormalMagnitude,
            .greatestFiniteMagnitude, -.infinity, Float(nan: 0x1234, signaling: false), 0.1 + 0.2,
        ]
        var generator = SystemRandomNumberGenerator()
        let random = (0..<1536).map { _ in Float(bitPattern: UInt32.random(in: 0...0x7F7F_FFFF, using: &generator)) }
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))
        try await store.commit(F.newEntityCommit(article: "a2", entity: "per_2", name: "Omar Haddad", minute: 1))
        try await store.commit(ArticleCommit(
            article: F.article("a3", minute: 2),
            embeddings: [Self.embedding("per_1", special), Self.embedding("per_2", random)]))

        let known = try await store.knownEntities()
        let first = try #require(known[0].embedding)
        #expect(first.vector.map(\.bitPattern) == special.map(\.bitPattern))
        #expect(first.dimension == special.count)
        #expect(first.model == Self.model)
        #expect(first.evidence == "per_1 | person | said …")
        #expect(known[1].embedding?.vector.map(\.bitPattern) == random.map(\.bitPattern))
        #expect(known[1].embedding?.dimension == 1536)

        let (blob, dimension) = try await store.writer.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT vector, dimension FROM entity_embedding WHERE entity_id = 'per_1'"))
            return (row["vector"] as Data, row["dimension"] as Int)
        }
        #expect(dimension == special.count)
        #expect(blob.count == 4 * special.count)
        #expect(Array(blob.prefix(8)) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x80]) // 1.0, -0.0
    }

    @Test("A later commit replaces an entity's vector; deleting the entity deletes it")
    func vectorReplaced() async throws {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))
        try await store.commit(ArticleCommit(article: F.article("a1"), embeddings: [Self.embedding("per_1", [1, 0, 0])]))
        try await store.commit(ArticleCommit(
            article: F.article("a2", minute: 1), embeddings: [Self.embedding("per_1", [0, 1], model: "local/minilm")]))
        let embedding = try #require(try await store.knownEntities()[0].embedding)
        #expect(embedding.vector == [0, 1])
        #expect(embedding.model == "local/minilm")
        #expect(try store.embeddingModels() == ["local/minilm": 1])
        let updatedAt = try await store.writer.read { db in
            try Date.fetchOne(db, sql: "SELECT updated_at FROM entity_embedding")
        }
        #expect(updatedAt == F.t0.addingTimeInterval(60))

        try await store.writer.write { db in try db.execute(sql: "DELETE FROM entity") }
        #expect(try store.embeddingModels().isEmpty)
    }

    @Test("The schema refuses vectors whose length does not match the dimension")
    func vectorLengthCheck() async throws {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))
        let insert = "INSERT INTO entity_embedding (entity_id, model, dimension, vector, evidence, updated_at) VALUES ('per_1', 'm', ?, ?, 'e', '2024-01-01')"
        try await store.writer.write { db in
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: insert, arguments: [3, EmbeddingRow.encode([1, 2])])
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: insert, arguments: [2, Data(repeating: 0, count: 9)])
            }
            #expect(throws: DatabaseError.self) { try db.execute(sql: insert, arguments: [0, Data()]) }
            #expect(throws: DatabaseError.self) { try db.execute(sql: insert, arguments: [2, "12345678"]) }
            #expect(throws: DatabaseError.self) { // no such entity
                try db.execute(sql: insert.replacingOccurrences(of: "'per_1'", with: "'per_9'"),
                               arguments: [2, EmbeddingRow.encode([1, 2])])
            }
            try db.execute(sql: insert, arguments: [2, EmbeddingRow.encode([1, 2])])
        }
        #expect(try store.embeddingModels() == ["m": 1])
    }

    @Test("A commit whose embedding's dimension disagrees with its vector is refused")
    func vectorDimensionValidated() async throws {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))
        var bad = Self.embedding("per_1", [1, 2, 3])
        bad.dimension = 4
        await #expect(throws: StoreError.invalidCommit) {
            try await store.commit(ArticleCommit(article: F.article("a2"), embeddings: [bad]))
        }
        await #expect(throws: StoreError.invalidCommit) {
            try await store.commit(ArticleCommit(article: F.article("a2"), embeddings: [Self.embedding("per_1", [])]))
        }
        #expect(try await store.article(id: "a2") == nil)
    }

    @Test("embeddingModels counts stored vectors per model")
    func embeddingModelCounts() async throws {
        let store = try await F.store()
        #expect(try store.embeddingModels() == [:])
        for (index, id) in ["per_1", "per_2", "per_3"].enumerated() {
            try await store.commit(F.newEntityCommit(article: "a\(index)", entity: id, name: "Person \(index)", minute: index))
        }
        try await store.commit(ArticleCommit(article: F.article("a9", minute: 9), embeddings: [
            Self.embedding("per_1", [1, 0]), Self.embedding("per_2", [0, 1]),
            Self.embedding("per_3", [1, 0, 0], model: "local/minilm"),
        ]))
        #expect(try store.embeddingModels() == [Self.model: 2, "local/minilm": 1])
        let known = try await store.knownEntities()
        #expect(known.map { $0.embedding?.entityID } == ["per_1", "per_2", "per_3"])
        #expect(known.map { $0.embedding?.model } == [Self.model, Self.model, "local/minilm"])
    }

    // MARK: - Decisions

    @Test("profileDetail returns the entity's decisions oldest first, with candidates and match check")
    func decisionsReadBack() async throws {
        let store = try await F.store()
        let candidates = [
            ResolutionCandidate(entityID: "per_1", name: "Dana Whitfield", cosine: 0.912345678901, lexical: 0.8, via: "surname"),
            ResolutionCandidate(entityID: "per_2", name: "Omar Haddad", cosine: nil, lexical: 0.1, via: "lexical"),
        ]
        let check = MatchCheckResult(isMatch: true, confidence: 0.93, reason: "Same reporter, same outlet.")
        var created = Self.decision("a1", "Dana Whitfield", entity: "per_1", minute: 0)
        created.candidates = []
        var commit = F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield")
        commit.decisions = [created]
        try await store.commit(commit)
        var other = F.newEntityCommit(article: "a2", entity: "per_2", name: "Omar Haddad", minute: 1)
        other.decisions = [Self.decision("a2", "Omar Haddad", entity: "per_2", minute: 1)]
        try await store.commit(other)

        // Stored out of chronological order: a4's decision is older than a3's.
        let later = Self.decision("a3", "Whitfield", entity: "per_1", action: "merge", minute: 30,
                                  candidates: candidates, matchCheck: check)
        let earlier = Self.decision("a4", "D. Whitfield", entity: "per_1", action: "merge", minute: 20,
                                    candidates: [candidates[0]])
        try await store.commit(ArticleCommit(article: F.article("a3", minute: 3), decisions: [later]))
        try await store.commit(ArticleCommit(article: F.article("a4", minute: 4), decisions: [earlier]))

        let detail = try #require(try await store.profileDetail(nameOrID: "per_1", version: nil))
        #expect(detail.decisions == [created, earlier, later])
        #expect(detail.decisions[2].candidates == candidates)
        #expect(detail.decisions[2].candidates[1].cosine == nil)
        #expect(detail.decisions[2].matchCheck == check)
        #expect(detail.decisions[1].matchCheck == nil)
        #expect(try await store.profileDetail(nameOrID: "per_2", version: nil)?.decisions.map(\.incomingName) == ["Omar Haddad"])

        let (matchCheck, candidatesType) = try await store.writer.read { db in
            let row = try #require(try Row.fetchOne(db, sql: """
                SELECT match_check, json_type(candidates) AS type FROM resolution_decision WHERE article_id = 'a4'
                """))
            return (row["match_check"] as DatabaseValue, row["type"] as String)
        }
        #expect(matchCheck.isNull)
        #expect(candidatesType == "array")

        // Decisions are decoded by hand: JSON of the wrong shape (the schema checks it is JSON) is an
        // error naming the column, not a crash.
        for (column, value) in [("candidates", #"[{"name": "no id"}]"#), ("match_check", #"{"isMatch": "yes"}"#)] {
            try await store.writer.write { db in
                try db.execute(sql: "UPDATE resolution_decision SET \(column) = ? WHERE article_id = 'a3'", arguments: [value])
            }
            await #expect(throws: StoreError.corruptValue(table: "resolution_decision", id: "3", column: column, value: value)) {
                try await store.profileDetail(nameOrID: "per_1", version: nil)
            }
            try await store.writer.write { db in
                try db.execute(sql: "UPDATE resolution_decision SET candidates = '[]', match_check = NULL WHERE article_id = 'a3'")
            }
        }
    }

    @Test("A duplicate decision fails the commit and stores nothing from it")
    func duplicateDecisionIsAtomic() async throws {
        let store = try await F.store()
        var first = F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield")
        first.embeddings = [Self.embedding("per_1", [1, 0])]
        first.decisions = [Self.decision("a1", "Dana Whitfield", entity: "per_1")]
        try await store.commit(first)
        let before = try await store.profileDetail(nameOrID: "per_1", version: nil)

        // A retry of a1 in the same run that logs the same decision again.
        var retry = F.newEntityCommit(article: "a1", entity: "per_9", name: "New Person", minute: 5)
        retry.entities.append(F.entity("per_1", "Dana J. Whitfield"))
        retry.embeddings = [Self.embedding("per_1", [0, 1]), Self.embedding("per_9", [1, 1])]
        retry.decisions = [Self.decision("a1", "New Person", entity: "per_9"),
                           Self.decision("a1", "Dana Whitfield", entity: "per_1", action: "merge")]
        let error = try await #require(throws: StoreError.self) { try await store.commit(retry) }
        #expect(error == .duplicateDecision)
        #expect(error.description.contains("Dana Whitfield"))

        #expect(try await store.profileDetail(nameOrID: "per_1", version: nil) == before)
        #expect(try await store.profileDetail(nameOrID: "per_9", version: nil) == nil)
        #expect(try await store.article(id: "a1")?.processedAt == F.t0)
        #expect(try await store.knownEntities().map { $0.embedding?.vector } == [[1, 0]])
        let decisions = try await store.writer.read { db in try DecisionRow.fetchCount(db) }
        #expect(decisions == 1)

        // Two identical decisions within one commit fail the same way.
        let twice = ArticleCommit(article: F.article("a2", minute: 1), decisions: [
            Self.decision("a2", "Whitfield", entity: "per_1", action: "merge"),
            Self.decision("a2", "Whitfield", entity: "per_1", action: "merge"),
        ])
        await #expect(throws: StoreError.duplicateDecision) { try await store.commit(twice) }
        #expect(try await store.article(id: "a2") == nil)

        // The same name in another run is a new decision.
        try await store.startRun(F.run("run-2"))
        var rerun = F.article("a1", minute: 10)
        rerun.runID = "run-2"
        try await store.commit(ArticleCommit(
            article: rerun, decisions: [Self.decision("a1", "Dana Whitfield", entity: "per_1", action: "merge", run: "run-2")]))
        #expect(try await store.profileDetail(nameOrID: "per_1", version: nil)?.decisions.map(\.runID) == ["run-1", "run-2"])
    }

    @Test("Decisions of another article or run, unknown actions and non-finite scores are refused")
    func decisionValidation() async throws {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield"))
        let article = F.article("a2")
        let badCommits: [ResolutionRecord] = [
            Self.decision("a1", "Dana", entity: "per_1"),
            Self.decision("a2", "Dana", entity: "per_1", run: "run-9"),
            Self.decision("a2", "Dana", entity: "per_1", action: "split"),
            Self.decision("a2", "Dana", entity: "per_1", candidates: [
                ResolutionCandidate(entityID: "per_1", name: "Dana", cosine: .nan, lexical: 1, via: "exact")]),
        ]
        for decision in badCommits {
            await #expect(throws: StoreError.invalidCommit) {
                try await store.commit(ArticleCommit(article: article, decisions: [decision]))
            }
        }
        // An unknown entity fails its foreign key.
        await #expect(throws: StoreError.writeFailed) {
            try await store.commit(ArticleCommit(article: article, decisions: [Self.decision("a2", "X", entity: "per_9")]))
        }
        #expect(try await store.article(id: "a2") == nil)
        try await store.writer.write { db in
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO resolution_decision (run_id, article_id, entity_type, incoming_name, action, entity_id,
                        reason, threshold, candidates, created_at)
                    VALUES ('run-1', 'a1', 'animal', 'Dana', 'create', 'per_1', 'r', 0.8, '[]', '2024-01-01')
                    """)
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO resolution_decision (run_id, article_id, entity_type, incoming_name, action, entity_id,
                        reason, threshold, candidates, created_at)
                    VALUES ('run-1', 'a1', 'person', 'Dana', 'create', 'per_1', 'r', 0.8, '{}', '2024-01-01')
                    """)
            }
        }
    }
}
