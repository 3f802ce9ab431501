import HinboxApp
import HinboxCore
import HinboxLLM
import InMemoryTracing
import Testing
import Tracing

@Suite("OpenAICompatibleClient chat")
struct ChatCompletionTests {
    let schema = ResponseSchema(
        name: "extract_person",
        schema: ["type": "object", "properties": ["name": ["type": "string"]], "required": ["name"]])

    func request(schema: ResponseSchema? = nil) -> ChatRequest {
        ChatRequest(
            messages: [ChatMessage(.system, "Extract people."), ChatMessage(.user, "Carol Rosenberg wrote it.")],
            schema: schema, temperature: 0, maxTokens: 256)
    }

    @Test("Sends model, messages, temperature, max_tokens and a strict json_schema response_format")
    func requestShape() async throws {
        let transport = ScriptedTransport([ScriptedTransport.chat(#"{"name":"Carol Rosenberg"}"#)])
        let reply = try await makeClient(transport).complete(request(schema: schema))
        #expect(reply.content == #"{"name":"Carol Rosenberg"}"#)
        #expect(reply.finishReason == "stop")
        #expect(reply.usage == TokenUsage(prompt: 12, completion: 5))
        #expect(reply.model == "gpt-4o-mini-2024-07-18")

        let sent = try #require(transport.requests.first)
        #expect(sent.url == "https://api.openai.com/v1/chat/completions")
        #expect(sent.headers["Authorization"] == "Bearer \(plantedKey)")
        let body = try #require(transport.bodies.first)
        #expect(body["model"] == "gpt-4o-mini")
        #expect(body["temperature"] == 0)
        #expect(body["max_tokens"] == 256)
        #expect(body["messages"]?.arrayValue?.count == 2)
        #expect(body["messages"]?.arrayValue?.first?["role"] == "system")
        let format = try #require(body["response_format"])
        #expect(format["type"] == "json_schema")
        #expect(format["json_schema"]?["name"] == "extract_person")
        #expect(format["json_schema"]?["strict"] == true)
        #expect(format["json_schema"]?["schema"] == schema.schema)
    }

    @Test("No schema means no response_format")
    func plainRequest() async throws {
        let transport = ScriptedTransport([ScriptedTransport.chat("hello")])
        _ = try await makeClient(transport).complete(request())
        #expect(transport.bodies.first?["response_format"] == nil)
    }

    @Test("A server that rejects json_schema gets json_object plus the schema in the system prompt, from then on")
    func fallbackToJSONObject() async throws {
        let tracer = InMemoryTracer()
        let transport = ScriptedTransport([
            ScriptedTransport.error(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."),
            ScriptedTransport.chat(#"{"name":"Carol"}"#),
            ScriptedTransport.chat(#"{"name":"Ann"}"#),
        ])
        let client = try makeClient(transport)
        try await withTracer(tracer) {
            _ = try await client.complete(request(schema: schema))
            _ = try await client.complete(request(schema: schema))
        }
        let bodies = transport.bodies
        #expect(bodies.count == 3)
        #expect(bodies[0]["response_format"]?["type"] == "json_schema")
        for body in bodies.dropFirst() {
            #expect(body["response_format"] == ["type": "json_object"])
            let system = body["messages"]?.arrayValue?.first?["content"]?.stringValue ?? ""
            #expect(system.hasPrefix("Extract people."))
            #expect(system.contains("\"required\":[\"name\"]"))
        }
        #expect(client.usesJSONObjectFallback)

        let spans = tracer.finishedSpans
        #expect(spans.map(\.operationName) == ["ChatCompletion", "ChatCompletion", "ChatCompletion"])
        #expect(spans[0].status?.code == .error)
        #expect(spans[0].attributes.text("http.response.status_code") == "400")
        #expect(spans[1].status?.code == .ok)
        #expect(spans[1].attributes.text("hinbox.attempt") == "2")
        #expect(spans[1].attributes.text("llm.invocation_parameters")?.contains("json_object") == true)
    }

    @Test("A 500 that mentions json_schema also falls back (llama-cpp-python)")
    func fallbackOn500() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.text(500, "Internal Server Error: json_schema response format unsupported"),
            ScriptedTransport.chat("{}"),
        ])
        _ = try await makeClient(transport).complete(request(schema: schema))
        #expect(transport.bodies.last?["response_format"]?["type"] == "json_object")
    }

    @Test("An LLM span carries model, parameters, messages, tokens, cost and the gen_ai mirror")
    func spanAttributes() async throws {
        let tracer = InMemoryTracer()
        let transport = ScriptedTransport([ScriptedTransport.chat(#"{"name":"Carol"}"#, prompt: 1_000_000, completion: 500_000)])
        let client = try makeClient(transport, prices: ["openai/gpt-4o-mini": ModelPrice(prompt: 0.15, completion: 0.60)])
        _ = try await withTracer(tracer) { try await client.complete(request(schema: schema)) }

        let span = try #require(tracer.finishedSpans.first)
        let a = span.attributes
        #expect(span.operationName == "ChatCompletion")
        #expect(span.kind == .client)
        #expect(a.text("openinference.span.kind") == "LLM")
        #expect(a.text("llm.system") == "openai")
        #expect(a.text("llm.provider") == "openai")
        #expect(a.text("llm.model_name") == "gpt-4o-mini")
        #expect(a.text("llm.invocation_parameters") == #"{"max_tokens":256,"response_format":"json_schema","schema":"extract_person","temperature":0}"#)
        #expect(a.text("llm.input_messages.0.message.role") == "system")
        #expect(a.text("llm.input_messages.1.message.content") == "Carol Rosenberg wrote it.")
        #expect(a.text("llm.output_messages.0.message.role") == "assistant")
        #expect(a.text("llm.output_messages.0.message.content") == #"{"name":"Carol"}"#)
        #expect(a.text("input.mime_type") == "application/json")
        #expect(a.text("input.value")?.contains("Carol Rosenberg wrote it.") == true)
        #expect(a.text("output.value") == #"{"name":"Carol"}"#)
        #expect(a.text("output.mime_type") == "application/json")
        #expect(a.text("llm.finish_reason") == "stop")
        #expect(a.text("llm.token_count.prompt") == "1000000")
        #expect(a.text("llm.token_count.completion") == "500000")
        #expect(a.text("llm.token_count.total") == "1500000")
        #expect(a.text("llm.cost.prompt") == "0.15")
        #expect(a.text("llm.cost.completion") == "0.3")
        #expect(abs((a.get("llm.cost.total").flatMap { if case .double(let v) = $0 { v } else { nil } } ?? 0) - 0.45) < 1e-9)
        #expect(a.text("gen_ai.operation.name") == "chat")
        #expect(a.text("gen_ai.system") == "openai")
        #expect(a.text("gen_ai.provider.name") == "openai")
        #expect(a.text("gen_ai.request.model") == "gpt-4o-mini")
        #expect(a.text("gen_ai.request.temperature") == "0.0")
        #expect(a.text("gen_ai.request.max_tokens") == "256")
        #expect(a.text("gen_ai.response.model") == "gpt-4o-mini-2024-07-18")
        #expect(a.text("gen_ai.response.finish_reasons") == "stop")
        #expect(a.text("gen_ai.usage.input_tokens") == "1000000")
        #expect(a.text("gen_ai.usage.output_tokens") == "500000")
        #expect(a.text("http.response.status_code") == "200")
        #expect(a.text("hinbox.attempt") == "1")
    }

    @Test("Prices match the bare model name too; unpriced models get no cost")
    func priceLookup() async throws {
        let tracer = InMemoryTracer()
        let priced = try makeClient(ScriptedTransport([ScriptedTransport.chat("x")]), prices: ["gpt-4o-mini": ModelPrice(prompt: 1, completion: 1)])
        let unpriced = try makeClient(ScriptedTransport([ScriptedTransport.chat("x")]), prices: ["openai/gpt-4o": ModelPrice(prompt: 1)])
        try await withTracer(tracer) {
            _ = try await priced.complete(request())
            _ = try await unpriced.complete(request())
        }
        #expect(tracer.finishedSpans[0].attributes.text("llm.cost.total") != nil)
        #expect(tracer.finishedSpans[1].attributes.text("llm.cost.total") == nil)
    }

    @Test("Providers are traced by name; Gemini as google", arguments: [
        ("gemini/gemini-2.0-flash", "google"), ("local/smollm2-135m-instruct", "local"), ("ollama/llama3", "ollama"),
    ])
    func providerAttribute(model: String, provider: String) async throws {
        let tracer = InMemoryTracer()
        let route = try ModelRouter(environment: ["GEMINI_API_KEY": "g"]).route(model)
        let client = try makeClient(ScriptedTransport([ScriptedTransport.chat("x")]), route: route)
        _ = try await withTracer(tracer) { try await client.complete(request()) }
        #expect(tracer.finishedSpans.first?.attributes.text("llm.provider") == provider)
        #expect(tracer.finishedSpans.first?.attributes.text("llm.model_name") == route.descriptor.model)
    }

    @Test("A reply that is not a chat completion fails with a hint about the base URL")
    func invalidReply() async throws {
        let client = try makeClient(ScriptedTransport([ScriptedTransport.text(200, "<html>hello</html>")]))
        let error = await #expect(throws: LLMError.self) { try await client.complete(request()) }
        #expect(error?.description.contains("base URL") == true)
    }

    @Test("An error object inside a 200 reply (OpenRouter) is an HTTP error and retried")
    func embeddedError() async throws {
        let sleeps = SleepRecorder()
        let transport = ScriptedTransport([
            ScriptedTransport.json(200, ["error": ["message": "upstream overloaded", "code": 503]]),
            ScriptedTransport.chat("ok"),
        ])
        let reply = try await makeClient(transport, policy: sleeps.policy()).complete(request())
        #expect(reply.content == "ok")
        #expect(transport.requests.count == 2)
    }
}
