public import Tracing

extension SpanAttributes {
    /// OpenTelemetry GenAI semantic conventions (`gen_ai.*`), mirrored next to OpenInference so
    /// that Langfuse, Datadog and other OTel back ends read the same spans.
    public var genAI: GenAIAttributes {
        get { .init(attributes: self) }
        set { self = newValue.attributes }
    }
}

/// Typed keys of the OTel GenAI conventions hinbox mirrors (status "Development" upstream).
@dynamicMemberLookup
public struct GenAIAttributes: SpanAttributeNamespace {
    public var attributes: SpanAttributes

    public init(attributes: SpanAttributes) {
        self.attributes = attributes
    }

    public struct NestedSpanAttributes: NestedSpanAttributesProtocol {
        public init() {}

        /// `chat` or `embeddings`.
        public var operationName: Key<String> { "gen_ai.operation.name" }
        public var system: Key<String> { "gen_ai.system" }
        public var providerName: Key<String> { "gen_ai.provider.name" }
        public var requestModel: Key<String> { "gen_ai.request.model" }
        public var requestTemperature: Key<Double> { "gen_ai.request.temperature" }
        public var requestMaxTokens: Key<Int> { "gen_ai.request.max_tokens" }
        public var responseModel: Key<String> { "gen_ai.response.model" }
        public var responseFinishReasons: Key<[String]> { "gen_ai.response.finish_reasons" }
        public var usageInputTokens: Key<Int> { "gen_ai.usage.input_tokens" }
        public var usageOutputTokens: Key<Int> { "gen_ai.usage.output_tokens" }
    }
}
