import Foundation
import HinboxCore

/// The parts of OpenAI's chat-completions and embeddings JSON that hinbox reads and writes.
enum OpenAIWire {
    struct Usage: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?
        var totalTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", totalTokens = "total_tokens"
        }
    }

    struct ChatCompletion: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable {
                var content: String?
                var refusal: String?
            }
            var message: Message?
            var finishReason: String?
            enum CodingKeys: String, CodingKey { case message, finishReason = "finish_reason" }
        }
        var choices: [Choice]
        var usage: Usage?
        var model: String?
    }

    struct Embeddings: Decodable {
        struct Item: Decodable {
            var index: Int?
            var embedding: [Float]
        }
        var data: [Item]
        var usage: Usage?
        var model: String?
    }

    /// The chat request body. With `schema` set, `response_format` is `json_schema`, or
    /// `json_object` plus the schema in the last system message when `fallback` is on.
    static func chatBody(model: String, request: ChatRequest, fallback: Bool) -> (body: JSONValue, messages: [ChatMessage]) {
        var messages = request.messages
        var body: [String: JSONValue] = ["model": .string(model)]
        if let temperature = request.temperature { body["temperature"] = .number(temperature) }
        if let maxTokens = request.maxTokens { body["max_tokens"] = .number(Double(maxTokens)) }
        if let schema = request.schema {
            if fallback {
                body["response_format"] = ["type": "json_object"]
                messages = withSchemaInstruction(messages, schema: schema)
            } else {
                body["response_format"] = [
                    "type": "json_schema",
                    "json_schema": ["name": .string(schema.name), "schema": schema.schema, "strict": true],
                ]
            }
        }
        body["messages"] = .array(messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] })
        return (.object(body), messages)
    }

    /// `messages` with the schema appended to the last system message (or a new first one).
    static func withSchemaInstruction(_ messages: [ChatMessage], schema: ResponseSchema) -> [ChatMessage] {
        let instruction = "Reply with a single JSON object (no prose, no code fence) that follows this JSON schema "
            + "(\(schema.name)):\n\(schema.schema.jsonString)"
        var messages = messages
        if let index = messages.lastIndex(where: { $0.role == .system }) {
            messages[index].content += "\n\n" + instruction
        } else {
            messages.insert(ChatMessage(.system, instruction), at: 0)
        }
        return messages
    }

    /// The embeddings request body.
    static func embeddingsBody(model: String, texts: [String]) -> JSONValue {
        ["model": .string(model), "input": .array(texts.map(JSONValue.string))]
    }

    /// Encodes a body as JSON bytes.
    static func encode(_ body: JSONValue) -> Data {
        Data(body.jsonString.utf8)
    }
}
