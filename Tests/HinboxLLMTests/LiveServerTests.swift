import Foundation
import HinboxApp
import HinboxCore
import HinboxLLM
import HinboxTesting
import InMemoryTracing
import Testing
import Tracing

/// Against a real OpenAI-compatible server, opt-in: `HINBOX_LLM_LIVE_URL=http://127.0.0.1:8080/v1`
/// (models from `HINBOX_LLM_LIVE_CHAT` / `HINBOX_LLM_LIVE_EMBED`, default the embedded pair).
@Suite(
    "Live OpenAI-compatible server", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: ProcessInfo.processInfo.environment["HINBOX_LLM_LIVE_URL"] != nil))
struct LiveServerTests {
    let environment = ProcessInfo.processInfo.environment

    func client(_ http: AsyncHTTPTransport, model: String) throws -> OpenAICompatibleClient {
        let router = ModelRouter(environment: environment, baseURL: environment["HINBOX_LLM_LIVE_URL"])
        return OpenAICompatibleClient(
            route: try router.route(model), transport: http, limiter: ConcurrencyLimiter(limit: 2),
            logger: LogCapture().logger)
    }

    @Test("Chat with a JSON schema, then embeddings, through AsyncHTTPClient")
    func chatAndEmbed() async throws {
        let tracer = InMemoryTracer()
        try await AsyncHTTPTransport.withHTTPClient { http in
            let transport = AsyncHTTPTransport(client: http)
            let chat = try client(transport, model: environment["HINBOX_LLM_LIVE_CHAT"] ?? "smollm2-135m-instruct")
            let schema = ResponseSchema(
                name: "greeting",
                schema: ["type": "object", "properties": ["greeting": ["type": "string", "maxLength": 40]], "required": ["greeting"]])
            let reply = try await withTracer(tracer) {
                try await chat.complete(ChatRequest(
                    messages: [ChatMessage(.user, "Say hello as JSON.")], schema: schema, temperature: 0, maxTokens: 64))
            }
            #expect(JSONValue.parse(reply.content)?["greeting"]?.stringValue != nil)
            let embedder = try client(transport, model: environment["HINBOX_LLM_LIVE_EMBED"] ?? "all-minilm-l6-v2")
            let vectors = try await embedder.embed(["Pentagon", "Department of Defense"])
            #expect(vectors.count == 2)
            #expect(vectors[0].count == vectors[1].count && !vectors[0].isEmpty)
        }
        #expect(tracer.finishedSpans.first?.attributes.text("http.response.status_code") == "200")
    }
}
