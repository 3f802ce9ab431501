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
}
