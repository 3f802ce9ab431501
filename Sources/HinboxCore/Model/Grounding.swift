/// What the articles a profile version cites say about its claims: a verdict per cited sentence,
/// from one schema-constrained check (``GroundingChecker``), traced as an EVALUATOR span.
public struct Grounding: Sendable, Hashable, Codable {
    /// How far the cited article supports a claim.
    public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
        case supported, partial, unsupported
    }

    /// One cited sentence and the verdict for one of the articles it cites.
    public struct Claim: Sendable, Hashable, Codable {
        /// The sentence without its citation markers.
        public var sentence: String
        public var articleID: String
        public var verdict: Verdict
        /// The checker's reason, short.
        public var note: String

        public init(sentence: String, articleID: String, verdict: Verdict, note: String = "") {
            self.sentence = sentence
            self.articleID = articleID
            self.verdict = verdict
            self.note = note
        }

        enum CodingKeys: String, CodingKey {
            case sentence, verdict, note
            case articleID = "article_id"
        }
    }

    /// In the order the sentences appear in the profile.
    public var claims: [Claim]
    /// Whether the text was revised once because the first check found unsupported claims (the
    /// claims are then the revised text's). What the first check said is kept in `firstCheck`.
    public var revised: Bool
    /// The verdicts that led to the revision (empty when not revised).
    public var firstCheck: [Claim]

    public init(claims: [Claim], revised: Bool = false, firstCheck: [Claim] = []) {
        self.claims = claims
        self.revised = revised
        self.firstCheck = firstCheck
    }

    enum CodingKeys: String, CodingKey {
        case claims, revised
        case firstCheck = "first_check"
    }

    /// How many claims got each verdict.
    public func count(_ verdict: Verdict) -> Int { claims.count { $0.verdict == verdict } }

    /// "12 supported, 1 partial, 0 unsupported" (and ", revised once").
    public var summary: String {
        let counts = Verdict.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")
        return revised ? "\(counts); revised once" : counts
    }
}
