import Foundation

/// Name clean-up and folding shared by quality checks, keys and the mention filter.
public enum NameNormalizer {
    /// NFC-normalises, collapses whitespace, trims surrounding punctuation and quotes.
    public static func clean(_ name: String) -> String {
        // Most names are ASCII: the same steps on bytes, without Foundation (which took ~9% of a
        // whole run's CPU here).
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return cleanASCII(Array(name.utf8)) }
        return cleanUnicode(name)
    }

    /// ``clean(_:)`` for any text, through Foundation.
    static func cleanUnicode(_ name: String) -> String {
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

    /// The ASCII members of `clean`'s trim set: whitespace, quotes, punctuation.
    private static let asciiTrim = Set("\"'`,;:.()[]{}*_- \t".utf8)

    private static func cleanASCII(_ bytes: [UInt8]) -> String {
        var collapsed: [UInt8] = []
        collapsed.reserveCapacity(bytes.count)
        // ASCII's whitespace and newlines: tab, LF, VT, FF, CR, space.
        for word in bytes.split(whereSeparator: { (9...13).contains($0) || $0 == 32 }) {
            if !collapsed.isEmpty { collapsed.append(32) }
            collapsed += word
        }
        let result = trimASCII(collapsed[...])
        let period = UInt8(ascii: ".")
        let keepsPeriod = collapsed.last == period && !result.isEmpty && (result.contains(period) || result.count <= 4)
            && trimASCII(collapsed.dropLast()) == result
        return String(decoding: result, as: UTF8.self) + (keepsPeriod ? "." : "")
    }

    private static func trimASCII(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, asciiTrim.contains(first) { slice.removeFirst() }
        while let last = slice.last, asciiTrim.contains(last) { slice.removeLast() }
        return slice
    }

    /// The matching key: cleaned, case- and diacritic-folded, leading "the " dropped, and
    /// punctuation removed ("The U.S. Army" → "us army").
    public static func key(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return keyASCII(clean(name)) }
        return keyUnicode(name)
    }

    /// ``key(_:)`` for any text, through Foundation.
    static func keyUnicode(_ name: String) -> String {
        var folded = clean(name).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        if folded.hasPrefix("the ") { folded.removeFirst(4) }
        let kept = folded.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == " " }
        return String(String.UnicodeScalarView(kept))
            .split(separator: " ").joined(separator: " ")
    }

    /// ``key(_:)``'s folding for cleaned ASCII: lowercase, no leading "the ", letters, digits and
    /// single spaces only.
    private static func keyASCII(_ cleaned: String) -> String {
        var bytes = cleaned.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }
        if bytes.starts(with: "the ".utf8) { bytes.removeFirst(4) }
        let kept = bytes.filter { (97...122).contains($0) || (48...57).contains($0) || $0 == 32 }
        return String(decoding: Array(kept.split(separator: 32).joined(separator: [32])), as: UTF8.self)
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
