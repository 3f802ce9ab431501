import Foundation
import GRDB
import HinboxCore
import Testing
@testable import HinboxStore

@Suite("SQLiteStore manual corrections: merge and split")
struct SQLiteStoreCorrectionTests {
    typealias F = StoreFixtures

    static let later = F.t0.addingTimeInterval(3600)

    static func decision(_ articleID: String, _ name: String, entity: String, action: String = "create", minute: Int = 0) -> ResolutionRecord {
        ResolutionRecord(
            runID: F.runID, articleID: articleID, entityType: .person, incomingName: name, action: action, entityID: entity,
            reason: "\(action) in a test", threshold: 0.82,
            candidates: action == "merge" ? [ResolutionCandidate(entityID: entity, name: name, cosine: 0.9, lexical: 1, via: "exact")] : [],
            matchCheck: nil, createdAt: F.t0.addingTimeInterval(Double(minute) * 60))
    }

    /// Dana Whitfield (per_1, a1 + a3, two versions) and "D. Whitfield" (per_2, a2 + a3, two
    /// versions, with a vector), resolved apart by mistake; Omar Haddad (per_3) and an organization.
    static func twoWhitfields() async throws -> SQLiteStore {
        let store = try await F.store()
        var first = F.newEntityCommit(article: "a1", entity: "per_1", name: "Dana Whitfield", aliases: ["Mayor Whitfield"])
        first.decisions = [decision("a1", "Dana Whitfield", entity: "per_1")]
        try await store.commit(first)
        var second = F.newEntityCommit(article: "a2", entity: "per_2", name: "D. Whitfield", aliases: ["Whitfield", "mayor whitfield"], minute: 1)
        second.entities[0].tags = ["government"]
        second.embeddings = [EntityEmbedding(entityID: "per_2", model: "m", vector: [0, 1], evidence: "D. Whitfield said")]
        second.decisions = [decision("a2", "D. Whitfield", entity: "per_2", minute: 1)]
        try await store.commit(second)
        try await store.commit(ArticleCommit(
            article: F.article("a3", minute: 2),
            entities: [F.entity("per_1", "Dana Whitfield", version: 2), F.entity("per_2", "D. Whitfield", version: 2, tags: ["government"])],
            mentions: [F.mention("per_1", "a3", "Dana Whitfield"), F.mention("per_2", "a3", "Whitfield")],
            versions: [F.version("per_1", 2, text: "Dana v2 ^[a1] ^[a3]", article: "a3"),
                       F.version("per_2", 2, text: "D. v2 ^[a2] ^[a3]", article: "a3")],
            decisions: [decision("a3", "Dana Whitfield", entity: "per_1", action: "merge", minute: 2),
                        decision("a3", "Whitfield", entity: "per_2", action: "merge", minute: 2)]))
        try await store.commit(F.newEntityCommit(article: "a4", entity: "per_3", name: "Omar Haddad", minute: 3))
        try await store.commit(F.newEntityCommit(article: "a5", entity: "org_1", name: "Whitfield Holdings", type: .organization, minute: 4))
        return store
    }

    static func snapshot(_ store: SQLiteStore) async throws -> [String] {
        try await store.writer.read { db in
            try ["entity", "alias", "mention", "profile_version", "merged_profile_version", "entity_embedding", "resolution_decision", "run"].map { table in
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid")
                return "\(table): \(rows.map(\.description).joined(separator: "; "))"
            }
        }
    }

    // MARK: - Merge

