/// How alike two sets of names are, 0…1, and why: 1 for the same name, an alias or one
/// equivalence group; 0.9 for an acronym; 0.85 for a surname alone; otherwise the overlap of
/// their words (Dice coefficient).
struct NameSimilarity: Sendable {
    var type: EntityType
    var variants: NameVariants
    var groups: [[String]]

    init(type: EntityType, domain: DomainConfig) {
        self.type = type
        variants = NameVariants(stopwords: domain.resolution.acronymStopwords)
        groups = domain.resolution.equivalenceGroups[type] ?? []
    }

    func score(_ incoming: [String], _ known: [String]) -> (score: Double, via: String) {
        var best: (score: Double, via: String) = (0, "vector")
        for a in incoming {
            for b in known {
                let pair = score(a, b)
                if pair.score > best.score { best = pair }
            }
        }
        return best
    }

    private func score(_ a: String, _ b: String) -> (score: Double, via: String) {
        let keyA = NameNormalizer.key(a)
        let keyB = NameNormalizer.key(b)
        if keyA == keyB { return (1, "exact") }
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
}

/// Cosine similarity of two L2-normalised vectors (their dot product).
@inline(__always)
func cosine(_ a: [Float], _ b: [Float]) -> Double {
    guard a.count == b.count else { return 0 }
    var sum: Float = 0
    a.withUnsafeBufferPointer { x in
        b.withUnsafeBufferPointer { y in
            for index in 0..<x.count { sum += x[index] * y[index] }
        }
    }
    return Double(sum)
}
