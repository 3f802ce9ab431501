import Foundation
import HinboxCore
import HinboxLLM
import Testing

/// A busy provider's broken replies are attempts that failed, retried with the transport faults'
/// back-off and budget; a server that is not OpenAI-compatible is told apart and not retried.
@Suite("OpenAICompatibleClient: transient reply faults")
struct ReplyFaultTests {
    let structured = ChatRequest(
        messages: [ChatMessage(.user, "hi")], schema: ResponseSchema(name: "s", schema: ["type": "object"]), maxTokens: 16)
    let plain = ChatRequest(messages: [ChatMessage(.user, "hi")], maxTokens: 16)

    static let emptyChoices = ScriptedTransport.json(200, ["object": "chat.completion", "choices": []])
    static let noContent = ScriptedTransport.json(200, [
        "object": "chat.completion", "choices": [["index": 0, "message": ["role": "assistant"], "finish_reason": "stop"]],
    ])

    @Test("Each transient reply fault is retried, then the good reply is used", arguments: [
        ("empty choices", emptyChoices),
        ("no message content", noContent),
        ("body cut off", ScriptedTransport.text(200, #"{"choices":[{"message":{"content":"{\"a\""#)),
        ("empty body", ScriptedTransport.text(200, "")),
        ("content not JSON", ScriptedTransport.chat(#"{"entities": [ {"name": "#)),
        ("cut off at max_tokens", ScriptedTransport.chat(#"{"entities": ["#, finish: "length")),
    ] as [(String, ScriptedTransport.Step)])
    func retried(fault: String, step: @escaping ScriptedTransport.Step) async throws {
        let sleeps = SleepRecorder()
        let transport = ScriptedTransport([step, ScriptedTransport.chat(#"{"ok": true}"#)])
        let reply = try await makeClient(transport, policy: sleeps.policy()).complete(structured)
        #expect(reply.content == #"{"ok": true}"#, "\(fault)")
        #expect(transport.requests.count == 2, "\(fault)")
        #expect(sleeps.all == [.milliseconds(500)], "\(fault): the transport faults' back-off")
    }

    @Test("A provider that keeps returning no choices: the error names that cause and the attempts, not the base URL")
    func givesUpWithTheRealCause() async throws {
        let transport = ScriptedTransport([], otherwise: Self.emptyChoices)
        let client = try makeClient(transport, policy: SleepRecorder().policy())
        let error = await #expect(throws: LLMError.self) { try await client.complete(structured) }
        #expect(transport.requests.count == RetryPolicy.default.maxAttempts)
        #expect(error?.description.contains("the provider returned no choices") == true, "\(String(describing: error))")
        #expect(error?.description.contains("gave up after 4 attempts") == true)
        #expect(error?.description.contains("base URL") == false)
        #expect(error?.isRetryable == true, "the pipeline may try the step again")
    }

    @Test("Free text may be anything: an unstructured call does not check its content for JSON")
    func plainTextIsNotChecked() async throws {
        let transport = ScriptedTransport([ScriptedTransport.chat("not JSON at all")])
        let reply = try await makeClient(transport, policy: SleepRecorder().policy()).complete(plain)
        #expect(reply.content == "not JSON at all")
        #expect(transport.requests.count == 1)
    }

    @Test("A server that is not OpenAI-compatible (HTML, or JSON of another shape) fails at once with the base-URL hint",
          arguments: ["<html><body>Welcome to nginx</body></html>", #"{"status": "ok", "version": "1.2"}"#])
    func notCompatible(body: String) async throws {
        let transport = ScriptedTransport([], otherwise: ScriptedTransport.text(200, body))
        let error = await #expect(throws: LLMError.self) {
            try await makeClient(transport, policy: SleepRecorder().policy()).complete(structured)
        }
        #expect(transport.requests.count == 1)
        #expect(error?.description.contains("base URL") == true)
        #expect(error?.isRetryable == false)
    }

    @Test("A refusal is the model's answer: not retried")
    func refusalNotRetried() async throws {
        let transport = ScriptedTransport([], otherwise: ScriptedTransport.json(200, [
            "choices": [["index": 0, "message": ["role": "assistant", "refusal": "I can't help with that"], "finish_reason": "stop"]],
        ]))
        let error = await #expect(throws: LLMError.self) {
            try await makeClient(transport, policy: SleepRecorder().policy()).complete(structured)
        }
        #expect(transport.requests.count == 1)
        #expect(error?.description.contains("refused") == true)
    }

    @Test("Embeddings: an empty list, a cut-off body and an empty body are retried",
          arguments: [
            ScriptedTransport.json(200, ["object": "list", "data": []]),
            ScriptedTransport.text(200, #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.01,"#),
            ScriptedTransport.text(200, ""),
          ] as [ScriptedTransport.Step])
    func embeddingsRetried(step: @escaping ScriptedTransport.Step) async throws {
        let transport = ScriptedTransport([step, ScriptedTransport.embeddings])
        let client = try makeClient(transport, policy: SleepRecorder().policy())
        let vectors = try await client.embed(["text-1", "text-2"])
        #expect(vectors.count == 2)
        #expect(transport.requests.count == 2)
    }
}
