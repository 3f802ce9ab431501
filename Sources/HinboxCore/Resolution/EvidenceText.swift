/// The text embedded for an entity: its name and type, then up to three windows of article text
/// around its mentions — evidence, not just a name, so namesakes in different stories differ.
public enum EvidenceText {
    public static let maxCharacters = 1500

    public static func text(for entity: ExtractedEntity, in article: Article) -> String {
        text(for: entity, mentions: MentionFinder(text: article.content))
    }

    /// The same, with `mentions` searching the article's content: one finder serves all of an
    /// article's entities (making one copies the text for searching).
    public static func text(for entity: ExtractedEntity, mentions: MentionFinder) -> String {
        var lines = ["Name: \(entity.name)", "Type: \(entity.type.rawValue)\(entity.subtype.map { " (\($0))" } ?? "")"]
        if entity.type == .event {
            if let date = entity.startDate { lines.append("Date: \(date)") }
            if let description = entity.description { lines.append("Description: \(description)") }
        }
        let context = mentions.evidence(for: [entity.name] + entity.aliases)
        if !context.isEmpty { lines.append("CONTEXT:\n\(context)") }
        return String(lines.joined(separator: "\n").prefix(maxCharacters))
    }
}
