import HinboxTracing
import Tracing

/// Checks sentences against the article each cites: supported, partial or unsupported, with a
/// short note. One schema-constrained call per ``claimsPerCall`` sentences, sending each article
/// its sentences cite once, traced as an EVALUATOR `grounding.check` span.
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

    /// A sentence to check and the article it cites.
    public struct Sentence: Sendable, Hashable {
        public var text: String
        public var articleID: String

        public init(_ text: String, citing articleID: String) {
            self.text = text
            self.articleID = articleID
        }
    }

    /// `sentences` in calls of at most ``claimsPerCall``, in order.
    public static func calls(for sentences: [Sentence]) -> [[Sentence]] {
        stride(from: 0, to: sentences.count, by: claimsPerCall).map { Array(sentences[$0..<min($0 + claimsPerCall, sentences.count)]) }
    }

    /// A verdict for each of `sentences` (at most ``claimsPerCall``, in order), each against the
    /// article of `articles` it cites; the call sends each of those articles once.
    public func check(_ sentences: [Sentence], in articles: [Article]) async throws -> [Grounding.Claim] {
        let cited = Set(sentences.map(\.articleID))
        let sent = articles.filter { cited.contains($0.id) }
        return try await withOpenInferenceSpan("grounding.check", kind: .evaluator) { span in
            let ids = sent.map(\.id).joined(separator: ", ")
            span.setInput(json: ["article_id": ids, "claims": String(sentences.count)])
            let system = prompts.render("grounding", ["article_id": ids])
            let numbered = sentences.enumerated().map { "\($0.offset + 1). [\($0.element.articleID)] \($0.element.text)" }
            let user = "<claims>\n\(numbered.joined(separator: "\n"))\n</claims>\n\n" + sent.map(ArticlePrompt.block(for:)).joined(separator: "\n\n")
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
                return Grounding.Claim(sentence: sentence.text, articleID: sentence.articleID, verdict: verdict, note: note)
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
