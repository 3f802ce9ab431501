/// Which shared name words (and acronyms) may bring candidates into a lookup — the bound on the
/// name side's work per lookup, IDF-style.
///
/// A token shared by more than ``commonLimit`` known entities of the type ("authority",
/// "county", a common first name in a large knowledge base) is too common to be evidence on its
/// own, and scoring every entity that has it is what made lookups slow (thousands of pairs). Such
/// a token brings in no candidates by itself. An entity it would have brought in is still found
/// if it shares a rarer word or the acronym, has the incoming name or an alias exactly, is in the
/// same equivalence group, or is among the nearest evidence vectors — and is then scored on all
/// its names as before. Of the remaining tokens, the rarest are taken first while the sum of
/// their posting lists stays within ``budget``, which bounds a lookup with many aliases.
///
/// Below the limits nothing changes: a knowledge base where no token is that common (every
/// evaluation corpus) gets exactly the candidates it got before.
public struct TokenLimits: Sendable, Hashable {
    /// A token shared by more entities than this (of the incoming entity's type) is too common.
    public var commonLimit: Int
    /// The most posting-list entries read per lookup, rarest tokens first.
    public var budget: Int

    public init(commonLimit: Int = 500, budget: Int = 2_000) {
        self.commonLimit = commonLimit
        self.budget = budget
    }

    /// Every token, every posting: the search as it was before the limits.
    public static let unlimited = TokenLimits(commonLimit: .max, budget: .max)

    /// The distinct `tokens` admitted, in their original order (so candidates keep their order):
    /// those shared by at most ``commonLimit`` entities, rarest first within ``budget``.
    func admitted(_ tokens: [String], postingCount: (String) -> Int) -> [String] {
        var seen: Set<String> = []
        let distinct = tokens.filter { seen.insert($0).inserted }
        let counts = distinct.map(postingCount)
        guard counts.reduce(0, { $0 &+ $1 }) > budget || counts.contains(where: { $0 > commonLimit }) else { return distinct }
        let rarestFirst = distinct.indices.filter { counts[$0] <= commonLimit }.sorted { (counts[$0], $0) < (counts[$1], $1) }
        var admitted = Set<Int>()
        var read = 0
        for position in rarestFirst {
            guard read + counts[position] <= budget else { break }
            read += counts[position]
            admitted.insert(position)
        }
        return distinct.indices.filter(admitted.contains).map { distinct[$0] }
    }
}
