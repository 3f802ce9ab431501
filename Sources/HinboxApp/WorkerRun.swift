import Foundation
import HinboxCore
import HinboxOTLP
import HinboxPostgres
import Logging
import Tracing

/// One `hinbox process --worker` among several on one PostgreSQL database (docs/POSTGRES.md).
///
/// It queues the articles of its folder that need processing (once, however many workers are
/// given the folder), then runs two loops until every queued article is settled:
/// - **extraction**: claims articles with a lease, runs their first stage
///   (``Pipeline/extract(_:)``) as children of the article's trace, and hands the result over
///   in the work row;
/// - **resolution**: tries to take the resolver role; its holder runs the pipeline over the
///   unsettled articles in the global order, with extractions read from the table and writes
///   fenced by the role's epoch, so the knowledge base is what one process would make. A new
///   holder starts from the first unsettled article.
struct WorkerRun: Sendable {
    var pipeline: Pipeline
    var store: PostgresStore
    var settings: ProcessRun.WorkerSettings
    /// This worker's name in leases and in `resolver_fence.holder`: `host:pid:run`.
    var owner: String
    var logger: Logger

    private var queue: PostgresWorkQueue {
        var queue = PostgresWorkQueue(store: store)
        queue.maxAttempts = settings.maxAttempts
        return queue
    }

    /// Queues `scanned` (read in full from `texts`) as needed, then works until everything queued
    /// is settled. Returns what this worker resolved while it held the resolver role.
    func run(_ scanned: [Article], texts: ArticleStream, inputPath: String) async throws -> RunReport {
        let plannedAt = try await queue.serverNow()
        let plan = try await pipeline.plan(scanned)
        var items: [PostgresWorkQueue.Item] = []
        for article in plan.todo {
            guard let full = texts.next(id: article.id) else { continue }
            items.append(PostgresWorkQueue.Item(article: full, traceparent: OTLPSpanContext.newRoot().traceparent))
        }
        let queued = try await queue.enqueue(items, inputPath: inputPath, runID: pipeline.options.runID, plannedAt: plannedAt)
        logger.info("queued \(queued) of \(plan.todo.count) articles to process (the rest were queued by another worker)")
        let extracted = Locked(0)
        var report = try await withThrowingTaskGroup(of: RunReport?.self) { group in
            group.addTask {
                try await extractLoop(extracted: extracted)
                return nil
            }
            group.addTask { try await resolveLoop() }
            var report = RunReport()
            while let result = try await group.next() {
                if let result { report = result }
            }
            return report
        }
        report.skipped = plan.skipped
        Console.out("worker \(owner): extracted \(extracted.value) articles; resolved \(report.processed.count + report.failed.count + report.irrelevant.count) as the resolver")
        return report
    }

    // MARK: - Extraction

    private func extractLoop(extracted: Locked<Int>) async throws {
        let slots = max(1, pipeline.options.concurrency)
        let inFlight = Locked<Set<String>>([])
        let renewal = Task { [queue, owner, settings] in
            while !Task.isCancelled {
                try? await Task.sleep(for: settings.lease / 3)
                try? await queue.renew(Array(inFlight.value), owner: owner, lease: settings.lease)
            }
        }
        defer { renewal.cancel() }
        try await withThrowingDiscardingTaskGroup { group in
            while true {
                try Task.checkCancellation()
                let free = slots - inFlight.value.count
                if free <= 0 {
                    try await Task.sleep(for: .milliseconds(10))
                    continue
                }
                let claimed = try await queue.claim(owner: owner, limit: free, lease: settings.lease)
                for item in claimed {
                    inFlight.withLock { _ = $0.insert(item.article.id) }
                    group.addTask { [pipeline, queue, owner] in
                        let context = item.traceparent.flatMap { ServiceContext.otlp(traceparent: $0, asRoot: false) }
                        let extraction = try await ServiceContext.withValue(context ?? ServiceContext.current) {
                            try await pipeline.extract(item.article)
                        }
                        if try await queue.finish(item.article.id, owner: owner, extraction: extraction) {
                            extracted.withLock { $0 += 1 }
                        }
                        inFlight.withLock { _ = $0.remove(item.article.id) }
                    }
                }
                if claimed.isEmpty {
                    if inFlight.value.isEmpty, try await queue.openCount() == 0 { return }
                    try await Task.sleep(for: settings.poll)
                }
            }
        }
    }

    // MARK: - Resolution

    /// Takes the resolver role whenever it is free and resolves; ends when nothing is unsettled.
    private func resolveLoop() async throws -> RunReport {
        var report = RunReport()
        while true {
            if let role = try await PostgresResolverRole.tryAcquire(store.postgres, holder: owner, logger: logger) {
                logger.info("took the resolver role (epoch \(role.fence.epoch))")
                do {
                    try await resolve(holding: role, into: &report)
                    await role.release()
                } catch {
                    await role.release()
                    throw error
                }
            }
            if try await queue.openCount() == 0 { return report }
            try await Task.sleep(for: settings.poll)
        }
    }

    /// Runs the pipeline over the unsettled articles until none is left or the role is lost.
    private func resolve(holding role: PostgresResolverRole, into report: inout RunReport) async throws {
        while true {
            let items = try await queue.openItems()
            if items.isEmpty { return }
            let lost = Locked<ResolverFence.Lost?>(nil)
            let running = Locked<Task<RunReport, any Error>?>(nil)
            var resolving = pipeline
            // The queue is the plan: everything in it is processed, once.
            resolving.options.force = true
            resolving.options.limit = nil
            resolving.store = FencedKnowledgeStore(base: store, fence: role.fence) { gone in
                lost.value = gone
                running.value?.cancel()
            }
            resolving.extractions = QueuedExtractions(
                queue: queue, poll: settings.poll,
                traceparents: Dictionary(items.compactMap { item in item.traceparent.map { (item.article.id, $0) } }) { first, _ in first })
            let task = Task { try await resolving.run(items.map(\.article)) }
            running.value = task
            let part = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
            if let gone = lost.value {
                logger.warning("\(gone)")
                return
            }
            report.processed += part.processed
            report.failed += part.failed
            report.irrelevant += part.irrelevant
            report.interrupted += part.interrupted
            report.outOfOrder += part.outOfOrder
            try Task.checkCancellation()
        }
    }
}

/// Extractions other workers hand over through `work_item`, for the resolver's pipeline.
struct QueuedExtractions: ExtractionSource {
    var queue: PostgresWorkQueue
    var poll: Duration
    /// Article id → its root span's `traceparent`.
    var traceparents: [String: String]

    func extraction(of article: Article) async throws -> ArticleExtraction {
        while true {
            if let extraction = try await queue.extraction(of: article.id) { return extraction }
            try await Task.sleep(for: poll)
        }
    }

    func traceContext(of article: Article) -> ServiceContext? {
        traceparents[article.id].flatMap { ServiceContext.otlp(traceparent: $0, asRoot: true) }
    }
}

extension ProcessRun {
    /// How a `--worker` shares work (the defaults suit real models; tests shorten them).
    public struct WorkerSettings: Sendable {
        /// How long a claim lasts without renewal: a dead worker's articles wait this long.
        public var lease: Duration = .seconds(60)
        /// How often an idle worker looks for work or for the resolver role.
        public var poll: Duration = .milliseconds(100)
        /// Claims per article before it is recorded failed.
        public var maxAttempts = 3

        public init() {}
    }
}
