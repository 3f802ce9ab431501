import Foundation
import HinboxCore
import HinboxLLM
import HinboxOTLP
import Logging
import Synchronization
import Tracing

/// Everything the LLM benchmarks share, started once per process: the discarding collector, the
/// OTLP tracer bootstrapped as the app does it with its exporter running, and a real client on
/// the canned transport with the news domain's prompts and schema.
final class LLMEnvironment: Sendable {
    static let shared = LLMEnvironment()

    private struct Parts: Sendable {
        var collector: DiscardingCollector
        var exporter: OTLPExporter
        var chat: StructuredChat
        var extractor: EntityExtractor
    }

    private let parts = Mutex<Parts?>(nil)
    let article: Article
    let domain: DomainConfig
    let prompts: PromptLibrary
    /// The real person-extraction request for `article`.
    let request: ChatRequest

    private init() {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized.path
        let path = "\(repository)/data/ridgeport/2025-01-22-eastgate-tap-water.md"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "Mayor Dana Whitfield said the water was safe."
        article = Article(id: "2025-01-22-eastgate-tap-water", title: "Eastgate tap water", publishedDate: "2025-01-22", content: text, source: path)
        domain = (try? DomainConfig.load(name: "news", configDirectory: "\(repository)/config"))
            ?? DomainConfig(name: "news", description: "News", categories: [.person: .init(types: ["other": "Anyone"])])
        prompts = (try? PromptLibrary.load(promptsDirectory: "\(repository)/prompts", domain: "news"))
            ?? PromptLibrary(templates: ["extract": "Extract {{entity_label}}.\n{{output_shape}}"])
        request = Self.extractor(StructuredChat(model: NoModel()), domain: domain, prompts: prompts).request(for: .person, article: article)
    }

    /// Starts the collector and exporter and bootstraps the tracer; later calls do nothing.
    func start() async throws {
        guard parts.withLock({ $0 == nil }) else { return }
        let collector = try await DiscardingCollector.start()
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-bench-spool").path
        var configuration = OTLPConfiguration(endpoint: collector.endpoint, spoolDirectory: spool)
        configuration.resourceAttributes = ["service.name": "hinbox", "openinference.project.name": "hinbox-bench"]
        let (tracer, exporter) = OTLP.make(configuration: configuration, logger: Logger(label: "bench.otlp"))
        InstrumentationSystem.bootstrap(tracer)
        Task.detached { try await exporter.run() }
        let route = ProviderRoute(
            descriptor: ModelDescriptor(provider: "openai", model: "gpt-4o-mini"), baseURL: "https://api.openai.com/v1",
            apiKey: "sk-bench-not-a-key", apiKeyVariable: "OPENAI_API_KEY")
        let client = OpenAICompatibleClient(
            route: route, transport: CannedTransport(), limiter: ConcurrencyLimiter(limit: 16),
            prices: ["openai/gpt-4o-mini": ModelPrice(prompt: 0.15, completion: 0.6)],
            logger: Logger(label: "bench.llm"))
        let chat = StructuredChat(model: client)
        let extractor = Self.extractor(chat, domain: domain, prompts: prompts)
        parts.withLock { $0 = Parts(collector: collector, exporter: exporter, chat: chat, extractor: extractor) }
    }

    func chat() throws -> StructuredChat {
        guard let chat = parts.withLock({ $0?.chat }) else { throw NotStarted() }
        return chat
    }

    func extractor() throws -> EntityExtractor {
        guard let extractor = parts.withLock({ $0?.extractor }) else { throw NotStarted() }
        return extractor
    }

    private static func extractor(_ chat: StructuredChat, domain: DomainConfig, prompts: PromptLibrary) -> EntityExtractor {
        EntityExtractor(chat: chat, domain: domain, prompts: prompts, temperature: 0, maxTokens: 1024)
    }

    struct NotStarted: Error {}

    /// Stands in for the model while the request is built; never called.
    private struct NoModel: ChatModel {
        var descriptor: ModelDescriptor { ModelDescriptor(provider: "none", model: "none") }
        func complete(_ request: ChatRequest) async throws -> ChatResponse { throw NotStarted() }
    }
}
