/// How the review queue (`hinbox serve`'s /review) judges a decision, the same in both stores.
public enum ReviewRanking {
    /// The entity merged into, or for a `create` the closest candidate it was not merged with.
    public static func decidingCandidate(of decision: ResolutionRecord) -> ResolutionCandidate? {
        if decision.action == "merge", let chosen = decision.candidates.first(where: { $0.entityID == decision.entityID }) {
            return chosen
        }
        return decision.candidates
            .filter { $0.entityID != decision.entityID }
            .max { ($0.cosine ?? $0.lexical) < ($1.cosine ?? $1.lexical) }
    }
}
