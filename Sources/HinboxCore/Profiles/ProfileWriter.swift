import Foundation
import HinboxTracing
import Tracing

/// Writes and updates entity profiles with the LLM, citing articles as `^[article_id]`.
///
/// Traced as CHAIN `profile.create` / `profile.update` / `profile.fold` with the LLM span(s) below.
public struct ProfileWriter: Sendable {
    public var chat: StructuredChat
    public var domain: DomainConfig
    public var prompts: PromptLibrary
    public var temperature: Double
    public var maxTokens: Int
    /// Bounds written into the schema (the profile's length).
    public var limits: OutputLimits

    public init(
        chat: StructuredChat, domain: DomainConfig, prompts: PromptLibrary, temperature: Double = 0, maxTokens: Int = 1024,
        limits: OutputLimits = .standard
    ) {
        self.chat = chat
        self.domain = domain
        self.prompts = prompts
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.limits = limits
    }

    /// The reply's schema for a `create` or `update` call.
    func schema(kind: String) -> ResponseSchema {
        ResponseSchema(name: "profile_\(kind)", schema: [
            "type": "object",
            "properties": [
                "text": ["type": "string", "minLength": 1, "maxLength": .number(Double(limits.profileCharacters))],
                "tags": tagsSchema,
                "confidence": ["type": "number", "minimum": 0, "maximum": 1],
            ],
            "required": ["text"],
        ])
    }

    /// A first profile of `entity` from `article`.
    public func create(_ entity: ExtractedEntity, from article: Article) async throws -> Profile {
        try await write(kind: "create", entity: entity, existing: nil, articles: [article])
    }

    /// `existing` updated with what `articles` (in input order) say about `entity`, in one call:
    /// the `profile_update` prompt for one article, `profile_fold` for several (a block's folded
    /// updates, ``CallPlan/profileBlock``).
    public func update(_ existing: Profile, of entity: ExtractedEntity, name: String, from articles: [Article]) async throws -> Profile {
        var named = entity
        named.name = name
        return try await write(kind: articles.count == 1 ? "update" : "fold", entity: named, existing: existing, articles: articles)
    }

    private func write(kind: String, entity: ExtractedEntity, existing: Profile?, articles: [Article]) async throws -> Profile {
        try await withOpenInferenceSpan("profile.\(kind)", kind: .chain) { span in
            let ids = articles.map(\.id)
            span.setInput(json: ["entity": entity.name, "type": entity.type.rawValue, "article_id": ids.joined(separator: ", ")])
            let system = prompts.render("profile_\(kind)", [
                "entity_type": entity.type.rawValue, "entity_name": entity.name, "article_id": ids.joined(separator: ", "),
                "domain_description": domain.description,
            ])
            var user = "Entity: \(entity.name)\nType: \(entity.type.rawValue)\n"
            if !entity.aliases.isEmpty { user += "Also called: \(entity.aliases.joined(separator: ", "))\n" }
            if let existing {
                user += "\n<existing_profile>\n\(existing.text)\n</existing_profile>\n"
            }
            user += "\n" + articles.map(ArticlePrompt.block(for:)).joined(separator: "\n\n")
            let reply = try await chat.complete(ChatRequest(
                messages: [ChatMessage(.system, system), ChatMessage(.user, user)],
                schema: schema(kind: kind), temperature: temperature, maxTokens: maxTokens))
            let profile = Self.profile(from: reply.value, existing: existing, articleIDs: ids)
            span.setOutput(profile.text, mimeType: .text)
            return profile
        }
    }

    /// The schema of a profile's tags, in single and batched replies.
    var tagsSchema: JSONValue {
        [
            "type": "array", "items": ["type": "string", "maxLength": .number(Double(limits.tagCharacters))],
            "maxItems": .number(Double(limits.tagsPerProfile)),
        ]
    }

    /// A reply's profile text, trimmed, citing each of `articleIDs` at its end that it does not
    /// cite already.
    static func citing(_ text: String, articleIDs: [String]) -> String {
        var result = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for id in articleIDs where !result.contains("^[\(id)]") { result += " ^[\(id)]" }
        return result
    }

    /// Builds the profile from a reply: the articles are always cited and listed as sources.
    static func profile(from reply: JSONValue, existing: Profile?, articleIDs: [String]) -> Profile {
        let text = citing(reply["text"]?.stringValue ?? "", articleIDs: articleIDs)
        let tags = Array(((reply["tags"]?.arrayValue ?? []).compactMap(\.stringValue) + (existing?.tags ?? [])).uniqued().prefix(8))
        let confidence = min(max(reply["confidence"]?.doubleValue ?? 0.5, 0), 1)
        let sources = ((existing?.sources ?? []) + articleIDs).uniqued()
        return Profile(text: text, tags: tags, confidence: confidence, sources: sources)
    }
}

extension Array where Element: Hashable {
    /// The elements in order, without repeats (the stores' corrections use it too).
    package func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
