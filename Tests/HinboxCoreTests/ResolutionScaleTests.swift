import Foundation
@testable import HinboxCore
import Testing

/// The rules that keep candidate search fast at 100k entities: names normalised once (scores must
/// equal the per-pair computation they replace) and too-common words bringing in no candidates.
@Suite("Resolution: precomputed names and common-word limits")
struct ResolutionScaleTests {
    typealias R = ResolutionFixtures

    static let names = [
        "Dana Whitfield", "the dana  WHITFIELD", "D. Whitfield", "Whitfield", "Dana A. Whitfield", "Mayor Dana Whitfield",
        "José Ramírez", "Jose Ramirez", "Ramírez", "Ridgeport Water Authority", "RWA", "Rwa", "Water Authority",
        "Department of Defense", "Defense Department", "DoD", "Pentagon", "the Pentagon", "U.S.", "US", "United States",
        "United States of America", "USA", "Department of Environmental Quality", "DEQ", "EQ", "Environmental Quality",
        "Bank of the West", "BOTW", "New York New York", "NY", "Port Halvern", "Halvern", "A", "", "Ministry of Health",
        "MOH", "Jean-Luc Picard", "Picard", "O'Brien", "Obrien", "Washington, D.C.", "D.C.", "DC",
    ]

    /// The per-pair computation the precomputed ``NameSimilarity`` replaced, as it was.
    static func reference(_ a: String, _ b: String, type: EntityType, domain: DomainConfig) -> (Double, String) {
        let variants = NameVariants(stopwords: domain.resolution.acronymStopwords)
        let groups = domain.resolution.equivalenceGroups[type] ?? []
        if NameNormalizer.key(a) == NameNormalizer.key(b) { return (1, "exact") }
        if variants.sameGroup(a, b, groups: groups) { return (1, "equivalence") }
        if variants.isAcronym(a, of: b) || variants.isAcronym(b, of: a) { return (0.9, "acronym") }
        let wordsA = EntityIndex.words(a)
        let wordsB = EntityIndex.words(b)
        if type == .person, let lastA = wordsA.last, let lastB = wordsB.last, lastA == lastB, min(wordsA.count, wordsB.count) == 1 {
            return (0.85, "surname")
        }
        let setA = Set(wordsA)
        let setB = Set(wordsB)
        guard !setA.isEmpty, !setB.isEmpty else { return (0, "lexical") }
        return (2 * Double(setA.intersection(setB).count) / Double(setA.count + setB.count), "lexical")
    }

    static let newsLike = DomainConfig(
        name: "news", description: "News", categories: [:],
        resolution: .init(equivalenceGroups: [
            .organization: [["Department of Defense", "Defense Department", "DoD", "Pentagon"]],
            .location: [["United States", "U.S.", "US", "USA", "United States of America"], ["Washington, D.C.", "Washington DC", "D.C."]],
        ]))

    static let otherStopwords = DomainConfig(
        name: "other", description: "Other", categories: [:], resolution: .init(acronymStopwords: ["of"]))

    @Test("Precomputed names score every pair exactly as the per-pair computation did", arguments: [
        (EntityType.person, "news"), (.organization, "news"), (.location, "news"), (.organization, "other"),
    ])
    func sameScores(_ type: EntityType, _ domainName: String) {
        let domain = domainName == "news" ? Self.newsLike : Self.otherStopwords
        let similarity = NameSimilarity(type: type, domain: domain)
        for a in Self.names {
            for b in Self.names {
                let got = similarity.score([a], [b])
                // A zero pair is reported as "vector", as before (the best of no name overlap).
                let pair = Self.reference(a, b, type: type, domain: domain)
                let expected = pair.0 > 0 ? pair : (0, "vector")
                #expect(got.score == expected.0 && got.via == expected.1, "\(a) ↔ \(b)")
            }
        }
    }

    @Test("Search tokens are the words plus the acronym, as they were")
    func searchTokens() {
        #expect(NameFeatures("Ridgeport Water Authority").searchTokens == ["ridgeport", "water", "authority", "rwa"])
        #expect(NameFeatures("Bank of the West").searchTokens == ["bank", "west", "bw"])
        #expect(NameFeatures("Dana A. Whitfield").searchTokens == ["dana", "whitfield", "daw"])
        #expect(NameFeatures("RWA").searchTokens == ["rwa"])
    }

