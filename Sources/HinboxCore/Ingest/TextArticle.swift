import Foundation

/// Reads `.md` and `.txt` articles.
///
/// The title is the first Markdown heading (or the first line); leading `Key: value` lines
/// (`Published:`, `Date:`, `URL:`, `ID:`) right after it are read as metadata. YAML front matter
/// between `---` lines is read the same way.
enum TextArticle {
    static func article(text: String, id: String, source: String, markdown: Bool) -> Article {
        var lines = text.components(separatedBy: .newlines)
        var metadata: [String: String] = [:]
        // YAML-style front matter.
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        {
            for line in lines[1..<end] { readMetadata(line, into: &metadata) }
            lines.removeSubrange(0...end)
        }
        var title = metadata["title"]
        if title == nil, let index = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            title = markdown && line.hasPrefix("#") ? String(line.drop(while: { $0 == "#" })).trimmingCharacters(in: .whitespaces) : line
            // Metadata lines directly under the title.
            while index + 1 < lines.count, readMetadata(lines[index + 1], into: &metadata) {
                lines.remove(at: index + 1)
            }
        }
        let content = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let date = (metadata["published"] ?? metadata["published_date"] ?? metadata["date"]).flatMap(DateNormalizer.isoDate(from:))
        return Article(
            id: metadata["id"] ?? id, title: title ?? "(untitled)", url: metadata["url"], publishedDate: date,
            content: content, source: source)
    }

    /// The first non-empty line, without Markdown heading marks.
    static func firstLine(of text: String) -> String? {
        text.split(whereSeparator: \.isNewline).lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first(where: { !$0.isEmpty })
            .map { String($0.drop(while: { $0 == "#" })).trimmingCharacters(in: .whitespaces) }
    }

    @discardableResult
    private static func readMetadata(_ line: String, into metadata: inout [String: String]) -> Bool {
        let known = ["published", "published_date", "date", "url", "id", "title"]
        guard let colon = line.firstIndex(of: ":") else { return false }
        let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard known.contains(key) else { return false }
        metadata[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return true
    }
}
