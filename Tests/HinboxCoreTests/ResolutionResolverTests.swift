import Foundation
import HinboxCore
import HinboxTesting
import Logging
import Testing

@Suite("Resolution: the resolver's decisions and records")
struct ResolutionResolverTests {
    typealias R = ResolutionFixtures

    static func resolve(
        _ entities: [ExtractedEntity], index: EntityIndex, embedder: (any Embedder)?, checker: MatchChecker? = nil,
        domain: DomainConfig = R.domain, article: Article = R.article()
    ) async throws -> [EntityResolver.Resolved] {
        // The band mechanics are tested at a fixed same-name margin of 0.45 (the default is
        // tuned per embedder; see `defaultSameNameMargin`).
        var resolver = EntityResolver(domain: domain, embedder: embedder, matchChecker: checker)
        resolver.policy.sameNameMargin = 0.45
        return try await resolver.resolve(entities, article: article, index: index, runID: "run-1")
    }

    @Test("By default a same-name candidate merges unless its evidence is nearly orthogonal (MiniLM-tuned margin)")
    func defaultSameNameMargin() {
        let policy = ResolutionPolicy()
        let candidate = { (cos: Double) in ResolutionCandidate(entityID: "per_1", name: "John Smith", cosine: cos, lexical: 1, via: "exact") }
        #expect(policy.verdict(for: candidate(0.1), threshold: 0.82, lexicalCutoff: 0.6) == .merge("exact"))
        #expect(policy.verdict(for: candidate(0.0), threshold: 0.82, lexicalCutoff: 0.6) == .uncertain)
        #expect(policy.verdict(for: candidate(-0.2), threshold: 0.82, lexicalCutoff: 0.6) == .reject)
    }

    @Test("The match check is asked only in the uncertain band", arguments: [
        // Same name at the person threshold: merge ≥ 0.37, ask in [0.27, 0.37), reject below.
        (0.9, 0, true), (0.45, 0, true), (0.33, 1, true), (0.28, 1, false), (0.1, 0, false),
    ])
    func matchCheckOnlyWhenUncertain(_ cos: Double, _ calls: Int, _ merged: Bool) async throws {
        let index = EntityIndex([R.known("per_1", "John Smith", vector: [1, 0])])
        let (checker, model) = R.checker(isMatch: cos > 0.3)
        let resolved = try await Self.resolve([R.person("John Smith")], index: index, embedder: StubEmbedder(constant: R.unit(cos)), checker: checker)
        #expect(model.requests.count == calls)
        #expect(resolved[0].decision.isMerge == merged)
        #expect((resolved[0].record.matchCheck != nil) == (calls > 0))
        if calls > 0 { #expect(resolved[0].decision.reason == (merged ? "match check" : "match check said different: checked")) }
    }

    @Test("Without a match checker, uncertain candidates are not merged")
    func noCheckerNoMerge() async throws {
        let index = EntityIndex([R.known("per_1", "John Smith", vector: [1, 0])])
        let resolved = try await Self.resolve([R.person("John Smith")], index: index, embedder: StubEmbedder(constant: R.unit(0.3)))
        #expect(!resolved[0].decision.isMerge)
        #expect(resolved[0].decision.reason == "no candidate close enough")
        #expect(resolved[0].record.matchCheck == nil)
    }

    @Test("A failing match check fails the resolution (retried by the pipeline) instead of deciding 'different'")
    func failingCheck() async throws {
        let model = FakeChatModel { _ in throw FakeChatModelError.injected("down") }
        let checker = MatchChecker(chat: StructuredChat(model: model), domain: R.domain, prompts: CoreFixtures.prompts)
        let index = EntityIndex([R.known("per_1", "John Smith", vector: [1, 0])])
        await #expect(throws: FakeChatModelError.self) {
            try await Self.resolve([R.person("John Smith")], index: index, embedder: StubEmbedder(constant: R.unit(0.3)), checker: checker)
        }
    }

