public import AsyncHTTPClient
public import HinboxCore
public import Logging
import Synchronization

/// A chat model and embedder for any OpenAI-compatible server (OpenAI, OpenRouter, Gemini's
/// OpenAI endpoint, Ollama, llama-server, vLLM, LM Studio…).
///
/// - Chat: `POST {base}/chat/completions`, with `response_format: json_schema` when the request
///   has a schema; a server that rejects it is asked for `json_object` from then on.
/// - Embeddings: `POST {base}/embeddings` in batches of at most 64 inputs, in input order.
/// - Every HTTP attempt is its own span (`ChatCompletion` LLM / `CreateEmbeddings` EMBEDDING).
/// - Every attempt takes a permit from the shared ``ConcurrencyLimiter``, ranked by the task's
///   ``RequestOrder/rank`` (the pipeline serves older articles first); failures are retried
///   per ``RetryPolicy``; a server that cannot be reached fails calls fast (circuit breaker).
/// - The API key is sent as `Authorization: Bearer …` and never logged, traced or echoed.
///
/// ```swift
/// let route = try ModelRouter(access: configuration.modelAccess).route("openai/gpt-4o-mini")
/// let chat = OpenAICompatibleClient(route: route, httpClient: http, limiter: limiter,
///                                   prices: config.prices, logger: logger)
/// let reply = try await chat.complete(ChatRequest(messages: [.init(.user, "Hi")]))
/// ```
public final class OpenAICompatibleClient: ChatModel, Embedder {
    /// Where requests go.
    public let route: ProviderRoute
    let transport: any HTTPTransport
    let limiter: ConcurrencyLimiter
    let retryPolicy: RetryPolicy
    let requestTimeout: Duration
    let embeddingBatchSize: Int
    /// The price of `route`'s model, if the table has it.
    let price: ModelPrice?
    let logger: Logger
    let breaker: CircuitBreaker
    /// Replies kept on disk; nil: every call goes to the server.
    let cache: ReplyCache?
    private let jsonObjectFallback = Mutex(false)

    /// The provider and model.
    public var descriptor: ModelDescriptor { route.descriptor }

    /// Creates a client on any transport (tests use a scripted one).
    /// - Parameters:
    ///   - route: From ``ModelRouter``.
    ///   - transport: Sends the HTTP requests.
    ///   - limiter: The run's one global limit on concurrent LLM + embedding requests.
    ///   - retryPolicy: Retries, back-off and fail-fast settings.
    ///   - requestTimeout: The deadline of one HTTP attempt.
    ///   - prices: USD per 1M tokens by `provider/model` (or bare model name).
    ///   - embeddingBatchSize: Inputs per embeddings request (at most 64 is sensible).
    ///   - cache: Replies kept on disk (``ReplyCache``); nil for none.
    ///   - logger: Receives retries and fallbacks (never headers or keys).
    public init(
        route: ProviderRoute,
        transport: any HTTPTransport,
        limiter: ConcurrencyLimiter,
        retryPolicy: RetryPolicy = .default,
        requestTimeout: Duration = .seconds(120),
        prices: [String: ModelPrice] = [:],
        embeddingBatchSize: Int = 64,
        cache: ReplyCache? = nil,
        logger: Logger
    ) {
        self.route = route
        self.transport = transport
        self.limiter = limiter
        self.retryPolicy = retryPolicy
        self.requestTimeout = requestTimeout
        self.embeddingBatchSize = max(1, embeddingBatchSize)
        self.price = prices[route.descriptor.description] ?? prices[route.descriptor.model]
        var logger = logger
        logger[metadataKey: "model"] = "\(route.descriptor)"
        self.logger = logger
        self.breaker = CircuitBreaker(policy: retryPolicy)
        self.cache = cache
    }

    /// Creates a client on a shared AsyncHTTPClient (configure it with
    /// ``AsyncHTTPTransport/makeClientConfiguration(connectTimeout:)``).
    public convenience init(
        route: ProviderRoute,
        httpClient: HTTPClient,
        limiter: ConcurrencyLimiter,
        retryPolicy: RetryPolicy = .default,
        requestTimeout: Duration = .seconds(120),
        prices: [String: ModelPrice] = [:],
        cache: ReplyCache? = nil,
        logger: Logger
    ) {
        self.init(
            route: route, transport: AsyncHTTPTransport(client: httpClient), limiter: limiter,
            retryPolicy: retryPolicy, requestTimeout: requestTimeout, prices: prices, cache: cache, logger: logger)
    }

    /// Whether this client sends `json_object` (plus the schema as text) instead of `json_schema`,
    /// because the server rejected `json_schema` once.
    public var usesJSONObjectFallback: Bool { jsonObjectFallback.withLock { $0 } }

    /// Switches to `json_object`; returns whether this call made the switch.
    func enableJSONObjectFallback() -> Bool {
        jsonObjectFallback.withLock { enabled in
            defer { enabled = true }
            return !enabled
        }
    }
}
