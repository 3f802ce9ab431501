import Foundation
import HinboxCore
public import HinboxOTLP
import HinboxPostgres
import HinboxStore
import HinboxTracing
public import Logging
import ServiceLifecycle
import Tracing
import UnixSignals

/// `hinbox process`: ingest a directory, run the pipeline, print a summary.
///
/// The pipeline runs as a service beside the span exporter in one `ServiceGroup`, so Ctrl-C
/// (SIGINT) or SIGTERM abandons in-flight articles, keeps what was committed, and still flushes
/// every span.
public struct ProcessRun: Sendable {
    public var configuration: AppConfiguration
    public var inputPath: String
    public var force = false
    public var limit: Int?
    public var maxFileBytes = 20 * 1024 * 1024
    /// Ask the LLM about uncertain matches (`match_check` in config/hinbox.yaml; `--no-match-check`).
    public var matchCheck = true
    /// Ask whether each article is on-topic first, when the domain defines `relevance` (`--no-relevance-check`).
    public var relevanceCheck = true
    /// Check new profile versions against their article (`grounding` in config/hinbox.yaml; `--no-grounding`).
    public var grounding: Bool
    public var logger: Logger
    /// The exporter of the bootstrapped tracer; nil when tracing is off.
    public var exporter: OTLPExporter?
    /// Share the work with other workers on the same PostgreSQL database (`--worker`); nil: one
    /// run per database.
    public var worker: WorkerSettings?

    public init(configuration: AppConfiguration, inputPath: String, logger: Logger, exporter: OTLPExporter?) {
        self.configuration = configuration
        self.inputPath = inputPath
        self.grounding = configuration.grounding
        self.logger = logger
        self.exporter = exporter
    }

    /// Runs and returns the exit code: 0 all good, 1 some article failed, 130 interrupted.
    public func run() async throws -> Int32 {
        try await LocalModelServer(configuration: configuration).scoped { try await run(ensureLocalServer: $0) }
    }

    private func run(ensureLocalServer: () async throws -> Void) async throws -> Int32 {
        let domain = try DomainConfig.load(name: configuration.domainName, configDirectory: configuration.configDirectory)
        let prompts = try PromptLibrary.load(promptsDirectory: configuration.promptsDirectory, domain: domain.name)
        for name in ["grounding", "profile_revise"] where grounding && !prompts.contains(name) {
            throw ConfigError("grounding is on but \(configuration.promptsDirectory)/\(name).md is missing: copy it from hinbox's prompts/ folder, or set `grounding: false` in hinbox.yaml")
        }
        if worker != nil, case .sqlite = configuration.database {
            throw ConfigError("--worker shares a PostgreSQL database between several hinbox processes: pass --db postgres://… (or HINBOX_DATABASE_URL); a SQLite file has one run at a time")
        }
        // One run per database: a second one is refused at once, naming the first one's pid,
        // before it touches the database (two runs creating one new database would race).
        // Workers share the lock among themselves.
        return try await configuration.database.withRunLock(shared: worker != nil) {
            let store = try await configuration.database.open()
            do {
                // A plain run would process articles workers queued, which workers would then process again.
                if worker == nil, let postgres = store as? PostgresStore {
                    let open = try await PostgresWorkQueue(store: postgres).openCount()
                    if open > 0 {
                        throw ConfigError("\(open) articles queued by `hinbox process --worker` are not finished on \(configuration.database): run `hinbox process <dir> --worker` (any folder) to finish them first")
                    }
                }
                let code = try await run(domain: domain, prompts: prompts, store: store, ensureLocalServer: ensureLocalServer)
                await store.close()
                return code
            } catch {
                await store.close()
                throw error
            }
        }
    }

