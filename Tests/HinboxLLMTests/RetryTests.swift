import HinboxApp
import HinboxCore
import HinboxLLM
import InMemoryTracing
import Testing
import Tracing

@Suite("OpenAICompatibleClient retries and fail-fast")
struct RetryTests {
    let request = ChatRequest(messages: [ChatMessage(.user, "hi")], temperature: 0, maxTokens: 16)

    @Test("429 honours Retry-After, 503 backs off, then success; one span per attempt")
    func retriesThenSucceeds() async throws {
        let tracer = InMemoryTracer()
        let sleeps = SleepRecorder()
        let transport = ScriptedTransport([
            ScriptedTransport.error(429, "Rate limit reached", headers: ["Retry-After": "7"]),
            ScriptedTransport.error(503, "overloaded"),
            ScriptedTransport.chat("done"),
        ])
        let client = try makeClient(transport, policy: sleeps.policy())
        let reply = try await withTracer(tracer) { try await client.complete(request) }

        #expect(reply.content == "done")
        #expect(transport.requests.count == 3)
        #expect(sleeps.all == [.seconds(7), .seconds(1)])  // Retry-After, then 0.5 s × 2 (second failure)
        let spans = tracer.finishedSpans
        #expect(spans.map(\.operationName) == Array(repeating: "ChatCompletion", count: 3))
        #expect(spans.map { $0.attributes.text("hinbox.attempt") } == ["1", "2", "3"])
        #expect(spans.map { $0.attributes.text("http.response.status_code") } == ["429", "503", "200"])
        #expect(spans.map { $0.status?.code } == [.error, .error, .ok])
        #expect(spans[0].errors.count == 1)
    }

    @Test("Retries stop after maxAttempts with the last error")
    func givesUp() async throws {
        let sleeps = SleepRecorder()
        let transport = ScriptedTransport([], otherwise: ScriptedTransport.error(502, "bad gateway"))
        let client = try makeClient(transport, policy: sleeps.policy())
        let error = await #expect(throws: LLMError.self) { try await client.complete(request) }
        #expect(transport.requests.count == 4)
        #expect(sleeps.all == [.milliseconds(500), .seconds(1), .seconds(2)])
        #expect(error?.httpStatus == 502)
        #expect(error?.description.contains("bad gateway") == true)
        #expect(error?.description.contains("4 attempts") == true)
    }

    @Test("Back-off is capped and jittered within 50–100 %")
    func backoffShape() {
        var policy = RetryPolicy.default
        policy.jitter = false
        #expect(policy.delay(afterFailure: 1) == .milliseconds(500))
        #expect(policy.delay(afterFailure: 10) == .seconds(20))
        #expect(policy.delay(afterFailure: 1, retryAfter: .seconds(600)) == .seconds(60))
        policy.jitter = true
        policy.random = { $0.lowerBound }
        #expect(policy.delay(afterFailure: 2) == .milliseconds(500))
    }

    @Test("Timeouts are retried")
    func timeoutRetried() async throws {
        let transport = ScriptedTransport([ScriptedTransport.timedOut, ScriptedTransport.chat("ok")])
        let reply = try await makeClient(transport, policy: SleepRecorder().policy()).complete(request)
        #expect(reply.content == "ok")
    }

    @Test("400 fails at once with the server's message", arguments: [400, 422])
    func noRetryOnClientError(status: Int) async throws {
        let tracer = InMemoryTracer()
        let transport = ScriptedTransport([ScriptedTransport.error(status, "max_tokens is too large: 999999")])
        let client = try makeClient(transport, policy: SleepRecorder().policy())
        let error = await withTracer(tracer) {
            await #expect(throws: LLMError.self) { try await client.complete(request) }
        }
        #expect(transport.requests.count == 1)
        #expect(error?.isRetryable == false)
        #expect(error?.httpStatus == status)
        #expect(error?.description.contains("max_tokens is too large") == true)
        #expect(tracer.finishedSpans.count == 1)
        #expect(tracer.finishedSpans.first?.status?.code == .error)
    }

    @Test("401 says which variable to check; 404 says to check the model name")
    func actionableErrors() async throws {
        let unauthorized = try makeClient(ScriptedTransport([ScriptedTransport.error(401, "Incorrect API key provided")]))
        let e401 = await #expect(throws: LLMError.self) { try await unauthorized.complete(request) }
        #expect(e401?.description.contains("check OPENAI_API_KEY") == true)
        let missing = try makeClient(ScriptedTransport([ScriptedTransport.error(404, "The model `gpt-9` does not exist")]))
        let e404 = await #expect(throws: LLMError.self) { try await missing.complete(request) }
        #expect(e404?.description.contains("check the model name 'gpt-4o-mini'") == true)
    }

    @Test("An unreachable server fails a call after 2 attempts, then the circuit opens for later calls")
    func circuitBreaker() async throws {
        let tracer = InMemoryTracer()
        let clock = ManualClock()
        var policy = SleepRecorder().policy()
        policy.now = { clock.now }
        let transport = ScriptedTransport([], otherwise: ScriptedTransport.refused)
        let route = try ModelRouter(environment: [:]).route("local/smollm2-135m-instruct")
        let client = try makeClient(transport, route: route, policy: policy)

        let first = await withTracer(tracer) { await #expect(throws: LLMError.self) { try await client.complete(request) } }
        #expect(transport.requests.count == 2)
        #expect(first?.isUnreachable == true)
        #expect(first?.description.hasPrefix("Cannot reach http://127.0.0.1:8080/v1") == true)
        #expect(first?.description.contains("is the server running?") == true)
        #expect(tracer.finishedSpans.count == 2)

        _ = await #expect(throws: LLMError.self) { try await client.complete(request) }
        #expect(transport.requests.count == 3)  // third consecutive failure opens the circuit
        let fast = await #expect(throws: LLMError.self) { try await client.complete(request) }
        #expect(transport.requests.count == 3)  // failed without touching the network
        #expect(fast?.description == first?.description)

        clock.advance(.seconds(31))  // cooldown over: one probe goes through
        _ = await #expect(throws: LLMError.self) { try await client.complete(request) }
        #expect(transport.requests.count == 4)
    }

    @Test("Any answer from the server resets the circuit breaker")
    func breakerResets() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.refused, ScriptedTransport.refused,  // call 1: 2 failures in a row
            ScriptedTransport.chat("up"),  // call 2: an answer resets the count
            ScriptedTransport.refused, ScriptedTransport.refused,  // call 3: 2 more, circuit still closed
            ScriptedTransport.chat("again"),  // call 4 reaches the server
        ])
        let client = try makeClient(transport, policy: SleepRecorder().policy())
        _ = await #expect(throws: LLMError.self) { try await client.complete(request) }
        #expect(try await client.complete(request).content == "up")
        _ = await #expect(throws: LLMError.self) { try await client.complete(request) }
        #expect(try await client.complete(request).content == "again")
    }
}
