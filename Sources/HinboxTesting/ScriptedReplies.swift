public import HinboxCore

/// Building blocks for ``ScriptedOpenAIServer`` handlers: OpenAI-shaped envelopes and errors.
public enum ScriptedReplies {
    /// An OpenAI error reply: `{"error":{"message":…,"type":…,"code":status}}`.
    public static func error(
        _ message: String, type: String = "invalid_request_error", status: Int = 400, headers: [(String, String)] = []
    ) -> ScriptedOpenAIServer.Reply {
        .json(["error": ["message": .string(message), "type": .string(type), "code": .number(Double(status))]],
              status: status, headers: headers)
    }

    /// A `chat.completion` envelope around `content`, with the request's model and token counts of
    /// about one token per four characters.
    public static func chatCompletion(
        content: String, request: ScriptedOpenAIServer.Request, finishReason: String = "stop"
    ) -> JSONValue {
        let model = request.body?["model"]?.stringValue ?? "scripted"
        let promptTokens = tokens(messageTexts(request.body).map(\.text).joined())
        let completionTokens = tokens(content)
        return [
            "id": .string("chatcmpl-scripted-\(request.index)"),
            "object": "chat.completion",
            "created": 1_735_689_600,
            "model": .string(model),
            "choices": [[
                "index": 0,
                "message": ["role": "assistant", "content": .string(content)],
                "finish_reason": .string(finishReason),
            ]],
            "usage": [
                "prompt_tokens": .number(Double(promptTokens)),
                "completion_tokens": .number(Double(completionTokens)),
                "total_tokens": .number(Double(promptTokens + completionTokens)),
            ],
        ]
    }

    /// A `chat.completion` envelope with these `choices` as they are (for malformed replies).
    public static func chatCompletion(choices: [JSONValue], request: ScriptedOpenAIServer.Request) -> JSONValue {
        [
            "id": .string("chatcmpl-scripted-\(request.index)"),
            "object": "chat.completion",
            "model": .string(request.body?["model"]?.stringValue ?? "scripted"),
            "choices": .array(choices),
        ]
    }

    /// A `list` of embeddings for `inputs`, using ``HashingEmbedding``.
    public static func embeddings(
        _ inputs: [String], model: String, embedding: HashingEmbedding = .standard
    ) -> JSONValue {
        let data: [JSONValue] = inputs.enumerated().map { index, text in
            [
                "object": "embedding",
                "index": .number(Double(index)),
                "embedding": .array(embedding.embed(text).map { .number(Double($0)) }),
            ]
        }
        let promptTokens = Double(inputs.reduce(0) { $0 + tokens($1) })
        return [
            "object": "list",
            "data": .array(data),
            "model": .string(model),
            "usage": ["prompt_tokens": .number(promptTokens), "total_tokens": .number(promptTokens)],
        ]
    }

    /// The `(role, text)` of every message in a chat request body; array contents are joined text parts.
    public static func messageTexts(_ body: JSONValue?) -> [(role: String, text: String)] {
        (body?["messages"]?.arrayValue ?? []).map { message in
            let role = message["role"]?.stringValue ?? ""
            if let text = message["content"]?.stringValue { return (role, text) }
            let parts = message["content"]?.arrayValue ?? []
            return (role, parts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n"))
        }
    }

    /// `reply` cut mid-way: a chat completion keeps its envelope with the content halved and
    /// `finish_reason: "length"`; any other body is halved as raw text.
    public static func truncated(_ reply: ScriptedOpenAIServer.Reply) -> ScriptedOpenAIServer.Reply {
        switch reply {
        case .closeConnection:
            return reply
        case .raw(let text, let status, let headers):
            return .raw(cut(text), status: status, headers: headers)
        case .json(let value, let status, let headers):
            guard case .object(var envelope) = value,
                  case .array(var choices) = envelope["choices"], case .object(var choice) = choices.first,
                  case .object(var message) = choice["message"], let content = message["content"]?.stringValue
            else {
                return .raw(cut(value.jsonString), status: status,
                            headers: headers.isEmpty ? [("Content-Type", "application/json")] : headers)
            }
            message["content"] = .string(cut(content))
            choice["message"] = .object(message)
            choice["finish_reason"] = "length"
            choices[0] = .object(choice)
            envelope["choices"] = .array(choices)
            return .json(.object(envelope), status: status, headers: headers)
        }
    }

    // MARK: - Helpers

    static func tokens(_ text: String) -> Int {
        max(1, (text.count + 3) / 4)
    }

    /// About half of `text`, shortened further until it no longer parses as JSON.
    static func cut(_ text: String) -> String {
        var prefix = String(text.prefix(text.count / 2))
        while !prefix.isEmpty, JSONValue.parse(prefix) != nil {
            prefix.removeLast()
        }
        return prefix.isEmpty ? #"{""# : prefix
    }
}
