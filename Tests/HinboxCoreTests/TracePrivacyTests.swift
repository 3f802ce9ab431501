import HinboxTracing
import InMemoryTracing
import Testing
import Tracing

@Suite("OpenInference masking switches")
struct TracePrivacyTests {
    @Test("OPENINFERENCE_HIDE_* flags are read from the environment")
    func environment() {
        let privacy = TracePrivacy(environment: [
            "OPENINFERENCE_HIDE_INPUTS": "true", "OPENINFERENCE_HIDE_OUTPUT_MESSAGES": "1",
            "OPENINFERENCE_HIDE_EMBEDDING_VECTORS": "TRUE", "OPENINFERENCE_HIDE_LLM_INVOCATION_PARAMETERS": "yes",
            "OPENINFERENCE_HIDE_OUTPUTS": "false",
        ])
        #expect(privacy.hideInputs && privacy.hideOutputMessages && privacy.hideEmbeddingVectors && privacy.hideInvocationParameters)
        #expect(!privacy.hideOutputs && !privacy.hideInputMessages && !privacy.hideOutputText)
    }

    @Test("Hidden values are redacted on spans; visible ones and the session id stay")
    func redaction() async throws {
        var privacy = TracePrivacy()
        privacy.hideInputs = true
        privacy.hideOutputMessages = true
        privacy.hideEmbeddingVectors = true
        privacy.hideInvocationParameters = true
        let tracer = InMemoryTracer()
        await withTracer(tracer) {
            await withTraceSettings(TraceSettings(sessionID: "session-1", privacy: privacy)) {
                await withOpenInferenceSpan("ChatCompletion", kind: .llm) { span in
                    span.setInput("secret prompt")
                    span.setOutput("visible output")
                    span.setInputMessages([(role: "user", content: "secret prompt")])
                    span.setOutputMessages([(role: "assistant", content: "hidden reply")])
                    span.setInvocationParameters(#"{"temperature":0}"#)
                    span.setEmbeddings(texts: ["some text"], vectors: [[0.6, 0.8]])
                }
            }
        }
        let span = try #require(tracer.finishedSpans.first)
        func value(_ key: String) -> String? {
            if case .string(let text)? = span.attributes.get(key) { return text }
            return nil
        }
        #expect(value("input.value") == TracePrivacy.redacted)
        #expect(value("output.value") == "visible output")
        #expect(value("llm.input_messages.0.message.content") == TracePrivacy.redacted)
        #expect(value("llm.output_messages.0.message.content") == TracePrivacy.redacted)
        #expect(value("llm.output_messages.0.message.role") == "assistant")
        #expect(span.attributes["llm.invocation_parameters"] == nil)
        #expect(span.attributes["embedding.embeddings.0.embedding.vector"] == nil)
        #expect(value("embedding.embeddings.0.embedding.text") == TracePrivacy.redacted)
        #expect(value("session.id") == "session-1")
        #expect(value("openinference.span.kind") == "LLM")
    }
}
