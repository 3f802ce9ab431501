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
            let line = rawLine.trimmingSpaces()
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
                html += "<blockquote>\(inline(line.dropFirst().trimmingSpaces()))</blockquote>\n"
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
        return (hashes, line.dropFirst(hashes + 1).trimmingSpaces())
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
    ///
    /// Scans UTF-8 bytes: every markup character is ASCII, so the text between them is cut at
    /// scalar boundaries, and plain runs are escaped whole (Characters cost 10% of an entity page).
    mutating func inline(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var html = ""
        var plainStart = 0
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func flushPlain(upTo end: Int) { HTML.escape(string(plainStart..<end), into: &html) }
        func find(_ needle: StaticString, from start: Int) -> Int? {
            needle.withUTF8Buffer { pattern in
                var j = start
                while j + pattern.count <= bytes.count {
                    if bytes[j..<(j + pattern.count)].elementsEqual(pattern) { return j }
                    j += 1
                }
                return nil
            }
        }
        let (caret, star, tick, open, space) = (UInt8(ascii: "^"), UInt8(ascii: "*"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: " "))
        var i = 0
        while i < bytes.count {
            let rest = bytes.count - i
            let byte = bytes[i]
            if byte == caret, rest > 2, bytes[i + 1] == open, let close = find("]", from: i + 2) {
                flushPlain(upTo: i)
                html += citationLinks(string((i + 2)..<close))
                i = close + 1
            } else if byte == star, rest > 3, bytes[i + 1] == star, let close = find("**", from: i + 2), close > i + 2 {
                flushPlain(upTo: i)
                html += "<strong>\(inline(string((i + 2)..<close)))</strong>"
                i = close + 2
            } else if byte == star, rest > 2, bytes[i + 1] != space, let close = find("*", from: i + 1), close > i + 1 {
                flushPlain(upTo: i)
                html += "<em>\(inline(string((i + 1)..<close)))</em>"
                i = close + 1
            } else if byte == tick, let close = find("`", from: i + 1) {
                flushPlain(upTo: i)
                html += "<code>\(HTML.escape(string((i + 1)..<close)))</code>"
                i = close + 1
            } else if byte == open, let middle = find("](", from: i + 1), let close = Self.closingParenthesis(bytes, from: middle + 2) {
                flushPlain(upTo: i)
                let label = inline(string((i + 1)..<middle))
                if let url = HTML.safeExternalURL(string((middle + 2)..<close)) {
                    html += "<a href=\"\(HTML.escape(url))\" rel=\"nofollow noopener noreferrer\">\(label)</a>"
                } else {
                    html += label
                }
                i = close + 1
            } else {
                i += 1
                continue
            }
            plainStart = i
        }
        flushPlain(upTo: bytes.count)
        return html
    }

    /// The `)` that closes a link target opened just before `start`, skipping balanced pairs.
    private static func closingParenthesis(_ bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        for index in start..<bytes.count {
            if bytes[index] == UInt8(ascii: "(") { depth += 1 }
            if bytes[index] == UInt8(ascii: ")") {
                if depth == 0 { return index }
                depth -= 1
            }
        }
        return nil
    }

    /// `^[a1]` or `^[a1, a2]` as superscript numbered links to the cited articles.
    private mutating func citationLinks(_ inner: String) -> String {
        let ids = inner.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        let links = ids.map { id -> String in
            if !citations.contains(id) { citations.append(id) }
            let number = citations.firstIndex(of: id)! + 1
            let title = titles[id].map { " title=\"\(HTML.escape($0))\"" } ?? ""
            return "<a class=\"cite\" href=\"\(HTML.escape(HTML.articlePath(id)))\"\(title)>[\(number)]</a>"
        }
        return "<sup>\(links.joined())</sup>"
    }
}
