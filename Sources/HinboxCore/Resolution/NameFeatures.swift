/// One name's normalised forms, computed once — when an entity is indexed, or once per lookup for
/// the incoming names — so that ``NameSimilarity`` compares two names without normalising either.
///
/// Every field is what the per-pair code computed before: ``NameNormalizer/key(_:)``,
/// ``EntityIndex/words(_:)`` and ``NameVariants/acronym(of:)`` with the default stopwords.
struct NameFeatures: Sendable, Hashable {
    /// ``NameNormalizer/key(_:)`` of the name.
    let key: String
    /// The words that carry identity (``EntityIndex/words(_:)``), in order.
    let words: [String]
    /// `words` without repeats (first occurrences), for the Dice overlap.
    let distinctWords: [String]
    /// Its acronym with the default acronym stopwords ("" when it has fewer than two words).
    let acronym: String
    /// Its letters, lowercased, when the name is written like an acronym (2–6 letters, mostly
    /// capitals: "RWA"), else nil; see ``NameVariants/isAcronym(_:of:)``.
    let acronymLetters: String?

    /// The default stopwords ``acronym`` is built with (``NameVariants/init(stopwords:)``'s).
    static let defaultAcronymStopwords = NameVariants().stopwords

    init(_ name: String) {
        let key = NameNormalizer.key(name)
        self.key = key
        let keyWords = key.split(separator: " ")
        words = keyWords.filter { $0.count > 1 && !EntityIndex.stopwords.contains(String($0)) }.map(String.init)
        var seen: Set<String> = []
        let distinct = words.filter { seen.insert($0).inserted }
        // Share the buffer when nothing repeats (the usual case).
        distinctWords = distinct.count == words.count ? words : distinct
        acronym = Self.acronym(keyWords: keyWords, stopwords: Self.defaultAcronymStopwords)
        let letters = name.filter(\.isLetter)
        let shaped = (2...6).contains(letters.count) && letters.filter(\.isUppercase).count * 2 > letters.count
        acronymLetters = shaped ? letters.lowercased() : nil
    }

    /// Its acronym with `stopwords` (``NameVariants/acronym(of:)``); nil stopwords means the
    /// default ones, whose acronym is stored.
    func acronym(stopwords: Set<String>?) -> String {
        guard let stopwords else { return acronym }
        return Self.acronym(keyWords: key.split(separator: " "), stopwords: stopwords)
    }

    /// Whether this name is written as an acronym of `long` (``NameVariants/isAcronym(_:of:)``);
    /// nil stopwords means the default ones.
    func isAcronym(of long: NameFeatures, stopwords: Set<String>?) -> Bool {
        guard let acronymLetters else { return false }
        return acronymLetters == long.acronym(stopwords: stopwords)
    }

    private static func acronym(keyWords: [Substring], stopwords: Set<String>) -> String {
        let significant = keyWords.filter { !stopwords.contains(String($0)) }
        guard significant.count >= 2 else { return "" }
        return String(significant.compactMap(\.first))
    }
}
