import Foundation

/// Finds where names occur in an article: case- and diacritic-insensitive, on word boundaries.
public struct MentionFinder: Sendable {
    public let text: String
    private let searchable: SearchableText

    public init(text: String) {
        self.text = text
        self.searchable = SearchableText(text)
    }

    /// Whether `name` occurs as whole words.
    public func occurs(_ name: String) -> Bool {
        firstRange(of: name) != nil
    }

    /// The first whole-word occurrence of `name`.
    public func firstRange(of name: String) -> Range<String.Index>? {
        ranges(of: name, limit: 1).first
    }

    /// Up to `limit` whole-word occurrences of `name`, in order.
    public func ranges(of name: String, limit: Int = .max) -> [Range<String.Index>] {
        let needle = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !needle.isEmpty else { return [] }
        var result: [Range<String.Index>] = []
        var searchStart = 0
        let length = searchable.string.length
        while result.count < limit, searchStart < length {
            let found = searchable.string.range(
                of: needle, options: [.caseInsensitive, .diacriticInsensitive],
                range: NSRange(location: searchStart, length: length - searchStart))
            guard found.location != NSNotFound, let range = Range(found, in: text), range.lowerBound < text.endIndex else { break }
            if isBoundary(before: range.lowerBound), isBoundary(after: range.upperBound) { result.append(range) }
            // Go on from the character after the match's first one.
            searchStart = found.location + text[range.lowerBound...].first!.utf16.count
        }
        return result
    }

    /// Up to `maxWindows` non-overlapping windows of about `windowCharacters` around mentions
    /// of any of `names`, joined by `---`: the evidence stored with a mention.
    public func evidence(for names: [String], windowCharacters: Int = 240, maxWindows: Int = 3) -> String {
        let half = windowCharacters / 2
        var windows: [Range<String.Index>] = []
        let all = names.flatMap { ranges(of: $0, limit: maxWindows) }.sorted { $0.lowerBound < $1.lowerBound }
        for range in all where windows.count < maxWindows {
            let start = text.index(range.lowerBound, offsetBy: -half, limitedBy: text.startIndex) ?? text.startIndex
            let end = text.index(range.upperBound, offsetBy: half, limitedBy: text.endIndex) ?? text.endIndex
            if let last = windows.last, start < last.upperBound { continue }
            windows.append(start..<end)
        }
        return windows.map { text[$0].split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .joined(separator: "\n---\n")
    }

    private func isBoundary(before index: String.Index) -> Bool {
        index == text.startIndex || !Self.isWordCharacter(text[text.index(before: index)])
    }

    private func isBoundary(after index: String.Index) -> Bool {
        index == text.endIndex || !Self.isWordCharacter(text[index])
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}

/// The text as a UTF-16 Foundation string, made once per finder: Foundation searches a Swift
/// string by transcoding the whole of it to UTF-16 on every search.
private final class SearchableText: @unchecked Sendable {
    // Immutable after init, so sharing it across tasks is safe.
    let string: NSString

    init(_ text: String) {
        let units = Array(text.utf16)
        string = units.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { NSString(characters: $0, length: buffer.count) } ?? NSString()
        }
    }
}
