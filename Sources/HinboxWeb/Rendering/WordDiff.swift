/// A word-level diff of two texts as HTML: removed words in `<del>`, added ones in `<ins>`,
/// everything escaped. Falls back to whole lines when the texts are too long for word LCS.
enum WordDiff {
    static func html(from old: String, to new: String) -> String {
        var a = tokens(old)
        var b = tokens(new)
        if a.count * b.count > 1_500_000 {
            a = old.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
            b = new.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
        }
        // lcs[i][j] = length of the longest common subsequence of a[i...] and b[j...].
        var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var html = ""
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                html += HTML.escape(a[i]); i += 1; j += 1
            } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                html += "<del>\(HTML.escape(a[i]))</del>"; i += 1
            } else {
                html += "<ins>\(HTML.escape(b[j]))</ins>"; j += 1
            }
        }
        return html
    }

    /// Words with their trailing whitespace, so joining them gives the text back.
    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inSpace = false
        for character in text {
            if character.isWhitespace {
                inSpace = true
            } else if inSpace {
                result.append(current)
                current = ""
                inSpace = false
            }
            current.append(character)
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
