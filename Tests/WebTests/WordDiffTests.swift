import Foundation
@testable import HinboxWeb
import HinboxTesting
import Testing

/// ``WordDiff`` against the Substring implementation it replaced, on random texts: ASCII and
/// HTML-special characters, multi-byte letters, combining marks, Unicode whitespace and newlines,
/// with words inserted, removed and replaced; and texts long enough for the line fallback.
@Suite("Word diff")
struct WordDiffTests {
    static let pieces = ["the", "mayor", "said", "<b>", "&amp;", "\"quoted\"", "it's", "café", "日本語", "e\u{301}", "🚰",
                         "^[a1].", "water", "—", "x"]
    static let spaces = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "\u{00A0}", "\u{2003}", "\u{3000}", " \r\n"]

    static func text(_ words: Int, using generator: inout some RandomNumberGenerator) -> String {
        (0..<words).map { _ in pieces.randomElement(using: &generator)! + spaces.randomElement(using: &generator)! }.joined()
    }

    /// `text` with about a fifth of its words replaced, removed or followed by a new one.
    static func edited(_ text: String, using generator: inout some RandomNumberGenerator) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for index in words.indices.reversed() where Int.random(in: 0..<5, using: &generator) == 0 {
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: words[index] = pieces.randomElement(using: &generator)!
            case 1: words.remove(at: index)
            default: words.insert(pieces.randomElement(using: &generator)!, at: index)
            }
        }
        return words.joined(separator: " ")
    }

    @Test("Agrees with the reference on 2,000 random pairs, including empty texts")
    func agreesWithReference() {
        var generator = SplitMix64(seed: 14)
        var changed = 0
        for round in 0..<2_000 {
            let old = Self.text(Int.random(in: 0...40, using: &generator), using: &generator)
            let new = round % 10 == 0 ? Self.text(Int.random(in: 0...40, using: &generator), using: &generator) : Self.edited(old, using: &generator)
            let html = WordDiff.html(from: old, to: new)
            #expect(html == ReferenceWordDiff.html(from: old, to: new), "\(old.debugDescription) → \(new.debugDescription)")
            if html.contains("<ins>") || html.contains("<del>") { changed += 1 }
        }
        #expect(changed > 1_500)
        #expect(WordDiff.html(from: "", to: "") == "")
        #expect(WordDiff.html(from: "", to: "a <b>") == "<ins>a </ins><ins>&lt;b&gt;</ins>")
    }

    @Test("Texts too long for a word table fall back to lines, as the reference does")
    func lineFallback() {
        var generator = SplitMix64(seed: 15)
        // Without "\r\n": the reference split lines at Characters, and "\r\n" is one Character
        // that is not "\n", so it kept CRLF lines together; the byte version ends a line at every "\n".
        func lines() -> String {
            (0..<60).map { _ in Self.text(25, using: &generator).replacingOccurrences(of: "\r", with: "") + "\n" }.joined()
        }
        let old = lines(), new = lines()
        let html = WordDiff.html(from: old, to: new)
        #expect(html == ReferenceWordDiff.html(from: old, to: new))
        #expect(html.contains("<del>"))
        let crlf = (0..<1_300).map { "w\($0)" }.joined(separator: " ")
        let split = WordDiff.html(from: "a\r\n" + crlf, to: "a\r\n" + crlf.replacingOccurrences(of: " ", with: "\r\n"))
        // 1,300 words against 1,300 CRLF lines is past the word table's size: one line each.
        #expect(split.components(separatedBy: "<ins>").count - 1 == 1_300, "\(split.prefix(200))")
    }
}

/// The word diff as it was before it worked on bytes (Substring tokens, Character-free but
/// reference-counted): the reference ``WordDiff`` must agree with.
enum ReferenceWordDiff {
    static func html(from old: String, to new: String) -> String {
        let a = tokens(old)
        let b = tokens(new)
        // The shared beginning and end (most of a revised profile) need no table.
        let prefix = zip(a, b).prefix { $0 == $1 }.count
        let suffix = zip(a[prefix...].reversed(), b[prefix...].reversed()).prefix { $0 == $1 }.count
        var html = ""
        for token in a[..<prefix] { HTML.escape(token, into: &html) }
        var middleA = Array(a[prefix..<(a.count - suffix)])
        var middleB = Array(b[prefix..<(b.count - suffix)])
        if middleA.count * middleB.count > 1_500_000 {
            middleA = lines(middleA.joined())
            middleB = lines(middleB.joined())
        }
        appendChanges(middleA, middleB, to: &html)
        for token in a[(a.count - suffix)...] { HTML.escape(token, into: &html) }
        return html
    }

    /// The changes between `a` and `b` by longest common subsequence, in one flat table over
    /// token numbers (equal tokens share one), so the table compares integers, not strings.
    private static func appendChanges(_ a: [Substring], _ b: [Substring], to html: inout String) {
        var numbers: [Substring: Int] = [:]
        func number(_ token: Substring) -> Int {
            if let number = numbers[token] { return number }
            numbers[token] = numbers.count
            return numbers.count - 1
        }
        let x = a.map(number)
        let y = b.map(number)
        // lcs[i * width + j] = length of the longest common subsequence of a[i...] and b[j...].
        let width = b.count + 1
        var lcs = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i * width + j] = x[i] == y[j] ? lcs[(i + 1) * width + j + 1] + 1 : max(lcs[(i + 1) * width + j], lcs[i * width + j + 1])
            }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, x[i] == y[j] {
                HTML.escape(a[i], into: &html); i += 1; j += 1
            } else if i < a.count, j == b.count || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
                html += "<del>"; HTML.escape(a[i], into: &html); html += "</del>"; i += 1
            } else {
                html += "<ins>"; HTML.escape(b[j], into: &html); html += "</ins>"; j += 1
            }
        }
    }

    /// Words with their trailing whitespace, so joining them gives the text back.
    private static func tokens(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var inSpace = false
        // Scalars, not Characters: ASCII is checked directly, others by their Unicode property.
        for index in text.unicodeScalars.indices {
            let scalar = text.unicodeScalars[index]
            let isSpace = scalar.isASCII
                ? scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar.value == 0x0B || scalar.value == 0x0C
                : scalar.properties.isWhitespace
            if isSpace {
                inSpace = true
            } else if inSpace {
                result.append(text[start..<index])
                start = index
                inSpace = false
            }
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    private static func lines(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        while let newline = text[start...].firstIndex(of: "\n") {
            result.append(text[start...newline])
            start = text.index(after: newline)
        }
        result.append(text[start...])
        return result
    }
}
