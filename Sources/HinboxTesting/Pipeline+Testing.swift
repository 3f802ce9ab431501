public import HinboxCore
public import Instrumentation
public import Logging
import Tracing

extension Pipeline {
    /// The pipeline the tests build: every stage on one chat model, resolution with `embedder`
    /// (nil: names only) and, with `matchCheck`, the model asked about uncertain matches.
    ///
    /// One place to change when the pipeline's parts change, instead of one per test file.
    public static func testing(
        model: any ChatModel, domain: DomainConfig, prompts: PromptLibrary, store: any KnowledgeStore, options: Options,
        embedder: (any Embedder)? = nil, matchCheck: Bool = false, grounding: Bool = false, logger: Logger = Logger(label: "hinbox-test"),
        traceID: @escaping @Sendable (ServiceContext) -> String? = { _ in nil },
        onEvent: @escaping @Sendable (PipelineEvent) -> Void = { _ in }
    ) -> Pipeline {
        let chat = StructuredChat(model: model, repairs: options.callPlan.repairs)
        var extractor = EntityExtractor(chat: chat, domain: domain, prompts: prompts)
        extractor.repairs = options.callPlan.repairs
        return Pipeline(
            options: options,
            extractor: extractor,
            profiles: ProfileWriter(chat: chat, domain: domain, prompts: prompts),
            grounding: grounding ? GroundingChecker(chat: chat, prompts: prompts) : nil,
            resolver: EntityResolver(
                domain: domain, embedder: embedder,
                matchChecker: matchCheck ? MatchChecker(chat: chat, domain: domain, prompts: prompts) : nil),
            store: store, domain: domain, logger: logger, traceID: traceID, onEvent: onEvent)
    }
}
