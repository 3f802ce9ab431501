import HinboxTracing
import Tracing

/// Checks sentences against the article they cite: supported, partial or unsupported, with a
/// short note. One schema-constrained call per ``claimsPerCall`` sentences, sending the article
/// once, traced as an EVALUATOR `grounding.check` span.
public struct GroundingChecker: Sendable {
    public var chat: StructuredChat
    public var prompts: PromptLibrary
    public var temperature: Double
    /// Sentences judged by one call: the reply (~40 tokens a verdict) stays well inside an output limit.
    public static let claimsPerCall = 24

    public init(chat: StructuredChat, prompts: PromptLibrary, temperature: Double = 0) {
        self.chat = chat
        self.prompts = prompts
        self.temperature = temperature
    }

    /// A verdict for each of `sentences` (in order) against `article`.
    public func verdicts(for sentences: [String], in article: Article) async throws -> [Grounding.Claim] {
        var claims: [Grounding.Claim] = []
        for start in stride(from: 0, to: sentences.count, by: Self.claimsPerCall) {
            let chunk = Array(sentences[start..<min(start + Self.claimsPerCall, sentences.count)])
            claims += try await check(chunk, in: article)
        }
        return claims
    }

    private func check(_ sentences: [String], in article: Article) async throws -> [Grounding.Claim] {
        try await withOpenInferenceSpan("grounding.check", kind: .evaluator) { span in
            span.setInput(json: ["article_id": article.id, "claims": String(sentences.count)])
            let system = prompts.render("grounding", ["article_id": article.id])
            let numbered = sentences.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
            let user = "<claims>\n\(numbered)\n</claims>\n\n" + ArticlePrompt.block(for: article)
            let reply = try await chat.complete(ChatRequest(
                messages: [ChatMessage(.system, system), ChatMessage(.user, user)],
                schema: Self.schema(count: sentences.count), temperature: temperature, maxTokens: 60 * sentences.count + 40))
            let entries = reply.value["verdicts"]?.arrayValue ?? []
            let claims = sentences.enumerated().map { position, sentence in
                let entry = position < entries.count ? entries[position] : nil
                // A reply one short despite the schema (a server without grammar support) leaves
                // the claim unjudged: partial, said so, never "supported" by default.
                let verdict = entry?["verdict"]?.stringValue.flatMap(Grounding.Verdict.init(rawValue:)) ?? .partial
                let note = entry?["note"]?.stringValue ?? "the checker gave no verdict"
                return Grounding.Claim(sentence: sentence, articleID: article.id, verdict: verdict, note: note)
            }
            let grounding = Grounding(claims: claims)
            for verdict in Grounding.Verdict.allCases {
                span.attributes["hinbox.grounding.\(verdict.rawValue)"] = grounding.count(verdict)
            }
            span.attributes["eval.label"] = grounding.count(.unsupported) == 0 ? "grounded" : "unsupported"
            span.setOutput(grounding.summary, mimeType: .text)
            return claims
        }
    }

    /// Exactly one verdict per claim, in order.
    static func schema(count: Int) -> ResponseSchema {
        ResponseSchema(name: "grounding", schema: [
            "type": "object",
            "properties": [
                "verdicts": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "properties": [
                            "verdict": ["type": "string", "enum": ["supported", "partial", "unsupported"]],
                            "note": ["type": "string", "maxLength": 160],
                        ],
                        "required": ["verdict", "note"],
                    ],
                    "minItems": .number(Double(count)), "maxItems": .number(Double(count)),
                ],
            ],
            "required": ["verdicts"],
        ])
    }
}
