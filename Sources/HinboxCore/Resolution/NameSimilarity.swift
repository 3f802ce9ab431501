/// How alike two sets of names are, 0…1, and why: 1 for the same name, an alias or one
/// equivalence group; 0.9 for an acronym; 0.85 for a surname alone; otherwise the overlap of
/// their words (Dice coefficient).
///
/// Names are compared through their ``NameFeatures`` (computed once per name: the index keeps
/// each known entity's, a lookup computes the incoming ones once) and the equivalence groups'
/// keys are computed once here, so scoring a pair allocates nothing in the common case.
struct NameSimilarity: Sendable {
    var type: EntityType
    var groups: EquivalenceGroups
    /// The domain's acronym stopwords; nil when they are the default ones ``NameFeatures`` uses.
    var acronymStopwords: Set<String>?

    init(type: EntityType, domain: DomainConfig) {
        self.type = type
        groups = EquivalenceGroups(domain.resolution.equivalenceGroups[type] ?? [])
        let stopwords = NameVariants(stopwords: domain.resolution.acronymStopwords).stopwords
        acronymStopwords = stopwords == NameFeatures.defaultAcronymStopwords ? nil : stopwords
    }

    /// The best score over every pair of an incoming and a known name; the first best pair wins.
    func score(_ incoming: [NameFeatures], _ known: [NameFeatures]) -> (score: Double, via: String) {
        var best: (score: Double, via: String) = (0, "vector")
        for a in incoming {
            for b in known {
                let pair = score(a, b)
                if pair.score > best.score { best = pair }
            }
        }
        return best
    }

    /// ``score(_:_:)-(([NameFeatures],[NameFeatures]))`` from plain names.
    func score(_ incoming: [String], _ known: [String]) -> (score: Double, via: String) {
        score(incoming.map(NameFeatures.init), known.map(NameFeatures.init))
    }

    private func score(_ a: NameFeatures, _ b: NameFeatures) -> (score: Double, via: String) {
        if a.key == b.key { return (1, "exact") }
        if groups.sameGroup(key: a.key, key: b.key) { return (1, "equivalence") }
        if a.isAcronym(of: b, stopwords: acronymStopwords) || b.isAcronym(of: a, stopwords: acronymStopwords) {
            return (0.9, "acronym")
        }
        let wordsA = a.words
        let wordsB = b.words
        if type == .person, let lastA = wordsA.last, let lastB = wordsB.last, lastA == lastB, min(wordsA.count, wordsB.count) == 1 {
            return (0.85, "surname")
        }
        let setA = a.distinctWords
        let setB = b.distinctWords
        guard !setA.isEmpty, !setB.isEmpty else { return (0, "lexical") }
        // Names have a few words: counting by nested loops beats building sets.
        let shared = setA.reduce(0) { count, word in setB.contains(word) ? count + 1 : count }
        return (2 * Double(shared) / Double(setA.count + setB.count), "lexical")
    }
}
