/// Which server and model a client talks to, e.g. provider `openai`, model `gpt-4o-mini`.
public struct ModelDescriptor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `openai`, `openrouter`, `gemini`, `ollama`, `local` or `custom`.
    public var provider: String
    /// The model name sent to the server.
    public var model: String

    public init(provider: String, model: String) {
        self.provider = provider
        self.model = model
    }

    /// `provider/model`.
    public var description: String { "\(provider)/\(model)" }
}

/// One chat message.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Codable { case system, user, assistant }
    public var role: Role
    public var content: String

    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }
}

/// The JSON schema a reply must follow (`response_format: json_schema`).
public struct ResponseSchema: Sendable, Hashable, Codable {
    /// A short identifier (`extract_person`, `profile_create`, `match_check`…).
    public var name: String
    public var schema: JSONValue

    public init(name: String, schema: JSONValue) {
        self.name = name
        self.schema = schema
    }
}

/// A chat completion request.
public struct ChatRequest: Sendable, Codable {
    public var messages: [ChatMessage]
    public var schema: ResponseSchema?
    public var temperature: Double?
    public var maxTokens: Int?

    public init(messages: [ChatMessage], schema: ResponseSchema? = nil, temperature: Double? = nil, maxTokens: Int? = nil) {
        self.messages = messages
        self.schema = schema
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}

/// Token counts a server reported.
public struct TokenUsage: Sendable, Hashable, Codable {
    public var prompt: Int
    public var completion: Int
    public var total: Int { prompt + completion }

    public init(prompt: Int, completion: Int) {
        self.prompt = prompt
        self.completion = completion
    }
}

/// A chat completion reply.
public struct ChatResponse: Sendable, Codable {
    public var content: String
    public var finishReason: String?
    public var usage: TokenUsage?
    /// The model the server says answered.
    public var model: String?
    /// Whether the reply came from the reply cache (no call was made, nothing was paid).
    public var fromCache = false

    public init(content: String, finishReason: String? = nil, usage: TokenUsage? = nil, model: String? = nil, fromCache: Bool = false) {
        self.content = content
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
        self.fromCache = fromCache
    }
}

/// The seam to a chat model. The live side is an OpenAI-compatible HTTP client (HinboxLLM).
///
/// Implementations make one LLM span per HTTP attempt, retry transport faults themselves, and
/// throw when the call cannot succeed. Reply parsing and schema repair happen above, in
/// ``StructuredChat``.
public protocol ChatModel: Sendable {
    var descriptor: ModelDescriptor { get }
    func complete(_ request: ChatRequest) async throws -> ChatResponse
}