    @Test("Same name, orthogonal evidence: rejected without asking, a separate entity is created")
    func sameNameOrthogonalEvidence() async throws {
        let index = EntityIndex([R.known("per_1", "John Smith", vector: [1, 0])])
        let (checker, model) = R.checker(isMatch: true)
        let resolved = try await Self.resolve([R.person("John Smith")], index: index, embedder: StubEmbedder(constant: [0, 1]), checker: checker)
        let outcome = try #require(resolved.first)
        guard case .create(let id) = outcome.decision.action else {
            Issue.record("expected a new entity, got \(outcome.decision.action)")
            return
        }
        #expect(id != "per_1")
        #expect(outcome.decision.reason == "no candidate close enough")
        #expect(outcome.record.candidates.map(\.entityID) == ["per_1"])
        #expect(outcome.record.candidates[0].cosine == 0)
        #expect(model.requests.isEmpty)
    }

    @Test("A rejected match creates a new entity even when the new id is already taken")
    func createNeverReusesAKnownID() async throws {
        // New ids hash (key, article id): when an article that created "John Smith" is reprocessed
        // and the evidence now disagrees, the new entity must still get an id of its own.
        let existing = EntityIdentity.newID(for: R.person("John Smith"), articleID: "a1")
        let index = EntityIndex([R.known(existing, "John Smith", vector: [1, 0])])
        let resolved = try await Self.resolve(
            [R.person("John Smith")], index: index, embedder: StubEmbedder(constant: [0, 1]), article: R.article("a1", "John Smith, the senator."))
        #expect(!resolved[0].decision.isMerge)
        #expect(index.entities[resolved[0].decision.entityID] == nil)
    }

    @Test("Model change: vectors of another model are never compared, so only same-name merges happen")
    func modelChange() async throws {
        let index = EntityIndex([
            R.known("per_1", "Dana Whitfield", vector: [1, 0], model: R.modelA),
            R.known("per_2", "Omar Haddad", vector: [0, 1], model: R.modelA),
        ])
        let (checker, model) = R.checker(isMatch: true)
        // Model B gives identical vectors, which must not count.
        let embedder = StubEmbedder(R.modelB, constant: [1, 0])
        let resolved = try await Self.resolve(
            [R.person("Dana Whitfield"), R.person("Whitfield"), R.person("Amira Khalil")], index: index, embedder: embedder, checker: checker)
        #expect(resolved[0].decision.action == .merge(entityID: "per_1"))
        #expect(resolved[0].decision.reason == "exact")
        #expect(resolved.flatMap(\.record.candidates).allSatisfy { $0.cosine == nil })
        // A surname needs evidence; without comparable vectors it is a new entity.
        #expect(!resolved[1].decision.isMerge)
        // No name overlap and no comparable vectors: no candidate at all.
        #expect(resolved[2].record.candidates.isEmpty)
        #expect(resolved[2].decision.reason == "no candidate")
        #expect(model.requests.isEmpty)
        // The new vectors are kept, labelled with model B.
        #expect(resolved.allSatisfy { $0.embedding?.model == R.modelB.description })
    }

    @Test("No embedder: names alone, only same-name merges")
    func noEmbedder() async throws {
        let index = EntityIndex([
            R.known("per_1", "Dana Whitfield"),
            R.known("org_1", "Department of Defense", type: .organization),
        ])
        let people = try await Self.resolve([R.person("Dana Whitfield"), R.person("Whitfield")], index: index, embedder: nil)
        #expect(people.map(\.decision.isMerge) == [true, false])
        #expect(people.allSatisfy { $0.embedding == nil })
        let organizations = try await Self.resolve([ExtractedEntity(type: .organization, name: "Pentagon")], index: index, embedder: nil)
        #expect(organizations[0].decision.action == .merge(entityID: "org_1"))
        #expect(organizations[0].decision.reason == "equivalence")
    }

