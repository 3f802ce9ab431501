import Foundation

/// Name clean-up and folding shared by quality checks, keys and the mention filter.
public enum NameNormalizer {
    /// NFC-normalises, collapses whitespace, trims surrounding punctuation and quotes.
    public static func clean(_ name: String) -> String {
        let collapsed = name.precomposedStringWithCanonicalMapping
            .components(separatedBy: .whitespacesAndNewlines)
            .filter { !$0.isEmpty }
            .joined(separator: " ")
        let trimSet = CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\"'“”‘’`,;:.()[]{}*_-–—"))
        var result = collapsed.trimmingCharacters(in: trimSet)
        // Keep a trailing period that belongs to an abbreviation ("U.S.", "Corp.").
        if collapsed.hasSuffix("."), result.contains(".") || result.count <= 4, !result.isEmpty {
            if collapsed.dropLast().trimmingCharacters(in: trimSet) == result { result += "." }
        }
        return result
    }

    /// The matching key: cleaned, case- and diacritic-folded, leading "the " dropped, and
    /// punctuation removed ("The U.S. Army" → "us army").
    public static func key(_ name: String) -> String {
        var folded = clean(name).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        if folded.hasPrefix("the ") { folded.removeFirst(4) }
        let kept = folded.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == " " }
        return String(String.UnicodeScalarView(kept))
            .split(separator: " ").joined(separator: " ")
    }

    /// Titles and honorifics dropped from the front of people's names ("Mayor Dana Whitfield").
    static let personTitles: Set<String> = [
        "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "mayor", "governor", "gov",
        "senator", "sen", "rep", "representative", "president", "vice", "minister", "secretary", "judge", "justice",
        "general", "gen", "colonel", "col", "captain", "capt", "lieutenant", "lt", "sergeant", "sgt", "major", "admiral",
        "chief", "commissioner", "councilman", "councilwoman", "councillor", "councilor", "director", "officer",
        "father", "rev", "reverend", "sheikh", "king", "queen", "prince", "princess", "pope", "attorney", "detective",
    ]

    /// A person's name without leading titles ("Mayor Dana Whitfield" → "Dana Whitfield"); at least
    /// one word is always kept.
    public static func strippingTitles(_ name: String) -> String {
        var words = clean(name).split(separator: " ").map(String.init)
        while words.count > 1, personTitles.contains(words[0].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))) {
            words.removeFirst()
        }
        return words.joined(separator: " ")
    }
}
