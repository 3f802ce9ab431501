import HinboxApp
import HinboxCore
import HinboxLLM
import InMemoryTracing
import Testing
import Tracing

@Suite("OpenAICompatibleClient embeddings")
struct EmbeddingTests {
    @Test("Batches of at most 64 inputs, vectors returned in input order")
    func batchingAndOrder() async throws {
        let tracer = InMemoryTracer()
        let texts = (0..<150).map { "text \($0)" }
        let transport = ScriptedTransport([], otherwise: ScriptedTransport.embeddings)
        let client = try makeClient(transport, route: ModelRouter(environment: ["OPENAI_API_KEY": plantedKey]).route("openai/text-embedding-3-small"))
        let vectors = try await withTracer(tracer) { try await client.embed(texts) }

        #expect(vectors.count == 150)
        #expect(vectors.map { Int($0[0]) } == Array(0..<150))
        let sizes = transport.bodies.map { $0["input"]?.arrayValue?.count ?? 0 }.sorted()
        #expect(sizes == [22, 64, 64])
        #expect(transport.requests.allSatisfy { $0.url == "https://api.openai.com/v1/embeddings" })
        #expect(transport.bodies.allSatisfy { $0["model"] == "text-embedding-3-small" })
        #expect(tracer.finishedSpans.count == 3)
        #expect(tracer.finishedSpans.allSatisfy { $0.operationName == "CreateEmbeddings" })
    }

    @Test("An EMBEDDING span carries the model, texts, vectors, tokens and gen_ai mirror")
    func spanAttributes() async throws {
        let tracer = InMemoryTracer()
        let route = try ModelRouter(environment: [:]).route("local/all-minilm-l6-v2")
        let client = try makeClient(
            ScriptedTransport([ScriptedTransport.embeddings]), route: route,
            prices: ["local/all-minilm-l6-v2": ModelPrice(prompt: 0)])
        _ = try await withTracer(tracer) { try await client.embed(["text 7", "text 8"]) }
        let span = try #require(tracer.finishedSpans.first)
        let a = span.attributes
        #expect(span.kind == .client)
        #expect(a.text("openinference.span.kind") == "EMBEDDING")
        #expect(a.text("embedding.model_name") == "all-minilm-l6-v2")
        #expect(a.text("embedding.embeddings.0.embedding.text") == "text 7")
        #expect(a.text("embedding.embeddings.1.embedding.text") == "text 8")
        #expect(a.get("embedding.embeddings.0.embedding.vector") == .doubleArray([7, 6]))
        #expect(a.text("llm.token_count.prompt") == "4")
        #expect(a.text("gen_ai.operation.name") == "embeddings")
        #expect(a.text("gen_ai.request.model") == "all-minilm-l6-v2")
        #expect(a.text("gen_ai.usage.input_tokens") == "4")
        #expect(a.text("gen_ai.provider.name") == "local")
        #expect(a.text("llm.cost.total") == "0.0")
        #expect(a.text("hinbox.attempt") == "1")
    }

    @Test("No input, no request")
    func emptyInput() async throws {
        let transport = ScriptedTransport([])
        #expect(try await makeClient(transport).embed([]).isEmpty)
        #expect(transport.requests.isEmpty)
    }

    @Test("A reply with the wrong number of vectors is an error")
    func countMismatch() async throws {
        let transport = ScriptedTransport([ScriptedTransport.json(200, ["data": [["index": 0, "embedding": [1, 2]]]])])
        let error = await #expect(throws: LLMError.self) { try await makeClient(transport).embed(["a", "b"]) }
        #expect(error?.description.contains("asked for 2 embeddings, got 1") == true)
    }

    @Test("Embedding calls retry like chat calls, one span per attempt")
    func retries() async throws {
        let tracer = InMemoryTracer()
        let transport = ScriptedTransport([ScriptedTransport.error(503, "loading model"), ScriptedTransport.embeddings])
        let client = try makeClient(transport, policy: SleepRecorder().policy())
        let vectors = try await withTracer(tracer) { try await client.embed(["text 1"]) }
        #expect(vectors == [[1, 6]])
        #expect(tracer.finishedSpans.map { $0.attributes.text("http.response.status_code") } == ["503", "200"])
    }
}