    @Test("Two entities of one article never merge into the same known entity")
    func oneKnownEntityPerArticle() async throws {
        let index = EntityIndex([R.known("per_1", "Dana Whitfield", vector: [1, 0])])
        let entities = [R.person("Dana Whitfield"), R.person("D. Whitfield", aliases: ["Dana Whitfield"])]
        let resolved = try await Self.resolve(entities, index: index, embedder: StubEmbedder(constant: [1, 0]))
        #expect(resolved[0].decision.action == .merge(entityID: "per_1"))
        #expect(!resolved[1].decision.isMerge)
        #expect(resolved[1].decision.entityID != "per_1")
        #expect(resolved[1].record.candidates.map(\.entityID) == ["per_1"])
    }

    @Test("Every resolution yields a record: candidates, threshold, run, article, action and entity")
    func everyResolutionIsRecorded() async throws {
        let index = EntityIndex([
            R.known("per_1", "Dana Whitfield", vector: [1, 0]),
            R.known("per_2", "Omar Haddad", vector: [0, 1]),
        ])
        let article = R.article("a7", "Dana Whitfield and Omar Haddad met Amira Khalil.")
        let entities = [R.person("Dana Whitfield"), R.person("Amira Khalil"), R.person("Haddad")]
        // Dana: cosine 1 with per_1; Amira: 0.5 / 0.87 (vector-only, not enough); Haddad: 1 with per_2.
        let vectors: [String: [Float]] = ["Dana Whitfield": [1, 0], "Amira Khalil": R.unit(0.5), "Haddad": [0, 1]]
        let embedder = StubEmbedder { text in vectors.first { text.hasPrefix("Name: \($0.key)\n") }?.value ?? [] }
        let resolved = try await Self.resolve(entities, index: index, embedder: embedder, article: article)
        #expect(resolved.count == entities.count)
        for (outcome, entity) in zip(resolved, entities) {
            let record = outcome.record
            #expect(record.runID == "run-1")
            #expect(record.articleID == "a7")
            #expect(record.entityType == .person)
            #expect(record.incomingName == entity.name)
            #expect(record.threshold == 0.82)
            #expect(record.action == (outcome.decision.isMerge ? "merge" : "create"))
            #expect(record.entityID == outcome.decision.entityID)
            #expect(record.reason == outcome.decision.reason)
            #expect(record.reason.isEmpty == false)
            let expected = CandidateSearch(domain: R.domain).candidates(
                for: entity, vector: vectors[entity.name], model: R.modelA.description, in: index)
            #expect(record.candidates == expected)
            #expect(outcome.embedding?.evidence == EvidenceText.text(for: entity, in: article))
        }
        #expect(resolved.map(\.decision.isMerge) == [true, false, true])
        #expect(resolved[2].decision.action == .merge(entityID: "per_2"))
        #expect(resolved[2].decision.reason == "surname")
    }

    @Test("Evidence text: name, type and windows of article text around the mentions")
    func evidenceText() {
        let event = ExtractedEntity(type: .event, name: "Special Hearing", description: "On water", startDate: "2025-03-14")
        let text = EvidenceText.text(for: event, in: R.article("a1", "Before the Special Hearing began, residents queued."))
        #expect(text.hasPrefix("Name: Special Hearing\nType: event\nDate: 2025-03-14\nDescription: On water\nCONTEXT:\n"))
        #expect(text.contains("residents queued"))
        let long = EvidenceText.text(for: R.person("X"), in: R.article("a1", String(repeating: "X said something. ", count: 500)))
        #expect(long.count <= EvidenceText.maxCharacters)
    }
}

@Suite("Resolution through the pipeline: canonical names and namesakes")
struct ResolutionPipelineTests {
    typealias R = ResolutionFixtures

