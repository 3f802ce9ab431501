import Foundation
import HinboxCore
import HinboxTesting
import Testing

/// Builders shared by the resolution suites: known entities with chosen vectors, and an embedder
/// whose vectors a test picks from the evidence text, so cosines are exact.
enum ResolutionFixtures {
    static let modelA = ModelDescriptor(provider: "local", model: "model-a")
    static let modelB = ModelDescriptor(provider: "local", model: "model-b")

    static let domain = DomainConfig(
        name: "test", description: "Local news about a water crisis",
        categories: CoreFixtures.domain.categories,
        resolution: .init(equivalenceGroups: [.organization: [["Department of Defense", "Pentagon"]]]))

    /// A 2-d unit vector whose cosine with `[1, 0]` is `cos`.
    static func unit(_ cos: Double) -> [Float] { [Float(cos), Float((1 - cos * cos).squareRoot())] }

    static func known(
        _ id: String, _ name: String, type: EntityType = .person, aliases: [String] = [], vector: [Float]? = nil,
        model: ModelDescriptor = modelA, startDate: String? = nil
    ) -> KnownEntity {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let record = EntityRecord(
            id: id, type: type, name: name, key: EntityKey(type: type, name: name, date: type == .event ? startDate : nil).description,
            startDate: startDate, currentVersion: 1, createdAt: date, updatedAt: date)
        return KnownEntity(
            record: record, aliases: aliases, latestProfile: Profile(text: "\(name) was in the news. ^[a0]", sources: ["a0"]),
            embedding: vector.map { EntityEmbedding(entityID: id, model: model.description, vector: $0, evidence: "Name: \(name)") })
    }

    static func person(_ name: String, aliases: [String] = []) -> ExtractedEntity {
        ExtractedEntity(type: .person, name: name, aliases: aliases)
    }

    static func article(_ id: String = "a9", _ content: String = "Nothing in particular happened.") -> Article {
        CoreFixtures.article(id: id, content)
    }

    /// A match checker answering every call with `isMatch`, on a model that counts the calls.
    static func checker(isMatch: Bool, reason: String = "checked", domain: DomainConfig = domain) -> (MatchChecker, FakeChatModel) {
        let model = FakeChatModel { request in
            #expect(request.schema?.name == "match_check")
            return ChatResponse(content: #"{"is_match": \#(isMatch), "confidence": 0.9, "reason": "\#(reason)"}"#)
        }
        return (MatchChecker(chat: StructuredChat(model: model), domain: domain, prompts: CoreFixtures.prompts), model)
    }
}

/// An embedder whose vector for each evidence text a test chooses.
struct StubEmbedder: Embedder {
    var descriptor: ModelDescriptor
    var vector: @Sendable (String) -> [Float]

    init(_ descriptor: ModelDescriptor = ResolutionFixtures.modelA, _ vector: @escaping @Sendable (String) -> [Float]) {
        self.descriptor = descriptor
        self.vector = vector
    }

    /// Every text gets `vector`.
    init(_ descriptor: ModelDescriptor = ResolutionFixtures.modelA, constant vector: [Float]) {
        self.init(descriptor) { _ in vector }
    }

    func embed(_ texts: [String]) async throws -> [[Float]] { texts.map(vector) }
}

@Suite("Resolution: candidate search")
struct ResolutionCandidateTests {
    typealias R = ResolutionFixtures
    let search = CandidateSearch(domain: R.domain)

    @Test("Name-based candidates without vectors: exact, alias, equivalence group, surname, shared words", arguments: [
        ("Dana Whitfield", EntityType.person, "Dana Whitfield", [String](), "exact", 1.0),
        ("the dana  WHITFIELD", .person, "Dana Whitfield", [], "exact", 1.0),
        ("D. Whitfield", .person, "Dana Whitfield", ["D. Whitfield"], "exact", 1.0),
        ("Pentagon", .organization, "Department of Defense", [], "equivalence", 1.0),
        ("the Department of Defense", .organization, "Pentagon", [], "equivalence", 1.0),
        ("Whitfield", .person, "Dana Whitfield", [], "surname", 0.85),
        ("Dana Whitfield", .person, "Whitfield", [], "surname", 0.85),
        ("Ridgeport Water Department", .organization, "Ridgeport Water Authority", [], "lexical", 2.0 * 2 / 6),
    ])
    func nameCandidates(_ incoming: String, _ type: EntityType, _ knownName: String, _ aliases: [String], _ via: String, _ lexical: Double) throws {
        let index = EntityIndex([R.known("k1", knownName, type: type, aliases: aliases, vector: [1, 0])])
        let candidates = search.candidates(for: ExtractedEntity(type: type, name: incoming), vector: nil, model: nil, in: index)
        let candidate = try #require(candidates.first)
        #expect(candidates.count == 1)
        #expect(candidate.entityID == "k1")
        #expect(candidate.name == knownName)
        #expect(candidate.via == via)
        #expect(abs(candidate.lexical - lexical) < 1e-9)
        #expect(candidate.cosine == nil)
    }

    @Test("An acronym is a candidate with lexical 0.9, both ways, when the vectors bring it in")
    func acronymWithVectors() throws {
        let index = EntityIndex([
            R.known("org_rwa", "Ridgeport Water Authority", type: .organization, vector: [1, 0]),
            R.known("org_eq", "EQ", type: .organization, vector: [1, 0]),
        ])
        for (incoming, expected) in [("RWA", "org_rwa"), ("Environmental Quality", "org_eq")] {
            let candidates = search.candidates(
                for: ExtractedEntity(type: .organization, name: incoming), vector: [1, 0], model: R.modelA.description, in: index)
            let candidate = try #require(candidates.first { $0.entityID == expected })
            #expect(candidate.via == "acronym")
            #expect(candidate.lexical == 0.9)
        }
    }

