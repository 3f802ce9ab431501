import Foundation
import HinboxTracing
import Tracing

/// Writes and updates entity profiles with the LLM, citing articles as `^[article_id]`.
///
/// Traced as CHAIN `profile.create` / `profile.update` with the LLM span(s) below.
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
        try await write(kind: "create", entity: entity, existing: nil, article: article)
    }

    /// `existing` updated with what `article` says about `entity`.
    public func update(_ existing: Profile, of entity: ExtractedEntity, name: String, from article: Article) async throws -> Profile {
        var named = entity
        named.name = name
        return try await write(kind: "update", entity: named, existing: existing, article: article)
    }

    private func write(kind: String, entity: ExtractedEntity, existing: Profile?, article: Article) async throws -> Profile {
        try await withOpenInferenceSpan("profile.\(kind)", kind: .chain) { span in
            span.setInput(json: ["entity": entity.name, "type": entity.type.rawValue, "article_id": article.id])
            let system = prompts.render("profile_\(kind)", [
                "entity_type": entity.type.rawValue, "entity_name": entity.name, "article_id": article.id,
                "domain_description": domain.description,
            ])
            var user = "Entity: \(entity.name)\nType: \(entity.type.rawValue)\n"
            if !entity.aliases.isEmpty { user += "Also called: \(entity.aliases.joined(separator: ", "))\n" }
            if let existing {
                user += "\n<existing_profile>\n\(existing.text)\n</existing_profile>\n"
            }
            user += "\n" + ArticlePrompt.block(for: article)
            let reply = try await chat.complete(ChatRequest(
                messages: [ChatMessage(.system, system), ChatMessage(.user, user)],
                schema: schema(kind: kind), temperature: temperature, maxTokens: maxTokens))
            let profile = Self.profile(from: reply.value, existing: existing, articleID: article.id)
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

    /// A reply's profile text, trimmed, citing `articleID` at its end if it does not already.
    static func citing(_ text: String, articleID: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let citation = "^[\(articleID)]"
        return trimmed.contains(citation) ? trimmed : "\(trimmed) \(citation)"
    }

    /// Builds the profile from a reply: the article is always cited and listed as a source.
    static func profile(from reply: JSONValue, existing: Profile?, articleID: String) -> Profile {
        let text = citing(reply["text"]?.stringValue ?? "", articleID: articleID)
        let tags = Array(((reply["tags"]?.arrayValue ?? []).compactMap(\.stringValue) + (existing?.tags ?? [])).uniqued().prefix(8))
        let confidence = min(max(reply["confidence"]?.doubleValue ?? 0.5, 0), 1)
        let sources = ((existing?.sources ?? []) + [articleID]).uniqued()
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
