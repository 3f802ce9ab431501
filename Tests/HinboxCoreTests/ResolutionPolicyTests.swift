import Foundation
import HinboxCore
import HinboxTesting
import Testing

@Suite("Resolution: policy verdicts, per-type thresholds and canonical names")
struct ResolutionPolicyTests {
    typealias R = ResolutionFixtures
    typealias Verdict = ResolutionPolicy.Verdict

    static func candidate(lexical: Double, cosine: Double?, via: String) -> ResolutionCandidate {
        ResolutionCandidate(entityID: "per_1", name: "Dana Whitfield", cosine: cosine, lexical: lexical, via: via)
    }

    // Threshold 0.82 (people), lexical cut-off 0.6, same-name margin fixed at 0.45 for these
    // mechanics: same name merges from 0.37, asks from 0.27; a partial name merges from 0.62,
    // asks from 0.52; evidence alone merges from 0.92.
    static let policy: ResolutionPolicy = {
        var policy = ResolutionPolicy()
        policy.sameNameMargin = 0.45
        return policy
    }()
    @Test("Verdicts at the person threshold 0.82", arguments: [
        // Same name, alias or equivalence group.
        (1.0, 0.95 as Double?, "exact", Verdict.merge("exact")),
        (1.0, 0.40, "exact", .merge("exact")),
        (1.0, 0.30, "exact", .uncertain),
        (1.0, 0.20, "exact", .reject),
        (1.0, -0.5, "equivalence", .reject),
        (1.0, nil, "equivalence", .merge("equivalence")),
        // Partial names: acronym, surname, shared words at or above the cut-off.
        (0.85, 0.65, "surname", .merge("surname")),
        (0.85, 0.57, "surname", .uncertain),
        (0.85, 0.50, "surname", .reject),
        (0.9, 0.63, "acronym", .merge("acronym")),
        (0.6, 0.63, "lexical", .merge("lexical")),
        // Without vectors only same-name candidates merge.
        (0.9, nil, "acronym", .reject),
        (0.85, nil, "surname", .reject),
        (0.5, nil, "lexical", .reject),
        (0, nil, "vector", .reject),
        // Evidence alone (names below the cut-off): near-duplicates only.
        (0.5, 0.93, "lexical", .merge("vector")),
        (0.5, 0.91, "lexical", .reject),
        (0, 0.95, "vector", .merge("vector")),
        (0, 0.90, "vector", .reject),
    ])
    func verdicts(_ lexical: Double, _ cosine: Double?, _ via: String, _ expected: Verdict) {
        let verdict = Self.policy.verdict(for: Self.candidate(lexical: lexical, cosine: cosine, via: via), threshold: 0.82, lexicalCutoff: 0.6)
        #expect(verdict == expected)
    }

    @Test("The partial-name bar is exactly threshold − 0.2, for every type's threshold", arguments: [0.82, 0.78, 0.80, 0.76])
    func partialNameBar(_ threshold: Double) {
        let policy = Self.policy
        let bar = threshold - policy.partialNameMargin
        #expect(policy.verdict(for: Self.candidate(lexical: 0.85, cosine: bar, via: "surname"), threshold: threshold, lexicalCutoff: 0.6) == .merge("surname"))
        #expect(policy.verdict(for: Self.candidate(lexical: 0.85, cosine: bar - 0.01, via: "surname"), threshold: threshold, lexicalCutoff: 0.6) == .uncertain)
        #expect(policy.verdict(for: Self.candidate(lexical: 0.85, cosine: bar - policy.greyWidth - 0.01, via: "surname"), threshold: threshold, lexicalCutoff: 0.6) == .reject)
        #expect(policy.verdict(for: Self.candidate(lexical: 0, cosine: policy.vectorOnly, via: "vector"), threshold: threshold, lexicalCutoff: 0.6) == .merge("vector"))
    }