    @Test("merge: the target keeps id and name, takes the names, mentions, history and vector of the source")
    func merge() async throws {
        let store = try await Self.twoWhitfields()
        let outcome = try await store.mergeEntities(into: "per_1", from: "D. Whitfield", at: Self.later)
        #expect(outcome.kept.id == "per_1" && outcome.kept.name == "Dana Whitfield")
        #expect(outcome.removed.id == "per_2")
        #expect(outcome.version == 3)
        #expect(outcome.movedMentions == ["a2"])
        #expect(outcome.droppedMentions == ["a3"])
        #expect(outcome.addedAliases == ["D. Whitfield", "Whitfield"])

        let detail = try #require(try await store.profileDetail(nameOrID: "per_1", version: nil))
        #expect(detail.entity.name == "Dana Whitfield")
        #expect(detail.entity.currentVersion == 3)
        #expect(detail.entity.tags == ["government"])
        #expect(detail.entity.updatedAt == Self.later)
        #expect(detail.aliases == ["Mayor Whitfield", "D. Whitfield", "Whitfield"])
        // a3 mentioned both: the target's mention stays.
        #expect(detail.mentions == [F.mention("per_1", "a1", "Dana Whitfield"), F.mention("per_1", "a2", "D. Whitfield"),
                                    F.mention("per_1", "a3", "Dana Whitfield")])
        #expect(detail.versions.map(\.version) == [1, 2, 3])
        let merged = detail.version
        #expect(merged.profile.text == "Dana v2 ^[a1] ^[a3]\n\nD. v2 ^[a2] ^[a3]")
        #expect(merged.profile.sources == ["a3"])
        #expect(merged.profile.tags == ["tag2"])
        #expect(merged.triggerArticleID == "a3")
        #expect(merged.runID == outcome.runID)
        #expect(merged.createdAt == Self.later)

        // The history of both entities, then the manual merge.
        #expect(detail.decisions.map(\.incomingName) == ["Dana Whitfield", "D. Whitfield", "Dana Whitfield", "Whitfield", "D. Whitfield"])
        #expect(detail.decisions.allSatisfy { $0.entityID == "per_1" })
        let manual = try #require(detail.decisions.last)
        #expect(manual.action == "merge")
        #expect(manual.reason == "manual merge")
        #expect(manual.runID == outcome.runID)
        #expect(manual.articleID == "a3")
        #expect(manual.candidates == [ResolutionCandidate(entityID: "per_2", name: "D. Whitfield", cosine: nil, lexical: 0, via: SQLiteStore.manual)])
        #expect(manual.matchCheck == nil)

        // The source's versions are kept as history under the target, as they were.
        #expect(detail.mergedVersions.map(\.fromEntityID) == ["per_2", "per_2"])
        #expect(detail.mergedVersions.map(\.fromName) == ["D. Whitfield", "D. Whitfield"])
        #expect(detail.mergedVersions.map(\.version.version) == [1, 2])
        #expect(detail.mergedVersions[1].version.profile.text == "D. v2 ^[a2] ^[a3]")
        #expect(detail.mergedVersions[1].version.triggerArticleID == "a3")
        #expect(detail.mergedVersions.allSatisfy { $0.mergedAt == Self.later })

        // The source is gone; its vector moved (the target had none).
        #expect(try await store.profileDetail(nameOrID: "per_2", version: nil) == nil)
        #expect(try await store.profileDetail(nameOrID: "Whitfield", version: nil)?.entity.id == "per_1")
        let known = try await store.knownEntities()
        #expect(known.map(\.record.id) == ["per_1", "per_3", "org_1"])
        #expect(known[0].embedding?.vector == [0, 1])
        #expect(known[0].latestProfile?.text == merged.profile.text)

        let run = try store.writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [outcome.runID]) }
        #expect(run?["domain"] as String? == "manual")
        #expect(run?["model"] as String? == "manual")
        #expect((run?["input_path"] as String?)?.contains("profiles merge per_1 per_2") == true)
        let versionsLeft = try await store.writer.read { db in try ProfileVersionRow.filter(ProfileVersionRow.Columns.entityID == "per_2").fetchCount(db) }
        #expect(versionsLeft == 0)
        let foreignKeys = try store.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(foreignKeys.isEmpty)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test("merge: history merged in earlier moves on when its holder is merged in turn")
    func mergeChainKeepsHistory() async throws {
        let store = try await Self.twoWhitfields()
        _ = try await store.mergeEntities(into: "per_1", from: "per_2", at: Self.later)
        _ = try await store.mergeEntities(into: "per_3", from: "per_1", at: Self.later.addingTimeInterval(60))
        let detail = try #require(try await store.profileDetail(nameOrID: "per_3", version: nil))
        let kept = detail.mergedVersions.map { "\($0.fromEntityID) v\($0.version.version)" }
        #expect(kept == ["per_1 v1", "per_1 v2", "per_1 v3", "per_2 v1", "per_2 v2"])
        #expect(detail.mergedVersions.first { $0.fromEntityID == "per_1" && $0.version.version == 3 }?.version.profile.text
            == "Dana v2 ^[a1] ^[a3]\n\nD. v2 ^[a2] ^[a3]")
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test("merge: the target's own vector wins; the decision records the cosine of the two")
    func mergeKeepsTargetVector() async throws {
        let store = try await Self.twoWhitfields()
        try await store.commit(ArticleCommit(
            article: F.article("a6", minute: 6),
            embeddings: [EntityEmbedding(entityID: "per_1", model: "m", vector: [0.6, 0.8], evidence: "Dana said")]))
        let outcome = try await store.mergeEntities(into: "per_1", from: "per_2", at: Self.later)
        #expect(try await store.knownEntities()[0].embedding?.vector == [0.6, 0.8])
        let manual = try #require(try await store.profileDetail(nameOrID: "per_1", version: nil)?.decisions.last)
        #expect(abs((manual.candidates[0].cosine ?? 0) - 0.8) < 1e-6)
        #expect(manual.runID == outcome.runID)
    }

    @Test("merge: an entity merged later becomes part of the target, the other way round too")
    func mergeOtherDirection() async throws {
        let store = try await Self.twoWhitfields()
        let outcome = try await store.mergeEntities(into: "D. Whitfield", from: "Dana Whitfield", at: Self.later)
        #expect(outcome.kept.id == "per_2" && outcome.kept.name == "D. Whitfield")
        let detail = try #require(try await store.profileDetail(nameOrID: "per_2", version: nil))
        // "mayor whitfield" was already an alias of per_2, so "Mayor Whitfield" is not added twice.
        #expect(detail.aliases == ["Whitfield", "mayor whitfield", "Dana Whitfield"])
        #expect(detail.mentions.map(\.articleID) == ["a1", "a2", "a3"])
        #expect(detail.mentions.first { $0.articleID == "a3" }?.surfaceName == "Whitfield")
        #expect(detail.version.profile.text == "D. v2 ^[a2] ^[a3]\n\nDana v2 ^[a1] ^[a3]")
    }

    @Test("merge refuses unknown, ambiguous and identical entities and different types, changing nothing", arguments: [
        ("per_1", "per_9", CorrectionError.unknownEntity, "per_9"),
        ("Nobody", "per_2", .unknownEntity, "Nobody"),
        ("per_1", "per_1", .sameEntity, "same entity"),
        ("per_1", "dana WHITFIELD", .sameEntity, "same entity"),
        ("per_1", "Mayor Whitfield", .ambiguousEntity, "per_1, per_2"),
        ("per_1", "org_1", .typesDiffer, "organization"),
        ("John Smith", "per_1", .ambiguousEntity, "per_a, per_b"),
    ])
    func mergeErrors(_ target: String, _ source: String, _ expected: CorrectionError, _ message: String) async throws {
        let store = try await Self.twoWhitfields()
        try await store.commit(F.newEntityCommit(article: "a7", entity: "per_a", name: "John Smith", minute: 7))
        try await store.commit(F.newEntityCommit(article: "a8", entity: "per_b", name: "john smith", minute: 8))
        let before = try await Self.snapshot(store)
        let error = try await #require(throws: CorrectionError.self) {
            try await store.mergeEntities(into: target, from: source, at: Self.later)
        }
        #expect(error == expected)
        #expect(error.description.contains(message))
        #expect(try await Self.snapshot(store) == before)
    }

    @Test("merge is one transaction: a failure at the last step leaves everything as it was")
    func mergeIsAtomic() async throws {
        let store = try await Self.twoWhitfields()
        let before = try await Self.snapshot(store)
        try await store.writer.write { db in
            try db.execute(sql: "CREATE TEMP TRIGGER refuse BEFORE DELETE ON entity BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        let error = try await #require(throws: StoreError.self) {
            try await store.mergeEntities(into: "per_1", from: "per_2", at: Self.later)
        }
        #expect(error == .writeFailed)
        #expect(error.description.contains("refused"))
        #expect(try await Self.snapshot(store) == before)
    }

    // MARK: - Split

    /// John Smith (per_1) as resolved: the plumber (a1, a3) and, by mistake, the senator (a2).
    static func oneJohnSmith() async throws -> SQLiteStore {
        let store = try await F.store()
        try await store.commit(F.newEntityCommit(article: "a1", entity: "per_1", name: "John Smith"))
        var senator = ArticleCommit(
            article: F.article("a2", minute: 1), entities: [F.entity("per_1", "John Smith", version: 2)],
            aliases: [AliasRecord(entityID: "per_1", alias: "Senator Smith")],
            mentions: [MentionRecord(entityID: "per_1", articleID: "a2", surfaceName: "Senator Smith", evidence: "… Senator Smith voted no …")],
            versions: [F.version("per_1", 2, text: "Plumber and senator ^[a1] ^[a2]", article: "a2")])
        senator.decisions = [decision("a2", "Senator Smith", entity: "per_1", action: "merge", minute: 1)]
        try await store.commit(senator)
        try await store.commit(ArticleCommit(
            article: F.article("a3", minute: 2), entities: [F.entity("per_1", "John Smith", version: 3)],
            mentions: [F.mention("per_1", "a3", "John Smith")],
            versions: [F.version("per_1", 3, text: "v3 ^[a1] ^[a2] ^[a3]", article: "a3")]))
        return store
    }

    @Test("split: the article's mention becomes a new entity with a first version citing the article")
    func split() async throws {
        let store = try await Self.oneJohnSmith()
        let outcome = try await store.splitEntity("John Smith", article: "a2", at: Self.later)
        #expect(outcome.source.id == "per_1")
        #expect(outcome.created.name == "Senator Smith")
        #expect(outcome.created.type == .person)
        #expect(outcome.created.id.hasPrefix("per_") && outcome.created.id != "per_1")
        #expect(outcome.removedAlias == "Senator Smith")

        let created = try #require(try await store.profileDetail(nameOrID: outcome.created.id, version: nil))
        #expect(created.entity.key == "person|senator smith")
        #expect(created.entity.currentVersion == 1)
        #expect(created.version.profile.text == "Split from John Smith by hand.\n\n… Senator Smith voted no … ^[a2]")
        #expect(created.version.profile.sources == ["a2"])
        #expect(created.version.triggerArticleID == "a2")
        #expect(created.version.runID == outcome.runID)
        #expect(created.mentions == [MentionRecord(entityID: outcome.created.id, articleID: "a2", surfaceName: "Senator Smith",
                                                   evidence: "… Senator Smith voted no …")])
        let decision = try #require(created.decisions.first)
        #expect(created.decisions.count == 1)
        #expect(decision.action == "create")
        #expect(decision.reason == "manual split")
        #expect(decision.incomingName == "Senator Smith")
        #expect(decision.candidates == [ResolutionCandidate(entityID: "per_1", name: "John Smith", cosine: nil, lexical: 0, via: SQLiteStore.manual)])

        // The source keeps its versions and its history, loses the mention and the alias.
        let source = try #require(try await store.profileDetail(nameOrID: "per_1", version: nil))
        #expect(source.mentions.map(\.articleID) == ["a1", "a3"])
        #expect(source.aliases.isEmpty)
        #expect(source.versions.map(\.version) == [1, 2, 3])
        #expect(source.entity.currentVersion == 3)
        #expect(source.decisions.map(\.incomingName) == ["Senator Smith"])
        #expect(try await store.profileDetail(nameOrID: "Senator Smith", version: nil)?.entity.id == outcome.created.id)
        #expect(try await store.articleDetail(id: "a2")?.entities.map(\.entity.id) == [outcome.created.id])
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test("split under the entity's own name keeps the source's aliases; the new id never collides")
    func splitSameName() async throws {
        let store = try await Self.oneJohnSmith()
        let first = try await store.splitEntity("per_1", article: "a3", at: Self.later)
        #expect(first.created.name == "John Smith")
        #expect(first.removedAlias == nil)
        #expect(try await store.profileDetail(nameOrID: "per_1", version: nil)?.aliases == ["Senator Smith"])
        // Now two entities are called John Smith: names are ambiguous, ids are not.
        await #expect(throws: CorrectionError.ambiguousEntity) {
            try await store.splitEntity("John Smith", article: "a1", at: Self.later)
        }
        let second = try await store.splitEntity("per_1", article: "a1", at: Self.later)
        #expect(Set([first.created.id, second.created.id, "per_1"]).count == 3)
        #expect(first.runID != second.runID)
    }

    @Test("split refuses unknown entities and articles, and articles that do not mention the entity, changing nothing", arguments: [
        ("per_9", "a1", CorrectionError.unknownEntity, "per_9"),
        ("per_1", "a9", .unknownArticle, "a9"),
        ("per_1", "a4", .articleNotMentioned, "mentioned by a1, a2, a3"),
    ])
    func splitErrors(_ entity: String, _ article: String, _ expected: CorrectionError, _ message: String) async throws {
        let store = try await Self.oneJohnSmith()
        try await store.commit(F.newEntityCommit(article: "a4", entity: "per_4", name: "Omar Haddad", minute: 4))
        let before = try await Self.snapshot(store)
        let error = try await #require(throws: CorrectionError.self) {
            try await store.splitEntity(entity, article: article, at: Self.later)
        }
        #expect(error == expected)
        #expect(error.description.contains(message))
        #expect(try await Self.snapshot(store) == before)
    }

    @Test("A merge after a split puts things back, with both corrections in the history")
    func splitThenMerge() async throws {
        let store = try await Self.oneJohnSmith()
        let split = try await store.splitEntity("per_1", article: "a2", at: Self.later)
        let merge = try await store.mergeEntities(into: "per_1", from: split.created.id, at: Self.later.addingTimeInterval(60))
        #expect(merge.movedMentions == ["a2"])
        let detail = try #require(try await store.profileDetail(nameOrID: "per_1", version: nil))
        #expect(detail.mentions.map(\.articleID) == ["a1", "a2", "a3"])
        #expect(detail.aliases == ["Senator Smith"])
        #expect(detail.decisions.map(\.reason) == ["merge in a test", "manual split", "manual merge"])
        #expect(detail.entity.currentVersion == 4)
    }
}
