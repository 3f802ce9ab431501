import ArgumentParser
import Foundation
import HinboxApp
import HinboxCore
import Logging
import Tracing

struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Ingest articles, extract and merge entities, and write versioned profiles.",
        discussion: """
            Reads .md, .txt, .html, .json (object or array), .jsonl and .parquet (one article per row) files under <path>, recursively. \
            Unchanged articles are skipped on rerun (compared by content hash); changed and failed ones are processed again. \
            Exit code: 0 when every article was processed, 1 when any failed, 130 when interrupted.
            """
    )

    @Argument(help: "A directory of articles (searched recursively) or one article file.", completion: .directory)
    var path: String

    @Option(help: "Process at most N articles (unchanged ones don't count).")
    var limit: Int?

    @Flag(help: "Reprocess articles even when unchanged.")
    var force = false

    @OptionGroup var models: ModelOptions

    @Option(help: "Articles processed at once (default from config/hinbox.yaml).")
    var concurrency: Int?

    @Option(
        name: .customLong("llm-concurrency"),
        help: "Model requests (chat and embeddings) open at once across all articles; older articles go first (env HINBOX_LLM_CONCURRENCY; default from config/hinbox.yaml).")
    var llmConcurrency: Int?

    @Option(name: .customLong("max-file-mb"), help: "Skip files larger than this many megabytes.")
    var maxFileMB = 20

    @Option(help: "Phoenix project name (env PHOENIX_PROJECT_NAME; default hinbox).")
    var project: String?

    @Flag(name: .customLong("no-trace"), help: "Do not export traces.")
    var noTrace = false

    @Flag(name: .customLong("no-match-check"), help: "Never ask the LLM about uncertain entity matches (they stay separate).")
    var noMatchCheck = false

    @Flag(name: .customLong("no-grounding"), help: "Do not check new profile versions against their article (grounding in config/hinbox.yaml).")
    var noGrounding = false

    @Flag(name: .customLong("no-cache"), help: "Send every model request to the server, without reading or filling the reply cache.")
    var noCache = false

    @Flag(name: .customLong("no-relevance-check"), help: "Extract every article, even where the domain defines what is relevant.")
    var noRelevanceCheck = false

    @Flag(help: "Share the work with other `hinbox process --worker` on the same PostgreSQL database (--db postgres://…), on this machine or others: each article is processed once and the knowledge base equals one process's.")
    var worker = false

    @Option(name: .customLong("lease-seconds"), help: "With --worker: how long a worker's claim on an article lasts unrenewed; a dead worker's articles wait this long (default 60).")
    var leaseSeconds: Double?

    @Option(name: .customLong("poll-ms"), help: .hidden)
    var pollMilliseconds: Int?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let llmConcurrency, llmConcurrency < 1 { throw ValidationError("--llm-concurrency must be at least 1") }
        if maxFileMB < 1 { throw ValidationError("--max-file-mb must be at least 1") }
        if !worker, leaseSeconds != nil || pollMilliseconds != nil { throw ValidationError("--lease-seconds and --poll-ms go with --worker") }
        if let leaseSeconds, leaseSeconds < 1 { throw ValidationError("--lease-seconds must be at least 1") }
        if let pollMilliseconds, pollMilliseconds < 1 { throw ValidationError("--poll-ms must be at least 1") }
    }

    func run() async throws {
        var overrides = common.overrides
        models.apply(to: &overrides)
        overrides.concurrency = concurrency
        overrides.llmConcurrency = llmConcurrency
        overrides.project = project
        overrides.noTrace = noTrace
        overrides.noCache = noCache
        let logger = CLILogging.logger(verbose: common.verbose)
        try await common.reportingErrors {
            let configuration = try AppConfiguration(overrides: overrides)
            var exporter: HinboxApp.TracingExporter?
            if configuration.tracing.enabled {
                let tracing = TracingSetup.make(configuration.tracing, cacheDirectory: configuration.cacheDirectory, logger: logger)
                InstrumentationSystem.bootstrap(tracing.tracer)
                exporter = tracing.exporter
            }
            var run = ProcessRun(configuration: configuration, inputPath: path, logger: logger, exporter: exporter)
            run.force = force
            run.limit = limit
            run.matchCheck = !noMatchCheck && configuration.settings.matchCheck
            run.relevanceCheck = !noRelevanceCheck
            run.grounding = !noGrounding && configuration.grounding
            run.maxFileBytes = maxFileMB * 1024 * 1024
            if worker {
                var settings = ProcessRun.WorkerSettings()
                if let leaseSeconds { settings.lease = .milliseconds(Int(leaseSeconds * 1000)) }
                if let pollMilliseconds { settings.poll = .milliseconds(pollMilliseconds) }
                run.worker = settings
            }
            return try await run.run()
        }
    }
}
