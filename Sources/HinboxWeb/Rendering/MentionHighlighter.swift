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

    var targets: [Target]

    func render(_ text: String) -> String {
        let matches = findMatches(in: text)
        var html = "<p>"
        var cursor = text.startIndex
        func appendPlain(_ upTo: String.Index) {
            // Blank lines start a new paragraph; single newlines become <br>.
            let plain = text[cursor..<upTo]
            let paragraphs = plain.components(separatedBy: "\n\n")
            html += paragraphs.map { paragraph in
                paragraph.split(separator: "\n", omittingEmptySubsequences: false).map { HTML.escape($0) }.joined(separator: "<br>")
            }.joined(separator: "</p>\n<p>")
        }
        for match in matches {
            appendPlain(match.range.lowerBound)
            html += "<a class=\"mention t-\(HTML.escape(match.target.type))\" href=\"\(HTML.escape(HTML.entityPath(match.target.entityID)))\">"
                + HTML.escape(text[match.range]) + "</a>"
            cursor = match.range.upperBound
        }
        appendPlain(text.endIndex)
        return html + "</p>"
    }

    private func findMatches(in text: String) -> [(range: Range<String.Index>, target: Target)] {
        var found: [(range: Range<String.Index>, target: Target)] = []
        for target in targets {
            for name in Set(target.names.map { $0.trimmingCharacters(in: .whitespaces) }) where name.count >= 2 {
                var searchRange = text.startIndex..<text.endIndex
                while let range = text.range(of: name, options: [.caseInsensitive, .diacriticInsensitive], range: searchRange) {
                    if isWordBoundary(text, range) { found.append((range, target)) }
                    searchRange = range.upperBound..<text.endIndex
                }
            }
        }
        found.sort { lhs, rhs in
            if lhs.range.lowerBound != rhs.range.lowerBound { return lhs.range.lowerBound < rhs.range.lowerBound }
            return text.distance(from: lhs.range.lowerBound, to: lhs.range.upperBound)
                > text.distance(from: rhs.range.lowerBound, to: rhs.range.upperBound)
        }
        var kept: [(range: Range<String.Index>, target: Target)] = []
        for match in found where kept.last.map({ $0.range.upperBound <= match.range.lowerBound }) ?? true {
            kept.append(match)
        }
        return kept
    }

    private func isWordBoundary(_ text: String, _ range: Range<String.Index>) -> Bool {
        let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
        let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
        return !(before?.isLetter ?? false) && !(before?.isNumber ?? false)
            && !(after?.isLetter ?? false) && !(after?.isNumber ?? false)
    }
}
