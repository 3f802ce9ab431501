import CLibXML2

/// Extracts readable text from HTML with libxml2's forgiving HTML parser.
///
/// Scripts, styles, navigation and forms are dropped; block elements become line breaks. When the
/// page has an `<article>` (or `<main>`) element, only its text is kept.
public enum HTMLText {
    /// The page's title (the article's first `<h1>`, else `<title>`) and body text.
    public static func extract(from html: String) -> (title: String?, text: String) {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOBLANKS.rawValue)
        let bytes = Array(html.utf8)
        guard !bytes.isEmpty,
            let document = bytes.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
                }
            })
        else { return (nil, "") }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return (nil, "") }

        let body = firstElement(named: "article", in: root) ?? firstElement(named: "main", in: root) ?? root
        let title = firstElement(named: "h1", in: body).map { collapse(nodeText($0)) }
            ?? firstElement(named: "title", in: root).map { collapse(nodeText($0)) }
        var lines: [String] = []
        var current = ""
        collect(body, into: &current, lines: &lines)
        lines.append(current)
        let text = lines.map(collapse).filter { !$0.isEmpty }.joined(separator: "\n\n")
        return (title.flatMap { $0.isEmpty ? nil : $0 }, text)
    }

    private static let skipped: Set<String> = ["script", "style", "noscript", "nav", "form", "template", "svg", "head", "iframe", "button", "select"]
    private static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
        "footer", "blockquote", "pre", "tr", "table", "figcaption", "aside", "main", "dd", "dt",
    ]

    private static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    private static func collect(_ node: xmlNodePtr, into current: inout String, lines: inout [String]) {
        var child = node.pointee.children
        while let next = child {
            defer { child = next.pointee.next }
            switch next.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = next.pointee.content { current += String(cString: content) }
            case XML_ELEMENT_NODE:
                let tag = name(of: next)
                if skipped.contains(tag) { continue }
                let isBlock = blocks.contains(tag)
                if isBlock { lines.append(current); current = "" }
                collect(next, into: &current, lines: &lines)
                if isBlock { lines.append(current); current = "" }
            default:
                continue
            }
        }
    }

    private static func firstElement(named target: String, in node: xmlNodePtr) -> xmlNodePtr? {
        if node.pointee.type == XML_ELEMENT_NODE, name(of: node) == target { return node }
        var child = node.pointee.children
        while let next = child {
            if let found = firstElement(named: target, in: next) { return found }
            child = next.pointee.next
        }
        return nil
    }

    private static func nodeText(_ node: xmlNodePtr) -> String {
        var current = ""
        var lines: [String] = []
        collect(node, into: &current, lines: &lines)
        return (lines + [current]).joined(separator: " ")
    }

    private static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
