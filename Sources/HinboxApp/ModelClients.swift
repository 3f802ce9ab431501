import AsyncHTTPClient
import Foundation
import HinboxCore
public import HinboxLLM
public import Logging

/// The chat model and embedder a run uses, on one shared HTTP client and one global limit on
/// concurrent requests. Call ``shutdown()`` when done.
public final class ModelClients: Sendable {
    public let chat: OpenAICompatibleClient
    public let embedder: OpenAICompatibleClient
    /// The reply cache both clients share, unless it is off.
    public let cache: ReplyCache?
    private let httpClient: HTTPClient

    public init(configuration: AppConfiguration, logger: Logger) throws {
        let router = ModelRouter(access: configuration.modelAccess)
        let chatRoute = try router.route(configuration.model)
        let embeddingRoute = try router.route(configuration.embeddingModel)
        var httpConfiguration = AsyncHTTPTransport.makeClientConfiguration()
        // The pool's per-host limit must not cap the global limit on concurrent LLM calls.
        httpConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, configuration.llmConcurrency)
        httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        let limiter = ConcurrencyLimiter(limit: configuration.llmConcurrency)
        let timeout = Duration.milliseconds(Int64(configuration.settings.requestTimeoutSeconds * 1000))
        var retry = RetryPolicy.default
        if let attempts = configuration.maxAttempts { retry.maxAttempts = attempts }
        cache = configuration.usesReplyCache ? Self.replyCache(configuration) : nil
        chat = OpenAICompatibleClient(
            route: chatRoute, httpClient: httpClient, limiter: limiter, retryPolicy: retry, requestTimeout: timeout,
            prices: configuration.settings.prices, cache: cache, logger: logger)
        embedder = OpenAICompatibleClient(
            route: embeddingRoute, httpClient: httpClient, limiter: limiter, retryPolicy: retry, requestTimeout: timeout,
            prices: configuration.settings.prices, cache: cache, logger: logger)
    }

    /// The configured reply cache (whether or not the run uses it: `hinbox cache` reads it).
    public static func replyCache(_ configuration: AppConfiguration) -> ReplyCache {
        ReplyCache(directory: configuration.replyCacheDirectory, maxBytes: Int64(configuration.settings.replyCacheMB) << 20)
    }

    /// Closes the HTTP client and trims the reply cache to its bound.
    public func shutdown() async throws {
        cache?.evict()
        try await httpClient.shutdown()
    }
}
