import Foundation
import Tracing

/// Asks a ``ChatModel`` for a JSON reply that follows a schema, with one repair attempt.
///
/// The reply is parsed (Markdown fences tolerated) and validated; if it is not valid JSON or
/// breaks the schema, the model is asked once more with the problems listed. A second failure
/// throws ``StructuredOutputError``. Each attempt is its own LLM span (made by the model client).
public struct StructuredChat: Sendable {
    public var model: any ChatModel
    /// Whether a reply that breaks the schema gets one repair call (``CallPlan/repairs``).
    public var repairs: Bool

    public init(model: any ChatModel, repairs: Bool = true) {
        self.model = model
        self.repairs = repairs
    }

    /// The validated JSON reply, the raw response and how many calls it took.
    public struct Reply: Sendable {
        public var value: JSONValue
        public var response: ChatResponse
        public var attempts: Int
    }

    public func complete(_ request: ChatRequest) async throws -> Reply {
        var request = request
        var lastProblems: [String] = []
        for attempt in 1...(repairs ? 2 : 1) {
            let response = try await model.complete(request)
            let problems: [String]
            if let value = Self.parseJSON(response.content) {
                problems = request.schema.map { JSONSchemaValidator.violations(of: value, against: $0.schema) } ?? []
                if problems.isEmpty { return Reply(value: value, response: response, attempts: attempt) }
            } else {
                problems = [response.finishReason == "length"
                    ? "the reply was cut off before the JSON was complete; reply with shorter JSON"
                    : "the reply was not valid JSON"]
            }
            lastProblems = problems
            request.messages.append(ChatMessage(.assistant, String(response.content.prefix(2000))))
            request.messages.append(ChatMessage(.user, """
                Your reply could not be used: \(problems.prefix(5).joined(separator: "; ")).
                Reply again with only one JSON object that follows the schema exactly. No prose, no Markdown.
                """))
        }
        throw StructuredOutputError(schema: request.schema?.name ?? "reply", problems: lastProblems)
    }

    /// Parses a reply as JSON, tolerating Markdown code fences and text around one JSON object.
    public static func parseJSON(_ content: String) -> JSONValue? {
        // The parser skips JSON whitespace itself, so a clean reply needs no trimmed copy.
        if let value = JSONValue.parse(content) { return value }
        let trimmed = content.trimmingCharacters(in: .whitespacesAndNewlines)
        if let value = JSONValue.parse(trimmed) { return value }
        guard let start = trimmed.firstIndex(of: "{"), let end = trimmed.lastIndex(of: "}"), start < end else { return nil }
        return JSONValue.parse(String(trimmed[start...end]))
    }
}

/// The model's reply did not follow the schema, even after its repair attempt (when repairs are on).
public struct StructuredOutputError: Error, Sendable, CustomStringConvertible {
    public var schema: String
    public var problems: [String]

    public var description: String {
        "the model's \(schema) reply was unusable: \(problems.prefix(3).joined(separator: "; "))"
    }
}
