/// A word-level diff of two texts as HTML: removed words in `<del>`, added ones in `<ins>`,
/// everything escaped. Falls back to whole lines when the texts are too long for word LCS.
enum WordDiff {
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
    static func tokens(_ text: String) -> [Substring] {
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
