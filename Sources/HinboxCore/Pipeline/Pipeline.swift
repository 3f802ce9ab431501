import Foundation
import HinboxTracing
public import Instrumentation
public import Logging
import Tracing

/// hinbox's pipeline: ingested articles in, entities and versioned profiles out, in the store.
///
/// Up to `concurrency` articles are in flight. Extraction, evidence embeddings and profile writing
/// run concurrently; only the decisions against the entity index and the commits take turns, in
/// input order (``TurnCoordinator``), so the same input always gives the same database. A step
/// that fails transiently is tried again in place (``StepRetry``), so a flaky provider costs
/// retries, not a different database. Each article is one trace: an AGENT `process_article` root
/// span with every stage below it.
public struct Pipeline: Sendable {
    /// Run options.
    public struct Options: Sendable {
        /// The run's UUID (also the Phoenix session id).
        public var runID: String
        public var domain: String
        /// Articles in flight.
        public var concurrency: Int = 4
        /// Reprocess unchanged articles too.
        public var force = false
        /// Process at most this many articles (skipped ones don't count).
        public var limit: Int?
        /// Tries per step before the article fails (see ``StepRetry``).
        public var stepAttempts = 3
        /// How the article's work is spread over model calls.
        public var callPlan = CallPlan.standard

        public init(
            runID: String, domain: String, concurrency: Int = 4, force: Bool = false, limit: Int? = nil, stepAttempts: Int = 3,
            callPlan: CallPlan = .standard
        ) {
            self.runID = runID
            self.domain = domain
            self.concurrency = concurrency
            self.force = force
            self.limit = limit
            self.stepAttempts = stepAttempts
            self.callPlan = callPlan
        }
    }

    public var options: Options
    public var extractor: EntityExtractor
    public var profiles: ProfileWriter
    /// Checks every new profile version against the article that wrote it; nil: off.
    public var grounding: GroundingChecker?
    public var resolver: EntityResolver
    /// Asks whether an article is on-topic before extracting it; nil: every article is.
    public var relevance: RelevanceFilter?
    public var store: any KnowledgeStore
    public var domain: DomainConfig
    public var logger: Logger
    /// Reads the OTLP trace id of a span's context (nil when tracing is off).
    public var traceID: @Sendable (ServiceContext) -> String?
    public var onEvent: @Sendable (PipelineEvent) -> Void
    /// Where extractions come from when other processes make them; nil: this run extracts.
    public var extractions: (any ExtractionSource)?

    public init(
        options: Options, extractor: EntityExtractor, profiles: ProfileWriter, grounding: GroundingChecker? = nil, resolver: EntityResolver,
        relevance: RelevanceFilter? = nil, store: any KnowledgeStore, domain: DomainConfig,
        logger: Logger, traceID: @escaping @Sendable (ServiceContext) -> String? = { _ in nil },
        onEvent: @escaping @Sendable (PipelineEvent) -> Void = { _ in }
    ) {
        self.options = options
        self.extractor = extractor
        self.profiles = profiles
        self.grounding = grounding
        self.resolver = resolver
        self.relevance = relevance
        self.store = store
        self.domain = domain
        self.logger = logger
        self.traceID = traceID
        self.onEvent = onEvent
    }

