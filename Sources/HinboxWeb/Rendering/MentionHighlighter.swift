import Foundation

/// Article text as HTML paragraphs, each mention of a known entity wrapped in a link to its page.
///
/// Names are matched case-insensitively on word boundaries, longest first, never overlapping.
/// All text is escaped; only our own `/entity/…` paths become links.
struct MentionHighlighter {
    /// One entity and the names it may appear under in the text.
    struct Target {
        var entityID: String
        var type: String
        var names: [String]
    }

    private typealias Match = (range: Range<String.Index>, target: Target)

    var targets: [Target]

    func render(_ text: String) -> String {
        var html = "<p>"
        var cursor = text.startIndex
        for match in findMatches(in: text) {
            Self.appendParagraphs(text[cursor..<match.range.lowerBound], to: &html)
            html += "<a class=\"mention t-"
            HTML.escape(match.target.type, into: &html)
            html += "\" href=\""
            HTML.escape(HTML.entityPath(match.target.entityID), into: &html)
            html += "\">"
            HTML.escape(text[match.range], into: &html)
            html += "</a>"
            cursor = match.range.upperBound
        }
        Self.appendParagraphs(text[cursor...], to: &html)
        return html + "</p>"
    }

    /// Escaped plain text: a blank line (`\n\n`) starts a new paragraph, a single newline is `<br>`.
    private static func appendParagraphs(_ plain: Substring, to html: inout String) {
        let utf8 = plain.utf8
        var start = utf8.startIndex
        while let newline = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) {
            HTML.escape(plain[start..<newline], into: &html)
            let next = utf8.index(after: newline)
            if next < utf8.endIndex, utf8[next] == UInt8(ascii: "\n") {
                html += "</p>\n<p>"
                start = utf8.index(after: next)
            } else {
                html += "<br>"
                start = next
            }
        }
        HTML.escape(plain[start...], into: &html)
    }

    private func findMatches(in text: String) -> [Match] {
        // ASCII text and names (most articles) are searched byte by byte, lowercased once;
        // anything else goes through Foundation's case- and diacritic-insensitive search.
        let lowered: [UInt8]? = text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.map(Self.lowercase) : nil
        var found: [Match] = []
        for target in targets {
            let names = Set(target.names.map { $0.trimmingSpaces() })
            for name in names where name.count >= 2 {
                let ranges = if let lowered, name.utf8.allSatisfy({ $0 < 0x80 }) {
                    Self.asciiRanges(of: name, in: text, lowered: lowered)
                } else {
                    Self.foldedRanges(of: name, in: text)
                }
                for range in ranges where isWordBoundary(text, range) { found.append((range, target)) }
            }
        }
        found.sort { lhs, rhs in
            if lhs.range.lowerBound != rhs.range.lowerBound { return lhs.range.lowerBound < rhs.range.lowerBound }
            return text.distance(from: lhs.range.lowerBound, to: lhs.range.upperBound)
                > text.distance(from: rhs.range.lowerBound, to: rhs.range.upperBound)
        }
        var kept: [Match] = []
        for match in found where kept.last.map({ $0.range.upperBound <= match.range.lowerBound }) ?? true {
            kept.append(match)
        }
        return kept
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// Non-overlapping case-insensitive occurrences of an ASCII `name` in ASCII `text`.
    private static func asciiRanges(of name: String, in text: String, lowered: [UInt8]) -> [Range<String.Index>] {
        let needle = name.utf8.map(lowercase)
        guard let first = needle.first, needle.count <= lowered.count else { return [] }
        var ranges: [Range<String.Index>] = []
        var offset = 0
        while offset + needle.count <= lowered.count {
            guard let start = lowered[offset...(lowered.count - needle.count)].firstIndex(of: first) else { break }
            if lowered[start..<(start + needle.count)].elementsEqual(needle) {
                let lower = text.utf8.index(text.startIndex, offsetBy: start)
                ranges.append(lower..<text.utf8.index(lower, offsetBy: needle.count))
                offset = start + needle.count
            } else {
                offset = start + 1
            }
        }
        return ranges
    }

    /// Non-overlapping case- and diacritic-insensitive occurrences of `name` in `text`.
    private static func foldedRanges(of name: String, in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var searchRange = text.startIndex..<text.endIndex
        while let range = text.range(of: name, options: [.caseInsensitive, .diacriticInsensitive], range: searchRange) {
            ranges.append(range)
            searchRange = range.upperBound..<text.endIndex
        }
        return ranges
    }

    private func isWordBoundary(_ text: String, _ range: Range<String.Index>) -> Bool {
        let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
        let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
        return !(before?.isLetter ?? false) && !(before?.isNumber ?? false)
            && !(after?.isLetter ?? false) && !(after?.isNumber ?? false)
    }
}
