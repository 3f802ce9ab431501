/// The OpenInference span kinds hinbox emits (`openinference.span.kind`).
///
/// Phoenix shows a span of any other (or no) kind as UNKNOWN, so every hinbox span carries one.
public enum OpenInferenceSpanKind: String, Sendable, CaseIterable {
    case agent = "AGENT"
    case chain = "CHAIN"
    case llm = "LLM"
    case tool = "TOOL"
    case embedding = "EMBEDDING"
    /// A check that lets work through or stops it (hinbox: the relevance filter).
    case guardrail = "GUARDRAIL"
    /// A judgement of output quality.
    case evaluator = "EVALUATOR"
}