    @Test("TokenLimits: common tokens dropped, rarest first within the budget, original order kept")
    func tokenLimits() {
        let counts = ["rare": 3, "mid": 40, "common": 900, "big": 300]
        let limits = TokenLimits(commonLimit: 500, budget: 350)
        #expect(limits.admitted(["common", "big", "mid", "rare", "rare"], postingCount: { counts[$0] ?? 0 }) == ["big", "mid", "rare"])
        let tight = TokenLimits(commonLimit: 500, budget: 100)
        #expect(tight.admitted(["common", "big", "mid", "rare"], postingCount: { counts[$0] ?? 0 }) == ["mid", "rare"])
        #expect(TokenLimits.unlimited.admitted(["common", "big", "common"], postingCount: { counts[$0] ?? 0 }) == ["common", "big"])
    }

    /// `count` water authorities sharing "water" and "authority", then Halvern Water Authority
    /// ("HWA") with its own vector `[0, 1]`; the others' vectors are `[1, 0]`.
    static func waterAuthorities(_ count: Int) -> EntityIndex {
        var known = (0..<count).map { R.known("org_\($0)", "Place\($0) Water Authority", type: .organization, vector: [1, 0]) }
        known.append(R.known("org_halvern", "Halvern Water Authority", type: .organization, aliases: ["HWA"], vector: [0, 1]))
        return EntityIndex(known)
    }

    @Test("A word shared by more than commonLimit entities brings no candidates by itself")
    func commonWordsBringNoCandidates() throws {
        let index = Self.waterAuthorities(600)
        let search = CandidateSearch(domain: R.domain)
        #expect(index.postingCount(type: .organization, token: "authority") == 601)
        let common = ExtractedEntity(type: .organization, name: "Water Authority")
        #expect(search.candidates(for: common, vector: nil, model: nil, in: index).isEmpty)
        // Before the limit every one of the 601 was scored (0.8 each: two of three words shared).
        var unlimited = search
        unlimited.tokenLimits = .unlimited
        unlimited.maxCandidates = 1_000
        #expect(unlimited.candidates(for: common, vector: nil, model: nil, in: index).count == 601)
    }

    @Test("The right entity is still found through its exact name, alias, acronym, a rarer word or its vector", arguments: [
        ("Halvern Water Authority", false, "exact", 1.0),
        ("HWA", false, "exact", 1.0),
        ("Halvern Authority", false, "lexical", 0.8),
        ("Halvern Water Auth.", false, "acronym", 0.9),
        ("Water Authority", true, "lexical", 0.8),
    ])
    func stillFound(_ name: String, _ withVector: Bool, _ via: String, _ lexical: Double) throws {
        let index = Self.waterAuthorities(600)
        let search = CandidateSearch(domain: R.domain)
        let candidates = search.candidates(
            for: ExtractedEntity(type: .organization, name: name), vector: withVector ? [0, 1] : nil,
            model: withVector ? R.modelA.description : nil, in: index)
        let best = try #require(candidates.first)
        #expect(best.entityID == "org_halvern")
        #expect(best.via == via)
        #expect(abs(best.lexical - lexical) < 1e-9)
    }

    @Test("An acronym alias found by its token scores as an acronym")
    func acronymToken() throws {
        var index = Self.waterAuthorities(600)
        index.upsert(R.known("org_kb", "Kestrel Bank", type: .organization))
        let candidates = CandidateSearch(domain: R.domain).candidates(
            for: ExtractedEntity(type: .organization, name: "KB"), vector: nil, model: nil, in: index)
        #expect(candidates.map(\.entityID) == ["org_kb"])
        #expect(candidates.first?.via == "acronym")
    }

    @Test("Below the limits the candidates are exactly those of the unlimited search")
    func unchangedBelowLimits() {
        let index = Self.waterAuthorities(120)
        let search = CandidateSearch(domain: R.domain)
        var unlimited = search
        unlimited.tokenLimits = .unlimited
        for name in ["Water Authority", "Place7 Water Authority", "HWA", "Halvern", "Place3 Authority"] {
            for vector in [nil, [Float(1), 0], [0, 1]] {
                let incoming = ExtractedEntity(type: .organization, name: name)
                let model = vector == nil ? nil : R.modelA.description
                #expect(search.candidates(for: incoming, vector: vector, model: model, in: index)
                    == unlimited.candidates(for: incoming, vector: vector, model: model, in: index))
            }
        }
    }
}
