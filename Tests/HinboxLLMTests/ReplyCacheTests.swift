import Foundation
import HinboxApp
import HinboxCore
import HinboxLLM
import HinboxTesting
import InMemoryTracing
import Testing
import Tracing

/// Replies kept on disk: a repeated request is answered without a call, in a span marked as a
/// cache hit with no cost; a changed request, a transient fault or `nil` cache calls the server.
@Suite("Reply cache")
struct ReplyCacheTests {
    static func temporaryCache(maxBytes: Int64 = 1 << 30) -> ReplyCache {
        ReplyCache(directory: FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-replies-\(UUID().uuidString)").path,
                   maxBytes: maxBytes)
    }

    let request = ChatRequest(messages: [ChatMessage(.user, "hi")], schema: ResponseSchema(name: "s", schema: ["type": "object"]),
                              temperature: 0, maxTokens: 16)

    @Test("The same request twice: one call; the second is a cache-hit LLM span without cost")
    func hit() async throws {
        let cache = Self.temporaryCache()
        defer { _ = try? cache.clear() }
        let transport = ScriptedTransport([ScriptedTransport.chat(#"{"ok": true}"#)])
        let client = OpenAICompatibleClient(
            route: try openAIRoute(), transport: transport, limiter: ConcurrencyLimiter(limit: 2), retryPolicy: SleepRecorder().policy(),
            prices: ["openai/gpt-4o-mini": ModelPrice(prompt: 1, completion: 1)], cache: cache, logger: LogCapture().logger)
        let tracer = InMemoryTracer()
        let first = try await withTracer(tracer) { try await client.complete(request) }
        let second = try await withTracer(tracer) { try await client.complete(request) }
        #expect(transport.requests.count == 1)
        #expect(first.content == second.content && !first.fromCache && second.fromCache)
        let spans = tracer.finishedSpans
        #expect(spans.count == 2)
        #expect(spans[1].attributes.text("hinbox.cache.hit") == "true")
        #expect(spans[1].attributes.text("llm.cost.total") == nil, "a cached reply costs nothing")
        #expect(spans[0].attributes.text("llm.cost.total") != nil)
        #expect(spans[1].attributes.text("llm.output_messages.0.message.content") == #"{"ok": true}"#)
        #expect(cache.stats().replies == 1)
    }

    @Test("A changed parameter, message or model is another request")
    func keyCoversTheRequest() async throws {
        let cache = Self.temporaryCache()
        defer { _ = try? cache.clear() }
        let transport = ScriptedTransport([], otherwise: ScriptedTransport.chat(#"{"ok": true}"#))
        let client = try makeClient(transport, policy: SleepRecorder().policy())
        let cached = OpenAICompatibleClient(
            route: client.route, transport: transport, limiter: ConcurrencyLimiter(limit: 2), cache: cache, logger: LogCapture().logger)
        var hotter = request
        hotter.temperature = 0.7
        var other = request
        other.messages = [ChatMessage(.user, "hello")]
        for next in [request, hotter, other, request, hotter, other] { _ = try await cached.complete(next) }
        #expect(transport.requests.count == 3)
        let otherModel = OpenAICompatibleClient(
            route: try ModelRouter(environment: ["OPENAI_API_KEY": "k"]).route("openai/gpt-4o"), transport: transport,
            limiter: ConcurrencyLimiter(limit: 2), cache: cache, logger: LogCapture().logger)
        _ = try await otherModel.complete(request)
        #expect(transport.requests.count == 4)
    }

    @Test("A transient fault is never cached; embeddings are cached like chat")
    func faultsNotCachedEmbeddingsCached() async throws {
        let cache = Self.temporaryCache()
        defer { _ = try? cache.clear() }
        let transport = ScriptedTransport([
            ScriptedTransport.json(200, ["object": "chat.completion", "choices": []]), ScriptedTransport.chat(#"{"ok": 1}"#),
            ScriptedTransport.embeddings,
        ])
        let client = OpenAICompatibleClient(
            route: try openAIRoute(), transport: transport, limiter: ConcurrencyLimiter(limit: 2), retryPolicy: SleepRecorder().policy(),
            cache: cache, logger: LogCapture().logger)
        #expect(try await client.complete(request).content == #"{"ok": 1}"#)
        #expect(try await client.complete(request).content == #"{"ok": 1}"#)
        let vectors = try await client.embed(["text-1", "text-2"])
        #expect(try await client.embed(["text-1", "text-2"]) == vectors)
        #expect(transport.requests.count == 3, "one fault, one reply, one embeddings call")
    }

    @Test("Eviction keeps the most recently used replies within the bound; clear empties the cache")
    func eviction() async throws {
        let cache = Self.temporaryCache(maxBytes: 600)
        defer { _ = try? cache.clear() }
        let transport = ScriptedTransport([], otherwise: ScriptedTransport.chat(#"{"ok": true}"#))
        let client = OpenAICompatibleClient(
            route: try openAIRoute(), transport: transport, limiter: ConcurrencyLimiter(limit: 2), cache: cache, logger: LogCapture().logger)
        for index in 0..<6 {
            _ = try await client.complete(ChatRequest(messages: [ChatMessage(.user, "question \(index)")], maxTokens: 16))
        }
        let before = cache.stats()
        #expect(before.replies == 6 && before.bytes > 600)
        let removed = cache.evict()
        let after = cache.stats()
        #expect(removed > 0 && after.bytes <= 600 && after.replies == 6 - removed)
        #expect(try cache.clear() == after.replies)
        #expect(cache.stats().replies == 0)
    }
}
