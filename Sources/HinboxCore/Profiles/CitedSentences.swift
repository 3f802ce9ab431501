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

    /// One pass over the line's UTF-8 (every version's text is read this way two or three times;
    /// walking `Character`s cost ~1 ms of CPU per model call, measured with `cpu.sh --perf`).
    private static func sentences(inLine line: Substring) -> [Sentence] {
        let bytes = Array(line.utf8)
        var found: [Sentence] = []
        var text: [UInt8] = []
        var ids: [String] = []
        var atSentenceEnd = false
        func flush() {
            let cleaned = clean(text)
            if !ids.isEmpty, cleaned.contains(where: \.isLetter) { found.append(Sentence(text: cleaned, articleIDs: ids)) }
            text.removeAll(keepingCapacity: true)
            ids = []
        }
        var index = 0
        while index < bytes.count {
            if let (cited, end) = citation(in: bytes, at: index) {
                for id in cited where !ids.contains(id) { ids.append(id) }
                index = end
                continue
            }
            let byte = bytes[index]
            if isSpace(byte), atSentenceEnd {
                // "… end. ^[a1]": markers after the space still belong to the sentence.
                var next = index
                while next < bytes.count, isSpace(bytes[next]) { next += 1 }
                if citation(in: bytes, at: next) == nil {
                    flush()
                    atSentenceEnd = false
                }
            } else {
                text.append(byte)
                if !isSpace(byte) { atSentenceEnd = byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") }
            }
            index += 1
        }
        flush()
        return found
    }

    /// The ids of a `^[id, id]` marker starting at `start`, and the index after it.
    private static func citation(in bytes: [UInt8], at start: Int) -> (ids: [String], end: Int)? {
        guard start + 1 < bytes.count, bytes[start] == UInt8(ascii: "^"), bytes[start + 1] == UInt8(ascii: "["),
            let close = bytes[(start + 2)...].firstIndex(of: UInt8(ascii: "]"))
        else { return nil }
        let ids = bytes[(start + 2)..<close].split(separator: UInt8(ascii: ",")).compactMap { part -> String? in
            let trimmed = part.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
            return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
        }
        return (ids, close + 1)
    }

    /// White space collapsed to single spaces, none before `. , ! ? ; :`.
    private static func clean(_ text: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var pendingSpace = false
        for byte in text {
            if isSpace(byte) {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace, !".,!?;:".utf8.contains(byte) { output.append(UInt8(ascii: " ")) }
            pendingSpace = false
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
