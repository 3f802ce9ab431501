import Foundation

/// The sentences of a profile's Markdown that cite articles (`… text.^[article_id]`), with the
/// ids each cites: what a grounding check judges.
///
/// Headings are skipped, list markers dropped; a sentence ends at `.`, `!` or `?` followed by
/// white space, with the citation markers after the punctuation (`end.^[a1]`, `end. ^[a1]`)
/// belonging to it.
public enum CitedSentences {
    public struct Sentence: Sendable, Hashable {
        /// The sentence without its citation markers, white space collapsed.
        public var text: String
        /// Cited article ids, in order, without repeats.
        public var articleIDs: [String]
    }

    /// Every sentence of `markdown` that cites at least one article, in order.
    public static func sentences(in markdown: String) -> [Sentence] {
        var found: [Sentence] = []
        for line in markdown.split(separator: "\n") {
            var body = line.drop { $0 == " " }
            if body.hasPrefix("#") { continue }
            if body.hasPrefix("- ") || body.hasPrefix("* ") { body = body.dropFirst(2) }
            found += sentences(inLine: body)
        }
        return found
    }

    private static func sentences(inLine line: Substring) -> [Sentence] {
        var found: [Sentence] = []
        var text = ""
        var ids: [String] = []
        var atSentenceEnd = false
        func flush() {
            let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            var cleaned = words
            for mark in [".", ",", "!", "?", ";", ":"] { cleaned = cleaned.replacing(" " + mark, with: mark) }
            if !ids.isEmpty, cleaned.contains(where: \.isLetter) { found.append(Sentence(text: cleaned, articleIDs: ids)) }
            text = ""
            ids = []
        }
        var index = line.startIndex
        while index < line.endIndex {
            let rest = line[index...]
            if rest.hasPrefix("^["), let close = rest.firstIndex(of: "]") {
                for id in rest[rest.index(index, offsetBy: 2)..<close].split(separator: ",") {
                    let trimmed = id.trimmingCharacters(in: .whitespaces)
                    if !trimmed.isEmpty, !ids.contains(trimmed) { ids.append(trimmed) }
                }
                index = line.index(after: close)
                continue
            }
            let character = line[index]
            if character.isWhitespace, atSentenceEnd {
                // "… end. ^[a1]": markers after the space still belong to the sentence.
                let next = line[index...].drop { $0.isWhitespace }
                if !next.hasPrefix("^[") {
                    flush()
                    atSentenceEnd = false
                }
            } else {
                text.append(character)
                if !character.isWhitespace { atSentenceEnd = ".!?".contains(character) }
            }
            index = line.index(after: index)
        }
        flush()
        return found
    }
}
