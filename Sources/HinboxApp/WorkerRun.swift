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
    /// The worker's own chat model, for the calls the resolver's holder hands out.
    var chat: any ChatModel
    /// Model calls this worker makes at once (`llm_concurrency`).
    var callSlots: Int
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
        let answered = Locked(0)
        var report: RunReport
        do {
            report = try await work(extracted: extracted, answered: answered)
        } catch {
            // Stopped (Ctrl-C, SIGTERM, a failure): what this worker holds goes back at once
            // instead of when its leases end. Outside this task, whose cancellation would stop it.
            await Task { [queue, store, owner] in
                try? await queue.handBack(owner: owner)
                try? await PostgresCallRelay(store: store).handBack(owner: owner)
            }.value
            // A query cut short by the stop fails as a database error; the run was interrupted.
            throw Task.isCancelled ? CancellationError() : error
        }
        report.skipped = plan.skipped
        Console.out("worker \(owner): extracted \(extracted.value) articles; made \(answered.value) model calls for the resolver; resolved \(report.processed.count + report.failed.count + report.irrelevant.count) as the resolver")
        return report
    }

    /// The three loops, until everything queued is settled; the resolver's report.
    private func work(extracted: Locked<Int>, answered: Locked<Int>) async throws -> RunReport {
        try await withThrowingTaskGroup(of: RunReport?.self) { group in
            group.addTask {
                try await extractLoop(extracted: extracted)
                return nil
            }
            group.addTask { try await resolveLoop() }
            // Answers the holder's calls until the other two loops end (then none can come).
            let calls = Task { try await callLoop(answered: answered) }
            defer { calls.cancel() }
            var report = RunReport()
            while let result = try await group.next() {
                if let result { report = result }
            }
            calls.cancel()
            if case .failure(let error) = await calls.result, !(error is CancellationError) {
                logger.warning("this worker stopped answering the resolver's model calls: \(error)")
            }
            return report
        }
    }

    // MARK: - Extraction

    private func extractLoop(extracted: Locked<Int>) async throws {
        let work = LeasedWork<PostgresWorkQueue.Item, String>(
            slots: max(1, pipeline.options.concurrency), lease: settings.lease, idle: settings.poll, key: \.article.id,
            claim: { [queue, owner, settings] in try await queue.claim(owner: owner, limit: $0, lease: settings.lease) },
            renew: { [queue, owner, settings] in try await queue.renew($0, owner: owner, lease: settings.lease) },
            work: { [pipeline, queue, owner] item in
                let context = item.traceparent.flatMap { ServiceContext.otlp(traceparent: $0, asRoot: false) }
                // Older articles' requests first, in every worker, as in one process.
                let extraction = try await RequestOrder.$rank.withValue(item.rank) {
                    try await ServiceContext.withValue(context ?? ServiceContext.current) { try await pipeline.extract(item.article) }
                }
                if try await queue.finish(item.article.id, owner: owner, extraction: extraction) {
                    extracted.withLock { $0 += 1 }
                }
            })
        try await work.run { [queue] in try await queue.openCount() == 0 }
    }

    // MARK: - Model calls

    /// Makes the model calls the resolver's holder hands out, with this worker's own slots.
    private func callLoop(answered: Locked<Int>) async throws {
        let relay = PostgresCallRelay(store: store)
        let work = LeasedWork<PostgresCallRelay.Claimed, Int64>(
            slots: max(1, callSlots), lease: settings.lease, idle: .milliseconds(10), key: \.id,
            claim: { [owner, settings] in try await relay.claim(owner: owner, limit: $0, lease: settings.lease) },
            renew: { [owner, settings] in try await relay.renew($0, owner: owner, lease: settings.lease) },
            work: { [chat, owner] call in
                let context = call.traceparent.flatMap { ServiceContext.otlp(traceparent: $0, asRoot: false) }
                let answer: PostgresCallRelay.Answer
                do {
                    answer = .reply(try await RequestOrder.$rank.withValue(call.rank) {
                        try await ServiceContext.withValue(context ?? ServiceContext.current) { try await chat.complete(call.request) }
                    })
                } catch {
                    if Task.isCancelled { throw CancellationError() }
                    answer = .failure(message: String(describing: error), transient: (error as? any TransientFailure)?.isTransient ?? false)
                }
                try await relay.answer(call.id, owner: owner, with: answer)
                answered.withLock { $0 += 1 }
            })
        try await work.run()
    }

    // MARK: - Resolution

    /// Takes the resolver role whenever it is free and resolves; ends when nothing is unsettled.
    private func resolveLoop() async throws -> RunReport {
        var report = RunReport()
        let role = try await PostgresResolverRole.connect(store.postgres, holder: owner, logger: logger)
        do {
            while true {
                if let fence = try await role.tryTake() {
                    logger.info("took the resolver role (epoch \(fence.epoch))")
                    do {
                        try await PostgresCallRelay(store: store).withdraw(before: fence.epoch)
                        try await resolve(fenced: fence, into: &report)
                        await role.giveUp()
                    } catch {
                        await role.giveUp()
                        throw error
                    }
                }
                if try await queue.openCount() == 0 { break }
                try await Task.sleep(for: settings.poll)
            }
        } catch {
            await role.close()
            throw error
        }
        await role.close()
        return report
    }

    /// Runs the pipeline over the unsettled articles until none is left or the role is lost.
    private func resolve(fenced fence: ResolverFence, into report: inout RunReport) async throws {
        while true {
            let items = try await queue.openItems()
            if items.isEmpty { return }
            let lost = Locked<ResolverFence.Lost?>(nil)
            let running = Locked<Task<RunReport, any Error>?>(nil)
            var resolving = pipeline
            // The queue is the plan: everything in it is processed, once.
            resolving.options.force = true
            resolving.options.limit = nil
            // Profile and grounding calls are made by any worker (match checks stay here: they are
            // the ordered stream's own latency).
            let relayed = RelayedChatModel(
                descriptor: pipeline.profiles.chat.model.descriptor, relay: PostgresCallRelay(store: store), epoch: fence.epoch,
                poll: .milliseconds(10), ranks: items.map(\.rank))
            resolving.profiles.chat.model = relayed
            resolving.grounding?.chat.model = relayed
            resolving.store = FencedKnowledgeStore(base: store, fence: fence) { gone in
                lost.value = gone
                running.value?.cancel()
            }
            resolving.extractions = QueuedExtractions(
                queue: queue, poll: settings.poll,
                traceparents: Dictionary(items.compactMap { item in item.traceparent.map { (item.article.id, $0) } }) { first, _ in first })
            // Blocks of folded profile updates by place in the queue's one order, not in this list.
            let positions = Dictionary(items.map { ($0.article.id, $0.rank) }) { first, _ in first }
            let task = Task { try await resolving.run(items.map(\.article), inputPositions: positions) }
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
        var failingSince: ContinuousClock.Instant?
        while true {
            do {
                if let extraction = try await queue.extraction(of: article.id) { return extraction }
                failingSince = nil
            } catch {
                // A passing database failure costs a poll, as in the call relay.
                let since = failingSince ?? .now
                failingSince = since
                if Task.isCancelled || ContinuousClock.now - since > RelayedChatModel.patience { throw error }
            }
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

        /// The defaults: 60-s leases, 100-ms polls, 3 attempts.
        public init() {}
    }
}
