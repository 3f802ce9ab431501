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

    /// A chat completion reply; read by ``init(json:)`` (`OpenAIWire+ChatCompletion.swift`).
    struct ChatCompletion {
        struct Choice {
            struct Message {
                var content: String?
                var refusal: String?
            }
            var message: Message?
            var finishReason: String?
        }
        var choices: [Choice]
        var usage: Usage?
        var model: String?
    }

    /// An embeddings reply; read by ``init(json:)`` (`OpenAIWire+Embeddings.swift`).
    struct Embeddings {
        struct Item {
            var index: Int?
            var embedding: [Float]
        }
        var data: [Item]
        var usage: Usage?
        var model: String?
    }

    /// A chat request body and the parts of it the span records.
    struct ChatBody {
        /// The JSON bytes POSTed.
        var data: Data
        /// The messages sent (with the schema instruction under the `json_object` fallback).
        var messages: [ChatMessage]
        /// `messages` as the JSON array inside `data`, reused for `input.value`.
        var messagesJSON: String
    }

    /// The chat request body. With `schema` set, `response_format` is `json_schema`, or
    /// `json_object` plus the schema in the last system message when `fallback` is on.
    ///
    /// Written straight to bytes in `JSONEncoder`'s sorted-key layout (what the wire format was
    /// before), so the messages are encoded once, for the body and the span alike.
    static func chatBody(model: String, request: ChatRequest, fallback: Bool) -> ChatBody {
        var messages = request.messages
        var responseFormat: JSONValue?
        if let schema = request.schema {
            if fallback {
                responseFormat = ["type": "json_object"]
                messages = withSchemaInstruction(messages, schema: schema)
            } else {
                responseFormat = [
                    "type": "json_schema",
                    "json_schema": ["name": .string(schema.name), "schema": schema.schema, "strict": true],
                ]
            }
        }
        let list = messagesJSON(messages)
        var writer = JSONWriter(capacity: list.count + 2_048)
        writer.beginObject()
        if let maxTokens = request.maxTokens {
            writer.key("max_tokens", first: true)
            writer.number(Double(maxTokens))
        }
        writer.key("messages", first: request.maxTokens == nil)
        writer.raw(list)
        writer.key("model", first: false)
        writer.string(model)
        if let responseFormat {
            writer.key("response_format", first: false)
            writer.value(responseFormat)
        }
        if let temperature = request.temperature {
            writer.key("temperature", first: false)
            writer.number(temperature)
        }
        writer.endObject()
        return ChatBody(data: Data(writer.bytes), messages: messages, messagesJSON: String(decoding: list, as: UTF8.self))
    }

    /// `[{"content":…,"role":…},…]`: what `JSONEncoder` writes for `[ChatMessage]` with sorted keys.
    static func messagesJSON(_ messages: [ChatMessage]) -> [UInt8] {
        var writer = JSONWriter(capacity: messages.reduce(64) { $0 + $1.content.utf8.count + 32 })
        writer.raw("[")
        for (index, message) in messages.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.beginObject()
            writer.key("content", first: true)
            writer.string(message.content)
            writer.key("role", first: false)
            writer.string(message.role.rawValue)
            writer.endObject()
        }
        writer.raw("]")
        return writer.bytes
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
