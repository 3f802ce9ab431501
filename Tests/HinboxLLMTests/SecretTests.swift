import Foundation
import HinboxCore
import HinboxLLM
import HinboxTesting
import InMemoryTracing
import Testing
import Tracing

@Suite("API keys never leak")
struct SecretTests {
    let request = ChatRequest(messages: [ChatMessage(.user, "hi")], schema: ResponseSchema(name: "s", schema: ["type": "object"]))

    /// Every failure mode, with the planted key echoed back by the server where it can be.
    @Test("The planted key appears in no span attribute, event, error text or log line")
    func plantedKeyNeverLeaks() async throws {
        let tracer = InMemoryTracer()
        let logs = LogCapture()
        let echo: ScriptedTransport.Step = { request in
            let auth = request.headers["Authorization"] ?? ""
            return TransportResponse(status: 401, body: Data(#"{"error":{"message":"Incorrect API key provided: \#(auth)"}}"#.utf8))
        }
        let steps: [ScriptedTransport.Step] = [
            ScriptedTransport.error(429, "slow down \(plantedKey)", headers: ["retry-after": "1"]),
            ScriptedTransport.error(400, "response_format json_schema unsupported for key \(plantedKey)"),
            ScriptedTransport.chat(#"{"ok": true}"#),
            echo,
            ScriptedTransport.text(500, "crash dump: Authorization: Bearer \(plantedKey)\nmore"),
            ScriptedTransport.text(200, "<html>\(plantedKey)</html>"),
            { _ in throw TransportError.connectionLost("reset while sending \(plantedKey)") },
            ScriptedTransport.refused,
        ]
        let transport = ScriptedTransport(steps)
        var policy = SleepRecorder().policy()
        policy.maxAttempts = 2
        let client = try makeClient(transport, policy: policy, logs: logs)
        var errors: [String] = []
        await withTracer(tracer) {
            for _ in 0..<4 {
                do { _ = try await client.complete(request) } catch { errors.append("\(error)"); errors.append(String(reflecting: error)) }
            }
        }
        #expect(transport.requests.count == 8)
        #expect(transport.requests.allSatisfy { $0.headers["Authorization"] == "Bearer \(plantedKey)" })
        #expect(errors.count == 6)  // calls 2–4 fail; call 1 retries, falls back and succeeds
        #expect(!logs.lines.isEmpty)

        var texts = errors + logs.lines
        for span in tracer.finishedSpans {
            texts += span.attributes.allText
            texts += span.events.map { "\($0.name) \($0.attributes)" }
            texts += span.errors.map { "\($0.error)" }
        }
        let leaks = texts.filter { $0.contains("PLANTED") }
        #expect(leaks.isEmpty, "key leaked: \(leaks)")
        #expect(errors.contains { $0.contains("[REDACTED]") })
    }
}