    /// Processes `articles`; failures are recorded per article and never stop the run.
    ///
    /// With `texts`, `articles` are a scan without their text (``ArticleLoader/scan(path:)``) and
    /// each article's text is read from the stream when its turn to start comes, so only the
    /// articles in flight are in memory whole. `inputPositions` places the articles in the whole
    /// input when `articles` is only part of it (the workers' resolver runs over the unsettled
    /// queue), so blocks of folded profile updates stay where an uninterrupted run has them;
    /// nil: `articles` is the whole input, in order.
    public func run(_ articles: [Article], texts: ArticleStream? = nil, inputPositions: [String: Int]? = nil) async throws -> RunReport {
        let plan = try await plan(articles)
        let todo = plan.todo
        onEvent(.planned(total: todo.count, skipped: plan.skipped))
        let known = try await store.knownEntities()
        if let model = resolver.embedder?.descriptor.description {
            let others = Set(known.compactMap(\.embedding?.model)).subtracting([model])
            if !others.isEmpty {
                // Vectors from different models are never compared; those entities match by name only.
                logger.warning(
                    "stored entity vectors come from \(others.sorted().joined(separator: ", ")) but this run embeds with \(model): they are not compared across models, so those entities are matched by name until they are seen again")
            }
        }
        let blocks = ProfileBlocks(
            scan: articles, positions: inputPositions, todo: todo, size: options.callPlan.profileBlock, cutAt: plan.cutAt)
        let waiting: @Sendable () async throws -> [WaitingMention] = { [store] in
            try await store.pendingProfileMentions().map {
                WaitingMention(key: $0.mention, stored: $0.article, position: blocks.position(of: $0.mention.articleID))
            }
        }
        let coordinator = TurnCoordinator(TurnCoordinator.Stored(entities: known, waiting: try await waiting())) { [store] in
            TurnCoordinator.Stored(entities: try await store.knownEntities(), waiting: try await waiting())
        }
        let processor = makeProcessor()
        var report = RunReport()
        report.skipped = plan.skipped
        report.outOfOrder = plan.outOfOrder
        try await withThrowingTaskGroup(of: ArticleOutcome?.self) { group in
            var iterator = todo.enumerated().makeIterator()
            func place(_ turn: Int, _ article: Article) -> ArticlePlace {
                ArticlePlace(position: blocks.position(of: article.id), foldThrough: blocks.foldsThrough(todoIndex: turn), blocks: blocks)
            }
            func startNext() -> Bool {
                guard !Task.isCancelled, case (let turn, var article)? = iterator.next() else { return false }
                if let texts {
                    guard let full = texts.next(id: article.id), full.contentHash == article.contentHash else {
                        group.addTask {
                            // Its turns pass, so the articles after it go on.
                            _ = try? await coordinator.withTurns(turn) { _ in }
                            return await fail(article, because: "its file changed while the run was reading it; run again to process it", traceID: nil)
                        }
                        return true
                    }
                    article = full
                }
                group.addTask {
                    // Older articles' model requests go first: later articles wait on their turns.
                    let ledger = WaitLedger()
                    return await RequestOrder.$rank.withValue(turn) {
                        await WaitLedger.$current.withValue(ledger) {
                            await process(
                                article, turn: turn, place: place(turn, article), ledger: ledger, processor: processor, coordinator: coordinator)
                        }
                    }
                }
                return true
            }
            for _ in 0..<max(1, options.concurrency) where !startNext() { break }
            while let outcome = try await group.next() {
                if let outcome {
                    if outcome.error != nil {
                        report.failed.append(outcome)
                    } else if outcome.irrelevantReason != nil {
                        report.irrelevant.append(outcome)
                    } else {
                        report.processed.append(outcome)
                    }
                } else {
                    report.interrupted += 1
                }
                _ = startNext()
            }
        }
        report.interrupted += todo.count - report.processed.count - report.failed.count - report.irrelevant.count - report.interrupted
        return report
    }

    /// One article, start to finish, as one trace. Returns nil when abandoned by cancellation.
    private func process(
        _ article: Article, turn: Int, place: ArticlePlace, ledger: WaitLedger, processor: ArticleProcessor, coordinator: TurnCoordinator
    ) async -> ArticleOutcome? {
        onEvent(.articleStarted(article))
        let articleTraceID = Locked<String?>(nil)
        do {
            let outcome = try await coordinator.withTurns(turn, ledger: ledger) { turns in
                try await withArticleRoot(article) { span in
                    // What the article waited for, on every path: a long root with short children explains itself.
                    defer { Self.record(ledger.waits, on: span) }
                    let traceID = self.traceID(span.context)
                    articleTraceID.value = traceID
                    span.attributes.openInference.agentName = "hinbox"
                    span.setInput(json: ["id": article.id, "title": article.title, "url": article.url ?? "", "source": article.source])
                    span.setMetadata(["article_id": article.id, "domain": options.domain, "run_id": options.runID])
                    // Extraction and evidence embeddings need no index: they run ahead of the turns.
                    let prepared: [EntityResolver.Prepared]
                    switch try await extraction(of: article, processor: processor) {
                    case .prepared(let extracted):
                        prepared = extracted
                    case .failed(let reason):
                        throw ExtractionFailed(description: reason)
                    case .irrelevant(let reason, let key):
                        try await store.recordIrrelevant(ArticleRecord(
                            article: article, status: .irrelevant, runID: options.runID, traceID: traceID, processedAt: Date(),
                            relevanceReason: reason, relevanceKey: key))
                        span.setOutput(json: ["irrelevant": reason])
                        return ArticleOutcome(
                            articleID: article.id, title: article.title, source: article.source, traceID: traceID, irrelevantReason: reason,
                            waits: ledger.waits)
                    }
                    let committed = try await resolveAndCommit(
                        article, place: place, prepared: prepared, turns: turns, processor: processor, coordinator: coordinator,
                        traceID: traceID)
                    for decision in committed.decisions {
                        let name = committed.known.first { $0.record.id == decision.entityID }?.record.name ?? decision.entity.name
                        onEvent(.decision(decision, entityName: name, articleID: article.id))
                    }
                    let outcome = ArticleOutcome(
                        articleID: article.id, title: article.title, source: article.source, traceID: traceID,
                        created: committed.decisions.count { !$0.isMerge }, merged: committed.decisions.count { $0.isMerge },
                        waits: ledger.waits)
                    span.setOutput(json: [
                        "entities_created": outcome.created, "entities_merged": outcome.merged, "profiles_written": committed.versions,
                    ])
                    return outcome
                }
            }
            onEvent(outcome.irrelevantReason == nil ? .articleProcessed(outcome) : .articleIrrelevant(outcome))
            return outcome
        } catch {
            if error is CancellationError || Task.isCancelled { return nil }
            return await fail(article, because: String(describing: error), traceID: articleTraceID.value, waits: ledger.waits)
        }
    }