    static func run(
        _ articles: [Article], gazetteer: Gazetteer, embedder: (any Embedder)?, isMatch: Bool = false
    ) async throws -> (InMemoryKnowledgeStore, FakeChatModel) {
        let model = FakeChatModel { request in
            if request.schema?.name == "match_check" {
                return ChatResponse(content: #"{"is_match": \#(isMatch), "confidence": 0.8, "reason": "plumber vs senator"}"#)
            }
            return try FakeChatModel.gazetteerReply(to: request, gazetteer: gazetteer)
        }
        let store = InMemoryKnowledgeStore()
        try await store.startRun(RunRecord(id: "run-1", startedAt: Date(), inputPath: "x", domain: "test", model: "fake", embeddingModel: "stub"))
        let pipeline = Pipeline.testing(
            model: model, domain: R.domain, prompts: CoreFixtures.prompts, store: store,
            options: .init(runID: "run-1", domain: "test", concurrency: 1), embedder: embedder, matchCheck: true,
            logger: Logger(label: "resolution-test"))
        let report = try await pipeline.run(articles)
        #expect(report.processed.count == articles.count)
        return (store, model)
    }

    @Test("'Whitfield' then 'Dana Whitfield': one entity, the full name canonical; an acronym loses to its expansion")
    func canonicalNames() async throws {
        let gazetteer = Gazetteer(entries: [
            .person: [.init(name: "Dana Whitfield", type: "politician", aliases: ["Whitfield"])],
            .organization: [.init(name: "Ridgeport Water Authority", type: "utility", aliases: ["RWA"])],
        ])
        let articles = [
            R.article("a1", "Whitfield said the RWA raised rates."),
            R.article("a2", "Dana Whitfield said the Ridgeport Water Authority (RWA) must pay."),
        ]
        let (store, _) = try await Self.run(articles, gazetteer: gazetteer, embedder: nil)
        let profiles = try await store.profiles(type: nil, search: nil)
        #expect(profiles.map(\.name) == ["Dana Whitfield", "Ridgeport Water Authority"])
        #expect(profiles.map(\.aliases) == [["Whitfield"], ["RWA"]])
        #expect(profiles.map(\.version) == [2, 2])
        #expect(profiles.map(\.articleIDs) == [["a1", "a2"], ["a1", "a2"]])
    }

    @Test("Two John Smiths: the match check says no, both entities are kept and the decision records why")
    func namesakesStaySeparate() async throws {
        let gazetteer = Gazetteer(entries: [.person: [.init(name: "John Smith", type: "other")]])
        let articles = [
            R.article("a1", "John Smith, a plumber, fixed the pipes on Elm Street."),
            R.article("a2", "John Smith, the senator, voted against the budget."),
        ]
        // Plumber and senator evidence at cosine 0: same name, uncertain band (default margin).
        let embedder = StubEmbedder { text in text.contains("plumber") ? [1, 0] : R.unit(0.0) }
        let (store, model) = try await Self.run(articles, gazetteer: gazetteer, embedder: embedder)

        let people = try await store.profiles(type: .person, search: nil)
        #expect(people.map(\.name) == ["John Smith", "John Smith"])
        #expect(Set(people.map(\.id)).count == 2)
        #expect(Set(people.map(\.articleIDs)) == [["a1"], ["a2"]])
        #expect(model.requests.filter { $0.schema?.name == "match_check" }.count == 1)

        let commits = await store.commits
        let decision = try #require(commits.last?.decisions.first)
        #expect(decision.action == "create")
        #expect(decision.reason == "match check said different: plumber vs senator")
        #expect(decision.matchCheck == MatchCheckResult(isMatch: false, confidence: 0.8, reason: "plumber vs senator"))
        #expect(decision.candidates.map(\.entityID) == [commits[0].entities[0].id])
        #expect(abs((decision.candidates[0].cosine ?? 0) - 0.0) < 1e-6)
        #expect(decision.threshold == 0.82)
    }

    @Test("Same names, the match check says yes: one entity with both articles")
    func checkedMerge() async throws {
        let gazetteer = Gazetteer(entries: [.person: [.init(name: "John Smith", type: "other")]])
        let articles = [
            R.article("a1", "John Smith, a plumber, fixed the pipes on Elm Street."),
            R.article("a2", "John Smith, the senator, voted against the budget."),
        ]
        let embedder = StubEmbedder { text in text.contains("plumber") ? [1, 0] : R.unit(0.0) }
        let (store, _) = try await Self.run(articles, gazetteer: gazetteer, embedder: embedder, isMatch: true)
        let people = try await store.profiles(type: .person, search: nil)
        #expect(people.map(\.articleIDs) == [["a1", "a2"]])
        #expect(await store.commits.last?.decisions.first?.reason == "match check")
    }
}