    @Test("A domain's lexical cut-off decides what counts as a partial name")
    func lexicalCutoff() {
        let candidate = Self.candidate(lexical: 0.5, cosine: 0.7, via: "lexical")
        #expect(Self.policy.verdict(for: candidate, threshold: 0.82, lexicalCutoff: 0.6) == .reject)
        #expect(Self.policy.verdict(for: candidate, threshold: 0.82, lexicalCutoff: 0.5) == .merge("lexical"))
    }

    @Test("Per-type thresholds are read from the domain (defaults for the types it leaves out)")
    func thresholdsFromDomain() throws {
        let json = """
            {"name": "t", "entity_types": {"people": {"types": {"other": "x"}}, "organizations": {"types": {"other": "x"}}},
             "resolution": {"thresholds": {"person": 0.9, "events": 0.7}, "lexical_cutoff": 0.55}}
            """
        let domain = try JSONDecoder().decode(DomainConfig.self, from: Data(json.utf8))
        #expect(domain.resolution.thresholds == [.person: 0.9, .organization: 0.78, .location: 0.80, .event: 0.7])
        #expect(domain.resolution.lexicalCutoff == 0.55)
        #expect(DomainConfig(name: "d", description: "", categories: [:]).resolution.thresholds
            == [.person: 0.82, .organization: 0.78, .location: 0.80, .event: 0.76])
    }

    @Test("The resolver applies the domain's threshold of each type and records it")
    func resolverUsesDomainThreshold() async throws {
        // "Whitfield" against "Dana Whitfield" at cosine 0.65: merges at 0.82 (bar 0.62), not at 0.9 (bar 0.7).
        let index = EntityIndex([R.known("per_1", "Dana Whitfield", vector: [1, 0])])
        let embedder = StubEmbedder(constant: R.unit(0.65))
        var strict = R.domain
        strict.resolution.thresholds[.person] = 0.9

        let lenient = try await EntityResolver(domain: R.domain, embedder: embedder, matchChecker: nil)
            .resolve([R.person("Whitfield")], article: R.article(), index: index, runID: "r1")
        #expect(lenient[0].decision.action == .merge(entityID: "per_1"))
        #expect(lenient[0].decision.reason == "surname")
        #expect(lenient[0].record.threshold == 0.82)

        let refused = try await EntityResolver(domain: strict, embedder: embedder, matchChecker: nil)
            .resolve([R.person("Whitfield")], article: R.article(), index: index, runID: "r1")
        #expect(!refused[0].decision.isMerge)
        #expect(refused[0].record.threshold == 0.9)

        let organizations = try await EntityResolver(domain: strict, embedder: embedder, matchChecker: nil)
            .resolve([ExtractedEntity(type: .organization, name: "Eastgate Council")], article: R.article(), index: index, runID: "r1")
        #expect(organizations[0].record.threshold == 0.78)
    }

    @Test("Canonical names: a full name beats a surname, an expansion beats its acronym", arguments: [
        ("Dana Whitfield", "Whitfield", true),
        ("Whitfield", "Dana Whitfield", false),
        ("Ridgeport Water Authority", "RWA", true),
        ("RWA", "Ridgeport Water Authority", false),
        ("Dana Marie Whitfield", "Dana Whitfield", true),
        ("Dana J. Whitfield", "Dana Whitfield", false),
        ("Omar Haddad", "Dana Whitfield", false),
        ("Dana Whitfield", "Dana Whitfield", false),
        ("Department of Defense", "Pentagon", false),
    ])
    func canonical(_ incoming: String, _ existing: String, _ better: Bool) {
        #expect(CanonicalName.better(incoming, than: existing, stopwords: R.domain.resolution.acronymStopwords) == better)
    }

    @Test("Entity ids are stable: same entity and article, same id; another article, another id")
    func stableIDs() {
        let id = EntityIdentity.newID(for: R.person("Dana Whitfield"), articleID: "a1")
        #expect(id.hasPrefix("per_"))
        #expect(id == EntityIdentity.newID(for: R.person("dana whitfield"), articleID: "a1"))
        #expect(id != EntityIdentity.newID(for: R.person("Dana Whitfield"), articleID: "a2"))
    }
}
