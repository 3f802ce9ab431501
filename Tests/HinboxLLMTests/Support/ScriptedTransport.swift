import Foundation
import HinboxCore
import HinboxLLM
import Synchronization
import Testing

/// A fake ``HTTPTransport``: answers requests from a script, records every request.
final class ScriptedTransport: HTTPTransport {
    typealias Step = @Sendable (TransportRequest) throws -> TransportResponse

    private let state: Mutex<(steps: [Step], requests: [TransportRequest])>
    private let otherwise: Step?

    /// Answers with `steps` in order, then with `otherwise` (or fails the test).
    init(_ steps: [Step], otherwise: Step? = nil) {
        state = Mutex((steps, []))
        self.otherwise = otherwise
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let step: Step? = state.withLock { state in
            state.requests.append(request)
            return state.steps.isEmpty ? otherwise : state.steps.removeFirst()
        }
        guard let step else {
            Issue.record("unexpected request to \(request.url)")
            throw TransportError.connectionLost("script exhausted")
        }
        return try step(request)
    }

    var requests: [TransportRequest] { state.withLock { $0.requests } }

    /// The request bodies, parsed.
    var bodies: [JSONValue] {
        requests.map { JSONValue.parse(String(decoding: $0.body, as: UTF8.self)) ?? .null }
    }
}

// MARK: - Canned steps

extension ScriptedTransport {
    static func json(_ status: Int, _ body: JSONValue, headers: [String: String] = [:]) -> Step {
        { _ in TransportResponse(status: status, headers: headers, body: Data(body.jsonString.utf8)) }
    }

    static func text(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Step {
        { _ in TransportResponse(status: status, headers: headers, body: Data(body.utf8)) }
    }

    static func chat(
        _ content: String, finish: String = "stop", prompt: Int = 12, completion: Int = 5, model: String = "gpt-4o-mini-2024-07-18"
    ) -> Step {
        json(200, [
            "id": "chatcmpl-1", "object": "chat.completion", "model": .string(model),
            "choices": [["index": 0, "message": ["role": "assistant", "content": .string(content)], "finish_reason": .string(finish)]],
            "usage": ["prompt_tokens": .number(Double(prompt)), "completion_tokens": .number(Double(completion)),
                      "total_tokens": .number(Double(prompt + completion))],
        ])
    }

    static func error(_ status: Int, _ message: String, headers: [String: String] = [:]) -> Step {
        json(status, ["error": ["message": .string(message), "type": "invalid_request_error"]], headers: headers)
    }

    static let refused: Step = { _ in throw TransportError.cannotConnect("connection refused") }
    static let timedOut: Step = { _ in throw TransportError.timedOut("deadline exceeded") }

    /// Answers an embeddings request with vectors `[i, len(text)]`, in reverse `index` order.
    static let embeddings: Step = { request in
        let body = JSONValue.parse(String(decoding: request.body, as: UTF8.self))
        let inputs = body?["input"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let data: [JSONValue] = inputs.enumerated().reversed().map { index, text in
            ["object": "embedding", "index": .number(Double(index)),
             "embedding": [.number(Double(Int(text.dropFirst(5)) ?? -1)), .number(Double(text.count))]]
        }
        let reply: JSONValue = ["object": "list", "model": "text-embedding-3-small", "data": .array(data),
                                "usage": ["prompt_tokens": .number(Double(inputs.count * 2)), "total_tokens": .number(Double(inputs.count * 2))]]
        return TransportResponse(status: 200, body: Data(reply.jsonString.utf8))
    }
}
