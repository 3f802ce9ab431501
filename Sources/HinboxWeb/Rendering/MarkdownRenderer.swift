import Foundation

/// Renders the Markdown subset profiles use — headings, paragraphs, lists, quotes, rules,
/// `**bold**`, `*italic*`, `` `code` ``, `[text](http…)` and `^[article_id]` citations — to HTML.
///
/// Safe by construction: every piece of source text is escaped, raw HTML in the source stays
/// visible text, and only http(s) links become `href`s. (Ink passes raw HTML through; owning the
/// small subset is simpler than cleaning its output.)
struct MarkdownRenderer {
    /// Cited article ids in first-cited order; citation n links to `citations[n-1]`.
    private(set) var citations: [String] = []
    /// Article titles, for the citation links' `title`.
    var titles: [String: String] = [:]

    init(titles: [String: String] = [:]) {
        self.titles = titles
    }

    /// The HTML of `markdown`; headings start at `<h3>` so they sit under the page's own.
    mutating func render(_ markdown: String) -> String {
        var html = ""
        var paragraph: [Substring] = []
        var list: (tag: String, items: [String])?

        func flush() {
            if !paragraph.isEmpty {
                html += "<p>\(inline(paragraph.joined(separator: " ")))</p>\n"
                paragraph = []
            }
            if let open = list {
                html += "<\(open.tag)>" + open.items.map { "<li>\($0)</li>" }.joined() + "</\(open.tag)>\n"
                list = nil
            }
        }

        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { flush(); continue }
            if let heading = Self.heading(line) {
                flush()
                let tag = "h\(min(6, heading.level + 2))"
                html += "<\(tag)>\(inline(heading.text))</\(tag)>\n"
            } else if line == "---" || line == "***" {
                flush()
                html += "<hr>\n"
            } else if let item = Self.listItem(line) {
                if !paragraph.isEmpty || (list != nil && list?.tag != item.tag) { flush() }
                if list == nil { list = (item.tag, []) }
                list?.items.append(inline(item.text))
            } else if line.hasPrefix(">") {
                flush()
                html += "<blockquote>\(inline(line.dropFirst().trimmingCharacters(in: .whitespaces)))</blockquote>\n"
            } else if list != nil, rawLine.first == " " {
                // An indented continuation of the last list item.
                let last = list!.items.removeLast()
                list!.items.append(last + " " + inline(line))
            } else {
                if list != nil { flush() }
                paragraph.append(Substring(line))
            }
        }
        flush()
        return html
    }

    // MARK: - Blocks

    private static func heading(_ line: String) -> (level: Int, text: String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return (hashes, line.dropFirst(hashes + 1).trimmingCharacters(in: .whitespaces))
    }

    private static func listItem(_ line: String) -> (tag: String, text: String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return ("ul", String(line.dropFirst(2)))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count < 4, line.dropFirst(digits.count).hasPrefix(". ") {
            return ("ol", String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    // MARK: - Inline

    /// Escaped inline text with emphasis, code, safe links and numbered citations.
    mutating func inline(_ text: String) -> String {
        let chars = Array(text)
        var html = ""
        // Plain characters are collected and escaped as one run, not one String per Character.
        var plain = ""
        func flushPlain() {
            HTML.escape(plain, into: &html)
            plain = ""
        }
        var i = 0
        func find(_ needle: String, from start: Int) -> Int? {
            let pattern = Array(needle)
            var j = start
            while j + pattern.count <= chars.count {
                if chars[j..<(j + pattern.count)].elementsEqual(pattern) { return j }
                j += 1
            }
            return nil
        }
        while i < chars.count {
            let rest = chars.count - i
            if chars[i] == "^", rest > 2, chars[i + 1] == "[", let close = find("]", from: i + 2) {
                flushPlain()
                html += citationLinks(String(chars[(i + 2)..<close]))
                i = close + 1
            } else if chars[i] == "*", rest > 3, chars[i + 1] == "*", let close = find("**", from: i + 2), close > i + 2 {
                flushPlain()
                html += "<strong>\(inline(String(chars[(i + 2)..<close])))</strong>"
                i = close + 2
            } else if chars[i] == "*", rest > 2, chars[i + 1] != " ", let close = find("*", from: i + 1), close > i + 1 {
                flushPlain()
                html += "<em>\(inline(String(chars[(i + 1)..<close])))</em>"
                i = close + 1
            } else if chars[i] == "`", let close = find("`", from: i + 1) {
                flushPlain()
                html += "<code>\(HTML.escape(String(chars[(i + 1)..<close])))</code>"
                i = close + 1
            } else if chars[i] == "[", let middle = find("](", from: i + 1), let close = Self.closingParenthesis(chars, from: middle + 2) {
                flushPlain()
                let label = inline(String(chars[(i + 1)..<middle]))
                if let url = HTML.safeExternalURL(String(chars[(middle + 2)..<close])) {
                    html += "<a href=\"\(HTML.escape(url))\" rel=\"nofollow noopener noreferrer\">\(label)</a>"
                } else {
                    html += label
                }
                i = close + 1
            } else {
                plain.append(chars[i])
                i += 1
            }
        }
        flushPlain()
        return html
    }

    /// The `)` that closes a link target opened just before `start`, skipping balanced pairs.
    private static func closingParenthesis(_ chars: [Character], from start: Int) -> Int? {
        var depth = 0
        for index in start..<chars.count {
            if chars[index] == "(" { depth += 1 }
            if chars[index] == ")" {
                if depth == 0 { return index }
                depth -= 1
            }
        }
        return nil
    }

    /// `^[a1]` or `^[a1, a2]` as superscript numbered links to the cited articles.
    private mutating func citationLinks(_ inner: String) -> String {
        let ids = inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let links = ids.map { id -> String in
            if !citations.contains(id) { citations.append(id) }
            let number = citations.firstIndex(of: id)! + 1
            let title = titles[id].map { " title=\"\(HTML.escape($0))\"" } ?? ""
            return "<a class=\"cite\" href=\"\(HTML.escape(HTML.articlePath(id)))\"\(title)>[\(number)]</a>"
        }
        return "<sup>\(links.joined())</sup>"
    }
}
