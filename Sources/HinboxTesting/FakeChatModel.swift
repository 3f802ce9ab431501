import Foundation
public import HinboxCore
import Synchronization

/// An in-process ``ChatModel`` for tests: every request goes to a closure and is recorded.
///
/// ```swift
/// let model = FakeChatModel { request in ChatResponse(content: #"{"entities":[]}"#) }
/// let model = FakeChatModel.gazetteer(gazetteer)   // answers like the scripted server
/// let model = FakeChatModel.replies(["not json", #"{"ok":true}"#])
/// ```
///
/// It makes no spans: LLM spans come from the real client, not from this fake.
public final class FakeChatModel: ChatModel, Sendable {
    public typealias Responder = @Sendable (ChatRequest) async throws -> ChatResponse

    public let descriptor: ModelDescriptor
    private let responder: Responder
    private let recorded = Mutex<[ChatRequest]>([])

    public init(descriptor: ModelDescriptor = ModelDescriptor(provider: "fake", model: "fake-chat"), _ responder: @escaping Responder) {
        self.descriptor = descriptor
        self.responder = responder
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        recorded.withLock { $0.append(request) }
        return try await responder(request)
    }

    /// Every request received, in arrival order.
    public var requests: [ChatRequest] { recorded.withLock { $0 } }

    /// Answers with `contents` in order; throws ``FakeChatModelError/exhausted`` after the last one.
    public static func replies(_ contents: [String], finishReason: String = "stop") -> FakeChatModel {
        let queue = Mutex(contents[...])
        return FakeChatModel { _ in
            guard let next = queue.withLock({ $0.popFirst() }) else { throw FakeChatModelError.exhausted }
            return ChatResponse(content: next, finishReason: finishReason, usage: TokenUsage(prompt: 1, completion: 1))
        }
    }

    /// Answers every request like ``GazetteerScript`` does behind the scripted server: extraction
    /// from the gazetteer entries found in the article, profiles citing `^[article_id]`.
    public static func gazetteer(_ gazetteer: Gazetteer) -> FakeChatModel {
        FakeChatModel { request in try gazetteerReply(to: request, gazetteer: gazetteer) }
    }

    /// The reply ``GazetteerScript`` gives `request` (for composing responders).
    public static func gazetteerReply(to request: ChatRequest, gazetteer: Gazetteer) throws -> ChatResponse {
        var body: [String: JSONValue] = [
            "model": "fake-chat",
            "messages": .array(request.messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] }),
        ]
        if let schema = request.schema {
            body["response_format"] = [
                "type": "json_schema", "json_schema": ["name": .string(schema.name), "schema": schema.schema],
            ]
        }
        let scripted = ScriptedOpenAIServer.Request(method: "POST", path: "/v1/chat/completions", body: .object(body))
        guard case .json(let envelope, let status, _) = GazetteerScript.reply(to: scripted, gazetteer: gazetteer),
            status == 200,
            let choice = envelope["choices"]?.arrayValue?.first,
            let content = choice["message"]?["content"]?.stringValue
        else {
            throw FakeChatModelError.unscripted(schema: request.schema?.name)
        }
        return ChatResponse(content: content, finishReason: "stop", usage: TokenUsage(prompt: 10, completion: 5), model: "fake-chat")
    }
}

/// Why a ``FakeChatModel`` could not answer.
public enum FakeChatModelError: Error, Sendable, Equatable {
    /// ``FakeChatModel/replies(_:finishReason:)`` ran out of replies.
    case exhausted
    /// The gazetteer script has no answer for this schema.
    case unscripted(schema: String?)
    /// A test asked for this failure.
    case injected(String)
}