    /// Records `article` as failed with `message`, reports it, and returns its outcome.
    fileprivate func fail(_ article: Article, because message: String, traceID: String?, waits: Waits = Waits()) async -> ArticleOutcome {
        logger.warning("article failed", metadata: ["article": "\(article.id)", "error": "\(message)"])
        let record = ArticleRecord(article: article, status: .failed, error: message, runID: options.runID, traceID: traceID, processedAt: Date())
        do {
            try await store.recordFailure(record)
        } catch {
            logger.error("could not record the failure of \(article.id): \(error)")
        }
        let outcome = ArticleOutcome(
            articleID: article.id, title: article.title, source: article.source, traceID: traceID, error: message, waits: waits)
        onEvent(.articleFailed(outcome))
        return outcome
    }
}

extension Pipeline {
    /// The article's waits as `hinbox.wait.<kind>_ms` attributes and their total.
    fileprivate static func record(_ waits: Waits, on span: any Span) {
        span.updateAttributes { attributes in
            // The total is the sum of the parts as written (each rounded down on its own).
            let parts = Waits.Kind.allCases.map { (kind: $0, ms: Int(waits[$0].milliseconds)) }
            for part in parts { attributes["hinbox.wait.\(part.kind.rawValue)_ms"] = part.ms }
            attributes["hinbox.wait.total_ms"] = parts.reduce(0) { $0 + $1.ms }
        }
    }

    /// The article's resolve turn, its profiles (written concurrently with other articles), and
    /// its commit turn. See ``TurnCoordinator``.
    fileprivate func resolveAndCommit(
        _ article: Article, place: ArticlePlace, prepared: [EntityResolver.Prepared], turns: ArticleTurns, processor: ArticleProcessor,
        coordinator: TurnCoordinator, traceID: String?
    ) async throws -> ArticleProcessor.Committed {
        let now = Date()
        let scheduled = try await turns.resolve { () async throws -> TurnCoordinator.Scheduled in
            try Task.checkCancellation()
            let (index, waiting, epoch) = await coordinator.beginResolve(turns.number)
            let resolved = try await processor.resolve(article, prepared: prepared, index: index) { await coordinator.profile(of: $0) }
            let updates = try processor.updates(resolved, index: index, now: now)
            let schedule = processor.schedule(
                resolved, updates: updates, article: article, position: place.position, foldThrough: place.foldThrough,
                blocks: place.blocks, waiting: waiting, index: index, now: now)
            let profiles = await processor.startProfiles(schedule.versions, article: article, index: index) {
                await coordinator.baseProfile(of: $0)
            }
            let scheduled = TurnCoordinator.Scheduled(
                turn: turns.number, epoch: epoch, resolved: resolved, updates: updates, schedule: schedule, profiles: profiles)
            await coordinator.register(scheduled)
            return scheduled
        }
        let profiles: Result<[Profile], any Error>
        do { profiles = .success(try await ArticleProcessor.values(of: scheduled.profiles.map(\.final))) } catch { profiles = .failure(error) }
        return try await turns.commit { () async throws -> ArticleProcessor.Committed in
            try Task.checkCancellation()
            if await coordinator.isStale(scheduled) {
                // It resolved against changes that were rolled back: redo it against the store's state.
                let (committed, schedule) = try await processor.redo(
                    article, at: place, prepared: prepared, index: await coordinator.index, waiting: await coordinator.waiting, traceID: traceID)
                await coordinator.apply(committed.known, schedule: schedule)
                return committed
            }
            do {
                let committed = try await processor.commit(
                    article, resolved: scheduled.resolved, updates: scheduled.updates, schedule: scheduled.schedule, profiles: profiles.get(),
                    traceID: traceID, now: now)
                await coordinator.committed(scheduled, profiles: try profiles.get())
                return committed
            } catch {
                do {
                    try await coordinator.rollBack()
                } catch let reloadError {
                    // The index keeps this article's uncommitted entities; articles that use them fail
                    // their commit (foreign keys) and a rerun retries them. Nothing wrong is stored.
                    logger.error("could not reload the entity index from the store after \(article.id) failed: \(reloadError); articles after it may fail, rerun to retry them")
                }
                throw error
            }
        }
    }
}
