import Foundation
import HinboxCore

/// Answers for the compact call plan (``CallPlan/compact``) — every type in one extraction reply,
/// several profiles in one reply — and for the relevance check.
extension GazetteerScript {
    /// Relevant when the article names at least one gazetteer entity.
    static func relevance(prompt: UserPrompt, gazetteer: Gazetteer) -> JSONValue {
        let article = prompt.hasBlock("article") ? prompt.block("article") : prompt.text
        let named = EntityType.allCases.flatMap { gazetteer.matches(of: $0, in: article).map(\.name) }
        return named.isEmpty
            ? ["relevant": false, "reason": "it names none of the people, organizations, places or events the knowledge base follows"]
            : ["relevant": true, "reason": .string("it names \(named.prefix(3).joined(separator: ", "))")]
    }

    /// `{"people": [...], "organizations": [...], …}`: each list as the one-type reply gives it.
    static func combinedExtraction(prompt: UserPrompt, gazetteer: Gazetteer) -> JSONValue {
        var lists: [String: JSONValue] = [:]
        for type in EntityType.allCases {
            lists[type.plural] = extraction(type, prompt: prompt, gazetteer: gazetteer)["entities"] ?? []
        }
        return .object(lists)
    }

    /// `{"profiles": [...]}`: one profile per `- Name (type)` line under `Entities:`, an update of
    /// the `<existing_profile entity="Name">` block when there is one.
    static func profileBatch(prompt: UserPrompt) -> JSONValue {
        let listed = prompt.text.split(separator: "\n").drop { $0 != "Entities:" }.dropFirst().prefix { $0.hasPrefix("- ") }
        let articleID = prompt["Article ID"], title = prompt["Title"]
        let profiles: [JSONValue] = listed.map { line in
            let entry = line.dropFirst(2)
            let name = entry.range(of: " (", options: .backwards).map { String(entry[..<$0.lowerBound]) } ?? String(entry)
            let type = entry.range(of: " (", options: .backwards).map { String(entry[$0.upperBound...].dropLast()) } ?? ""
            var text = "### Overview\n\(name) (\(type)) appears in \"\(title)\". ^[\(articleID)]"
            if let existing = existingProfile(of: name, in: prompt.text) {
                text = existing + "\n\n### Update\n\(name) appears again in \"\(title)\". ^[\(articleID)]"
            }
            return ["name": .string(name), "text": .string(text), "tags": [.string(type)], "confidence": 0.8]
        }
        return ["profiles": .array(profiles)]
    }

    private static func existingProfile(of name: String, in text: String) -> String? {
        guard let start = text.range(of: "<existing_profile entity=\"\(name)\">\n"),
            let end = text.range(of: "\n</existing_profile>", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