    @Test("An acronym is found by name alone (without an embedder or beyond the vector neighbours)")
    func acronymByName() {
        let index = EntityIndex([R.known("org_rwa", "Ridgeport Water Authority", type: .organization)])
        let candidates = search.candidates(for: ExtractedEntity(type: .organization, name: "RWA"), vector: nil, model: nil, in: index)
        #expect(candidates.map(\.entityID) == ["org_rwa"])
        let reverse = EntityIndex([R.known("org_rwa", "RWA", type: .organization)])
        let expanded = search.candidates(
            for: ExtractedEntity(type: .organization, name: "Ridgeport Water Authority"), vector: nil, model: nil, in: reverse)
        #expect(expanded.map(\.entityID) == ["org_rwa"])
    }

    @Test("Vector neighbours: the nearest vectorNeighbours of the same model join the name candidates")
    func vectorNeighbours() throws {
        // Seven organizations with unrelated names at cosines 0.99, 0.95, … from the incoming vector.
        let cosines = [0.99, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5]
        let known = cosines.enumerated().map { R.known("org_\($0.offset)", "Zeta\($0.offset) Holdings", type: .organization, vector: R.unit($0.element)) }
        var index = EntityIndex(known)
        index.upsert(R.known("org_name", "Acme Ventures", type: .organization))
        let incoming = ExtractedEntity(type: .organization, name: "Acme Ventures")
        let candidates = search.candidates(for: incoming, vector: [1, 0], model: R.modelA.description, in: index)
        #expect(Set(candidates.map(\.entityID)) == ["org_name", "org_0", "org_1", "org_2", "org_3", "org_4"])
        let nearest = try #require(candidates.first { $0.entityID == "org_0" })
        #expect(nearest.via == "vector")
        #expect(nearest.lexical == 0)
        #expect(abs((nearest.cosine ?? 0) - 0.99) < 1e-6)
        // Best first: the exact name (lexical 1, no vector) ranks by 1, org_0 by 0.99.
        #expect(candidates.map(\.entityID).prefix(2) == ["org_name", "org_0"])

        var few = search
        few.vectorNeighbours = 2
        few.maxCandidates = 2
        #expect(few.candidates(for: ExtractedEntity(type: .organization, name: "Omega"), vector: [1, 0], model: R.modelA.description, in: index)
            .map(\.entityID) == ["org_0", "org_1"])
    }

    @Test("Candidates are of the incoming entity's type only")
    func sameTypeOnly() {
        let index = EntityIndex([
            R.known("org_1", "Whitfield Foundation", type: .organization, vector: [1, 0]),
            R.known("loc_1", "Dana Whitfield", type: .location, vector: [1, 0]),
        ])
        #expect(search.candidates(for: R.person("Dana Whitfield"), vector: [1, 0], model: R.modelA.description, in: index).isEmpty)
    }

    @Test("Events on another date are never candidates, even with the same title and vector")
    func eventsOnOtherDates() {
        let title = "Special Hearing on Water Safety"
        let index = EntityIndex([R.known("evt_1", title, type: .event, vector: [1, 0], startDate: "2025-03-14")])
        func candidates(_ date: String?) -> [ResolutionCandidate] {
            search.candidates(for: ExtractedEntity(type: .event, name: title, startDate: date), vector: [1, 0], model: R.modelA.description, in: index)
        }
        #expect(candidates("2025-04-02").isEmpty)
        #expect(candidates("2025-03-14").map(\.via) == ["exact"])
        // An undated mention can still be the dated event (found by its words).
        #expect(candidates(nil).map(\.entityID) == ["evt_1"])
    }

    @Test("Vectors of another model or dimension are never compared: cosine nil, no vector neighbours")
    func modelChange() throws {
        let index = EntityIndex([
            R.known("per_1", "Dana Whitfield", vector: [1, 0], model: R.modelA),
            R.known("per_2", "Omar Haddad", vector: [1, 0], model: R.modelA),
        ])
        let fromB = search.candidates(for: R.person("Dana Whitfield"), vector: [1, 0], model: R.modelB.description, in: index)
        #expect(fromB.map(\.entityID) == ["per_1"])
        #expect(fromB[0].cosine == nil)
        let otherDimension = search.candidates(for: R.person("Dana Whitfield"), vector: [1, 0, 0], model: R.modelA.description, in: index)
        #expect(otherDimension.map(\.entityID) == ["per_1"])
        #expect(otherDimension[0].cosine == nil)
        let sameModel = search.candidates(for: R.person("Dana Whitfield"), vector: [1, 0], model: R.modelA.description, in: index)
        #expect(Set(sameModel.map(\.entityID)) == ["per_1", "per_2"])
        #expect(try #require(sameModel.first { $0.entityID == "per_1" }).cosine == 1)
    }

    @Test("EntityIndex: upsert re-indexes new names and keeps creation order")
    func indexUpsert() {
        var index = EntityIndex([R.known("per_1", "Whitfield"), R.known("per_2", "Omar Haddad")])
        #expect(index.exactMatches(type: .person, names: ["Dana Whitfield"], date: nil).isEmpty)
        index.upsert(R.known("per_1", "Dana Whitfield", aliases: ["Whitfield"]))
        #expect(index.exactMatches(type: .person, names: ["dana whitfield"], date: nil) == ["per_1"])
        #expect(index.exactMatches(type: .person, names: ["Whitfield"], date: nil) == ["per_1"])
        #expect(index.ids(of: .person) == ["per_1", "per_2"])
        #expect(index.count == 2)
    }
}
