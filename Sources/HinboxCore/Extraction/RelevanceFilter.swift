import Foundation
import HinboxTracing
import Tracing

/// Decides, before extraction, whether an article is on-topic for the domain (its `relevance`
/// text in domain.yaml): one cheap schema-constrained call, traced as a GUARDRAIL `relevance`
/// span under the article's root, so Phoenix shows why an article was skipped.
///
/// An irrelevant article is stored as such with the reason and not asked about again on reruns
/// unless its content or the relevance text changes (``key``).
public struct RelevanceFilter: Sendable {
    public var chat: StructuredChat
    public var domain: DomainConfig
    public var prompts: PromptLibrary
    /// What a relevant article is about.
    public var relevance: String

    /// Nil when the domain defines no relevance (every article is relevant).
    public init?(chat: StructuredChat, domain: DomainConfig, prompts: PromptLibrary) {
        guard let relevance = domain.relevance else { return nil }
        self.chat = chat
        self.domain = domain
        self.prompts = prompts
        self.relevance = relevance
    }

    /// The verdict on one article.
    public struct Verdict: Sendable, Hashable, Codable {
        public var relevant: Bool
        public var reason: String
    }

    /// Identifies the relevance text a verdict was given against: a changed text asks again.
    public var key: String { Hashing.sha256Hex(relevance).prefix(16).description }

    static let schema = ResponseSchema(name: "relevance", schema: [
        "type": "object",
        "properties": [
            "relevant": ["type": "boolean"],
            "reason": ["type": "string", "maxLength": 300],
        ],
        "required": ["relevant", "reason"],
    ])

    public func check(_ article: Article) async throws -> Verdict {
        try await withOpenInferenceSpan("relevance", kind: .guardrail) { span in
            span.setInput(json: ["article_id": article.id, "title": article.title])
            let system = prompts.render("relevance", ["domain_description": domain.description, "relevance": relevance])
            let reply = try await chat.complete(ChatRequest(
                messages: [ChatMessage(.system, system), ChatMessage(.user, ArticlePrompt.block(for: article))],
                schema: Self.schema, temperature: 0, maxTokens: 200))
            let verdict = Verdict(
                relevant: reply.value["relevant"]?.boolValue ?? true,
                reason: (reply.value["reason"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
            span.setOutput(json: verdict)
            span.attributes["hinbox.relevance.relevant"] = verdict.relevant
            return verdict
        }
    }
}
