import Foundation
public import Tracing

/// Runs `body` in a span of an OpenInference kind.
///
/// The span gets `openinference.span.kind`, the run's `session.id` (from ``TraceSettings`` in the
/// task-local context) and its code location; it ends with status OK, or ERROR with an
/// `exception` event when `body` throws. LLM and embedding spans are client spans.
///
/// ```swift
/// try await withOpenInferenceSpan("extract.person", kind: .chain) { span in
///     span.setInput(article.id)
///     …
/// }
/// ```
public func withOpenInferenceSpan<T>(
    _ name: String,
    kind: OpenInferenceSpanKind,
    isolation: isolated (any Actor)? = #isolation,
    function: String = #function,
    file: String = #filePath,
    line: UInt = #line,
    _ body: (any Span) async throws -> T
) async rethrows -> T {
    let spanKind: SpanKind = (kind == .llm || kind == .embedding) ? .client : .internal
    return try await withSpan(name, ofKind: spanKind, isolation: isolation, function: function, line: line) { span in
        span.updateAttributes { attributes in
            attributes.openInference.spanKind = kind.rawValue
            if let session = span.context.traceSettings?.sessionID {
                attributes.openInference.sessionID = session
            }
            attributes["code.function"] = function
            attributes["code.filepath"] = file
            attributes["code.lineno"] = Int(line)
        }
        let result = try await body(span)
        span.setStatus(.init(code: .ok))
        return result
    }
}

/// The MIME types OpenInference knows for `input.value` / `output.value`.
public enum OpenInferenceMimeType: String, Sendable {
    case text = "text/plain"
    case json = "application/json"
}

extension Span {
    private var privacy: TracePrivacy { context.traceSettings?.privacy ?? .init() }

    /// Sets `input.value` (redacted under `OPENINFERENCE_HIDE_INPUTS`).
    public func setInput(_ value: String, mimeType: OpenInferenceMimeType = .text) {
        let hidden = privacy.hideInputs
        updateAttributes { attributes in
            attributes.openInference.inputValue = hidden ? TracePrivacy.redacted : value
            attributes.openInference.inputMimeType = mimeType.rawValue
        }
    }

    /// Sets `input.value` to `value` encoded as JSON (not encoded at all when tracing is off).
    public func setInput(json value: some Encodable) {
        guard isRecording else { return }
        setInput(Self.jsonString(value), mimeType: .json)
    }

    /// Sets `output.value` (redacted under `OPENINFERENCE_HIDE_OUTPUTS`).
    public func setOutput(_ value: String, mimeType: OpenInferenceMimeType = .text) {
        let hidden = privacy.hideOutputs
        updateAttributes { attributes in
            attributes.openInference.outputValue = hidden ? TracePrivacy.redacted : value
            attributes.openInference.outputMimeType = mimeType.rawValue
        }
    }

    /// Sets `output.value` to `value` encoded as JSON (not encoded at all when tracing is off).
    public func setOutput(json value: some Encodable) {
        guard isRecording else { return }
        setOutput(Self.jsonString(value), mimeType: .json)
    }

    /// Sets `metadata`, a JSON object Phoenix unpacks into dotted keys.
    public func setMetadata(_ metadata: [String: String]) {
        guard isRecording else { return }
        attributes.openInference.metadata = Self.jsonString(metadata)
    }

    /// Describes a TOOL span: its name, what it does and its parameters (JSON).
    public func setTool(name: String, description: String, parameters: some Encodable) {
        guard isRecording else { return }
        let json = Self.jsonString(parameters)
        updateAttributes { attributes in
            attributes.openInference.toolName = name
            attributes.openInference.toolDescription = description
            attributes.openInference.toolParameters = json
        }
    }

    /// Records chat messages as `llm.input_messages.N.message.*`, honouring the masking switches.
    public func setInputMessages(_ messages: [(role: String, content: String)]) {
        let hideText = privacy.hideInputMessages || privacy.hideInputText || privacy.hideInputs
        updateAttributes { attributes in
            for (index, message) in messages.enumerated() {
                attributes[OpenInferenceAttributes.Indexed.inputMessageRole(index)] = message.role
                attributes[OpenInferenceAttributes.Indexed.inputMessageContent(index)] =
                    hideText ? TracePrivacy.redacted : message.content
            }
        }
    }

    /// Records the reply as `llm.output_messages.N.message.*`, honouring the masking switches.
    public func setOutputMessages(_ messages: [(role: String, content: String)]) {
        let hideText = privacy.hideOutputMessages || privacy.hideOutputText || privacy.hideOutputs
        updateAttributes { attributes in
            for (index, message) in messages.enumerated() {
                attributes[OpenInferenceAttributes.Indexed.outputMessageRole(index)] = message.role
                attributes[OpenInferenceAttributes.Indexed.outputMessageContent(index)] =
                    hideText ? TracePrivacy.redacted : message.content
            }
        }
    }

    /// Sets `llm.invocation_parameters` (JSON), unless hidden.
    public func setInvocationParameters(_ json: String) {
        guard !privacy.hideInvocationParameters else { return }
        attributes.openInference.llmInvocationParameters = json
    }

    /// Records embedding inputs and, unless hidden, their vectors.
    public func setEmbeddings(texts: [String], vectors: [[Float]]) {
        let privacy = self.privacy
        updateAttributes { attributes in
            for (index, text) in texts.enumerated() {
                attributes[OpenInferenceAttributes.Indexed.embeddingText(index)] =
                    (privacy.hideInputText || privacy.hideInputs) ? TracePrivacy.redacted : text
                if !privacy.hideEmbeddingVectors, index < vectors.count {
                    attributes[OpenInferenceAttributes.Indexed.embeddingVector(index)] =
                        SpanAttribute.doubleArray(vectors[index].map(Double.init))
                }
            }
        }
    }

    /// Encodes `value` as compact JSON with sorted keys ("{}" if it cannot be encoded).
    public static func jsonString(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