    private func run(
        domain: DomainConfig, prompts: PromptLibrary, store: any KnowledgeBase, ensureLocalServer: () async throws -> Void
    ) async throws -> Int32 {
        // A scan without the texts to plan; the texts are read again as articles start (a corpus
        // larger than memory is processed in memory bounded by one row group and the articles in flight).
        let loader = ArticleLoader(maxFileBytes: maxFileBytes)
        let loaded = loader.scan(path: inputPath)
        for problem in loaded.problems { Console.warn("skipped \(problem)") }
        if loaded.articles.isEmpty {
            Console.error("no articles found in \(inputPath) (looked for .md, .txt, .html, .json, .jsonl, .parquet)")
            return 1
        }
        try await ensureLocalServer()
        let clients = try ModelClients(configuration: configuration, logger: logger)
        let started = Date()
        let runID = UUID().uuidString.lowercased()
        Console.out("hinbox · model \(configuration.model) · embeddings \(configuration.embeddingModel) · domain \(domain.name) · db \(configuration.database)")
        if configuration.usesEmbeddedChatModel {
            Console.out(EmbeddedDefault.demoModelNotice)
        }
        let tracing = configuration.tracing
        if exporter != nil {
            Console.out("traces → \(tracing.endpoint) (project \(tracing.project), session \(runID))")
        }

        // Spans an earlier run could not deliver go out beside this run.
        let otlp = TracingSetup.configuration(tracing, cacheDirectory: configuration.cacheDirectory)
        let earlierSpool: Task<OTLPSpool.PushResult, Never>? =
            exporter != nil && !OTLPSpool.pendingFiles(in: otlp.spoolDirectory).isEmpty
            ? Task { [logger] in await OTLPSpool.push(configuration: otlp, logger: logger) } : nil

        var runRecord = RunRecord(
            id: runID, startedAt: started, inputPath: inputPath, domain: domain.name, model: configuration.model,
            embeddingModel: configuration.embeddingModel)
        try await store.startRun(runRecord)
        let meter = UsageMeter()
        let plan = configuration.callPlan
        let chat = StructuredChat(model: MeteredChatModel(clients.chat, meter: meter), repairs: plan.repairs)
        let settings = configuration.settings
        let reporter = ProgressReporter()
        var extractor = EntityExtractor(
            chat: chat, domain: domain, prompts: prompts, temperature: settings.temperature, maxTokens: settings.maxTokens,
            limits: configuration.outputLimits)
        extractor.repairs = plan.repairs
        let pipeline = Pipeline(
            options: .init(
                runID: runID, domain: domain.name, concurrency: configuration.concurrency, force: force, limit: limit, callPlan: plan),
            extractor: extractor,
            profiles: ProfileWriter(
                chat: chat, domain: domain, prompts: prompts, temperature: settings.temperature, maxTokens: settings.maxTokens,
                limits: configuration.outputLimits),
            grounding: grounding ? GroundingChecker(chat: chat, prompts: prompts, temperature: settings.temperature) : nil,
            resolver: EntityResolver(
                domain: domain, embedder: clients.embedder,
                matchChecker: matchCheck ? MatchChecker(chat: chat, domain: domain, prompts: prompts) : nil),
            relevance: relevanceCheck ? RelevanceFilter(chat: chat, domain: domain, prompts: prompts) : nil,
            store: store, domain: domain, logger: logger, traceID: { $0.otlpTraceID }, onEvent: reporter.handle)

        let outcome = Locked<RunReport?>(nil)
        let traceSettings = TraceSettings(sessionID: runID, privacy: TracePrivacy(environment: configuration.environment))
        let work = ClosureService {
            try await cancelWhenGracefulShutdown {
                let report = try await withTraceSettings(traceSettings) {
                    if let worker, let postgres = store as? PostgresStore {
                        let owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(runID.prefix(8))"
                        let run = WorkerRun(
                            pipeline: pipeline, store: postgres, chat: MeteredChatModel(clients.chat, meter: meter),
                            callSlots: configuration.llmConcurrency, settings: worker, owner: owner, logger: logger)
                        return try await run.run(loaded.articles, texts: loader.stream(path: inputPath), inputPath: inputPath)
                    }
                    return try await pipeline.run(loaded.articles, texts: loader.stream(path: inputPath))
                }
                outcome.value = report
            }
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let exporter { services.append(.init(service: exporter)) }
        services.append(.init(service: work, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup))
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        var runError: (any Error)?
        do { try await group.run() } catch { runError = error }
        reporter.finish()
        try await clients.shutdown()
        earlierSpool?.cancel()
        if let pushed = await earlierSpool?.value, pushed.delivered > 0 {
            Console.out("delivered \(pushed.delivered) spans saved by an earlier run")
        }

        let report = outcome.value
        runRecord.finishedAt = Date()
        runRecord.processed = report?.processed.count ?? 0
        runRecord.failed = report?.failed.count ?? 0
        runRecord.skipped = report?.skipped ?? 0
        try? await store.finishRun(runRecord)
        let delivery = await exporter?.currentReport
        await RunSummary(
            report: report, started: started, meter: meter, store: store, tracing: exporter == nil ? nil : tracing,
            sessionID: runID, delivery: delivery
        ).print()
        if let runError, report == nil {
            if runError is CancellationError { return 130 }
            throw runError
        }
        guard let report else { return 130 }
        if report.interrupted > 0 { return 130 }
        return report.failed.isEmpty ? 0 : 1
    }
}
