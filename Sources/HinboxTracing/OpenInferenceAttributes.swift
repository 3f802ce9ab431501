public import Tracing

extension SpanAttributes {
    /// OpenInference attributes (semantic conventions 0.1.x), read by Arize Phoenix.
    public var openInference: OpenInferenceAttributes {
        get { .init(attributes: self) }
        set { self = newValue.attributes }
    }
}

/// Typed keys of the OpenInference semantic conventions.
///
/// Indexed keys (`llm.input_messages.N.…`, `embedding.embeddings.N.…`) are built by
/// ``OpenInferenceAttributes/Indexed``.
@dynamicMemberLookup
public struct OpenInferenceAttributes: SpanAttributeNamespace {
    public var attributes: SpanAttributes

    public init(attributes: SpanAttributes) {
        self.attributes = attributes
    }

    public struct NestedSpanAttributes: NestedSpanAttributesProtocol {
        public init() {}

        /// `AGENT`, `CHAIN`, `LLM`, `TOOL`, `EMBEDDING`, …
        public var spanKind: Key<String> { "openinference.span.kind" }
        /// The run's UUID: Phoenix groups a run's traces into one session.
        public var sessionID: Key<String> { "session.id" }
        public var inputValue: Key<String> { "input.value" }
        public var inputMimeType: Key<String> { "input.mime_type" }
        public var outputValue: Key<String> { "output.value" }
        public var outputMimeType: Key<String> { "output.mime_type" }
        /// A JSON object, unpacked by Phoenix into dotted keys.
        public var metadata: Key<String> { "metadata" }
        public var tags: Key<[String]> { "tag.tags" }

        public var agentName: Key<String> { "agent.name" }

        public var llmSystem: Key<String> { "llm.system" }
        public var llmProvider: Key<String> { "llm.provider" }
        public var llmModelName: Key<String> { "llm.model_name" }
        /// JSON: temperature, max_tokens, response_format, …
        public var llmInvocationParameters: Key<String> { "llm.invocation_parameters" }
        public var llmFinishReason: Key<String> { "llm.finish_reason" }
        public var llmPromptTokens: Key<Int> { "llm.token_count.prompt" }
        public var llmCompletionTokens: Key<Int> { "llm.token_count.completion" }
        public var llmTotalTokens: Key<Int> { "llm.token_count.total" }
        public var llmPromptCost: Key<Double> { "llm.cost.prompt" }
        public var llmCompletionCost: Key<Double> { "llm.cost.completion" }
        public var llmTotalCost: Key<Double> { "llm.cost.total" }
        public var llmPromptTemplate: Key<String> { "llm.prompt_template.template" }

        public var embeddingModelName: Key<String> { "embedding.model_name" }
        public var embeddingInvocationParameters: Key<String> { "embedding.invocation_parameters" }

        public var toolName: Key<String> { "tool.name" }
        public var toolDescription: Key<String> { "tool.description" }
        /// JSON object of the tool's parameters.
        public var toolParameters: Key<String> { "tool.parameters" }
    }

    /// Builders for OpenInference's flattened, indexed keys.
    public enum Indexed {
        public static func inputMessageRole(_ index: Int) -> String { "llm.input_messages.\(index).message.role" }
        public static func inputMessageContent(_ index: Int) -> String { "llm.input_messages.\(index).message.content" }
        public static func outputMessageRole(_ index: Int) -> String { "llm.output_messages.\(index).message.role" }
        public static func outputMessageContent(_ index: Int) -> String { "llm.output_messages.\(index).message.content" }
        public static func embeddingText(_ index: Int) -> String { "embedding.embeddings.\(index).embedding.text" }
        public static func embeddingVector(_ index: Int) -> String { "embedding.embeddings.\(index).embedding.vector" }
    }
}
