/// Name-variant tests shared by in-article collapse and cross-article resolution.
public struct NameVariants: Sendable {
    public var stopwords: Set<String>

    public init(stopwords: [String] = ["of", "the", "and", "for", "on", "in", "at", "to"]) {
        self.stopwords = Set(stopwords.map { $0.lowercased() })
    }

    /// The initials of the significant words of `name` ("Ridgeport Water Authority" → "rwa").
    public func acronym(of name: String) -> String {
        let words = NameNormalizer.key(name).split(separator: " ").filter { !stopwords.contains(String($0)) }
        guard words.count >= 2 else { return "" }
        return String(words.compactMap(\.first))
    }

    /// Whether `short` is written like an acronym (≤ 6 letters, mostly capitals) of `long`.
    public func isAcronym(_ short: String, of long: String) -> Bool {
        let letters = short.filter(\.isLetter)
        guard (2...6).contains(letters.count), letters.filter(\.isUppercase).count * 2 > letters.count else { return false }
        return letters.lowercased() == acronym(of: long)
    }

    /// Whether both names belong to one configured equivalence group.
    public func sameGroup(_ first: String, _ second: String, groups: [[String]]) -> Bool {
        let a = NameNormalizer.key(first)
        let b = NameNormalizer.key(second)
        return groups.contains { group in
            let keys = Set(group.map(NameNormalizer.key))
            return keys.contains(a) && keys.contains(b)
        }
    }
}
