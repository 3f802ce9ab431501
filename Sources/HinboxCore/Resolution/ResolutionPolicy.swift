/// When a candidate is close enough to merge, from names and evidence together.
///
/// `threshold` is the domain's per-type cosine threshold (0.82 people, 0.78 organizations, 0.80
/// locations, 0.76 events). Name agreement lowers the evidence bar:
/// - same name, alias or equivalence group: merge unless the evidence clearly disagrees
///   (cosine below `threshold - sameNameMargin`); between that and `greyWidth` lower, ask.
/// - a partial name (acronym, surname alone, shared words ≥ the lexical cut-off): merge at
///   `threshold - partialNameMargin`; within `greyWidth` below that, ask.
/// - evidence alone (no name overlap): merge only near-duplicates (`vectorOnly`).
/// Without vectors (no embedder or another model), only same-name candidates merge.
public struct ResolutionPolicy: Sendable, Hashable {
    public var sameNameMargin = 0.75
    public var partialNameMargin = 0.2
    public var greyWidth = 0.1
    public var vectorOnly = 0.92

    public init() {}

    public enum Verdict: Sendable, Hashable {
        case merge(String)
        case uncertain
        case reject
    }

    public func verdict(for candidate: ResolutionCandidate, threshold: Double, lexicalCutoff: Double) -> Verdict {
        let cos = candidate.cosine
        if candidate.lexical >= 0.999 {
            guard let cos else { return .merge(candidate.via) }
            if cos >= threshold - sameNameMargin { return .merge(candidate.via) }
            return cos >= threshold - sameNameMargin - greyWidth ? .uncertain : .reject
        }
        guard let cos else { return .reject }
        if candidate.lexical >= lexicalCutoff {
            if cos >= threshold - partialNameMargin { return .merge(candidate.via) }
            return cos >= threshold - partialNameMargin - greyWidth ? .uncertain : .reject
        }
        return cos >= vectorOnly ? .merge("vector") : .reject
    }
}
