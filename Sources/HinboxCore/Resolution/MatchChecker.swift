import HinboxTracing
import Tracing

/// Asks the LLM whether an incoming entity and a known one are the same real-world entity.
/// Used only in the uncertain band, where names and evidence disagree.
public struct MatchChecker: Sendable {
    public var chat: StructuredChat
    public var domain: DomainConfig
    public var prompts: PromptLibrary
    public var maxTokens: Int

    public init(chat: StructuredChat, domain: DomainConfig, prompts: PromptLibrary, maxTokens: Int = 300) {
        self.chat = chat
        self.domain = domain
        self.prompts = prompts
        self.maxTokens = maxTokens
    }

    static let schema = ResponseSchema(name: "match_check", schema: [
        "type": "object",
        "properties": [
            "is_match": ["type": "boolean"],
            "confidence": ["type": "number", "minimum": 0, "maximum": 1],
            "reason": ["type": "string", "maxLength": 300],
        ],
        "required": ["is_match"],
    ])

    /// The model's verdict. A call that fails throws: counting it as "not the same" would store a
    /// different knowledge base than a run whose call succeeded, so the article's resolve step is
    /// retried instead (and fails only when the provider keeps failing).
    public func check(_ entity: ExtractedEntity, evidence: String, against known: KnownEntity) async throws -> MatchCheckResult {
        try await withOpenInferenceSpan("match_check", kind: .chain) { span in
            span.setInput(json: ["new": entity.name, "existing": known.record.name, "existing_id": known.record.id])
            let system = prompts.render("match_check", ["entity_type": entity.type.rawValue, "domain_description": domain.description])
            let user = """
                New entity: \(entity.name)
                Existing entity: \(known.record.name)
                Type: \(entity.type.rawValue)

                EVIDENCE FROM NEW ARTICLE:
                \(evidence)

                EXISTING PROFILE IN DATABASE:
                Name: \(known.record.name)\(known.aliases.isEmpty ? "" : "\nAlso called: \(known.aliases.joined(separator: ", "))")
                \(String((known.latestProfile?.text ?? "").prefix(1500)))
                """
            let reply = try await chat.complete(ChatRequest(
                messages: [ChatMessage(.system, system), ChatMessage(.user, user)], schema: Self.schema, temperature: 0,
                maxTokens: maxTokens))
            let result = MatchCheckResult(
                isMatch: reply.value["is_match"]?.boolValue ?? false,
                confidence: min(max(reply.value["confidence"]?.doubleValue ?? 0.5, 0), 1),
                reason: reply.value["reason"]?.stringValue ?? "")
            span.setOutput(json: result)
            return result
        }
    }
}
