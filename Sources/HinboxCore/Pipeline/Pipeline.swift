import Foundation
import HinboxTracing
import Logging
import Tracing

/// hinbox's pipeline: ingested articles in, entities and versioned profiles out, in the store.
///
/// Up to `concurrency` articles are in flight. Extraction, evidence embeddings and profile writing
/// run concurrently; only the decisions against the entity index and the commits take turns, in
/// input order (``MergeCoordinator``), so the same input always gives the same database. Each
/// article is one trace: an AGENT `process_article` root span with every stage below it.
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

        public init(runID: String, domain: String, concurrency: Int = 4, force: Bool = false, limit: Int? = nil) {
            self.runID = runID
            self.domain = domain
            self.concurrency = concurrency
            self.force = force
            self.limit = limit
        }
    }

    public var options: Options
    public var extractor: EntityExtractor
    public var profiles: ProfileWriter
    public var resolver: EntityResolver
    public var store: any KnowledgeStore
    public var domain: DomainConfig
    public var logger: Logger
    /// Reads the OTLP trace id of a span's context (nil when tracing is off).
    public var traceID: @Sendable (ServiceContext) -> String?
    public var onEvent: @Sendable (PipelineEvent) -> Void

    public init(
        options: Options, extractor: EntityExtractor, profiles: ProfileWriter, resolver: EntityResolver,
        store: any KnowledgeStore, domain: DomainConfig,
        logger: Logger, traceID: @escaping @Sendable (ServiceContext) -> String? = { _ in nil },
        onEvent: @escaping @Sendable (PipelineEvent) -> Void = { _ in }
    ) {
        self.options = options
        self.extractor = extractor
        self.profiles = profiles
        self.resolver = resolver
        self.store = store
        self.domain = domain
        self.logger = logger
        self.traceID = traceID
        self.onEvent = onEvent
    }

    /// The articles that need processing: new, changed, or failed before (all with `force`).
    public func plan(_ articles: [Article]) async throws -> (todo: [Article], skipped: Int) {
        var todo: [Article] = []
        var skipped = 0
        for article in articles {
            if !options.force, let stored = try await store.article(id: article.id),
                stored.status == .processed, stored.contentHash == article.contentHash
            {
                skipped += 1
                continue
            }
            if let limit = options.limit, todo.count >= limit { break }
            todo.append(article)
        }
        return (todo, skipped)
    }

    /// Processes `articles`; failures are recorded per article and never stop the run.
    public func run(_ articles: [Article]) async throws -> RunReport {
        let (todo, skipped) = try await plan(articles)
        onEvent(.planned(total: todo.count, skipped: skipped))
        let known = try await store.knownEntities()
        if let model = resolver.embedder?.descriptor.description {
            let others = Set(known.compactMap(\.embedding?.model)).subtracting([model])
            if !others.isEmpty {
                // Vectors from different models are never compared; those entities match by name only.
                logger.warning(
                    "stored entity vectors come from \(others.sorted().joined(separator: ", ")) but this run embeds with \(model): they are not compared across models, so those entities are matched by name until they are seen again")
            }
        }
        let coordinator = MergeCoordinator(index: EntityIndex(known)) { [store] in try await store.knownEntities() }
        let processor = ArticleProcessor(
            runID: options.runID, extractor: extractor, resolver: resolver, profiles: profiles, store: store, domain: domain)
        var report = RunReport()
        report.skipped = skipped
        try await withThrowingTaskGroup(of: ArticleOutcome?.self) { group in
            var iterator = todo.enumerated().makeIterator()
            func startNext() -> Bool {
                guard !Task.isCancelled, let (turn, article) = iterator.next() else { return false }
                group.addTask {
                    // Older articles' model requests go first: later articles wait on their turns.
                    await RequestOrder.$rank.withValue(turn) {
                        await process(article, turn: turn, processor: processor, coordinator: coordinator)
                    }
                }
                return true
            }
            for _ in 0..<max(1, options.concurrency) where !startNext() { break }
            while let outcome = try await group.next() {
                if let outcome {
                    if outcome.error == nil { report.processed.append(outcome) } else { report.failed.append(outcome) }
                } else {
                    report.interrupted += 1
                }
                _ = startNext()
            }
        }
        report.interrupted += todo.count - report.processed.count - report.failed.count - report.interrupted
        return report
    }

    /// One article, start to finish, as one trace. Returns nil when abandoned by cancellation.
    private func process(_ article: Article, turn: Int, processor: ArticleProcessor, coordinator: MergeCoordinator) async -> ArticleOutcome? {
        onEvent(.articleStarted(article))
        let articleTraceID = Locked<String?>(nil)
        do {
            let outcome = try await withOpenInferenceSpan("process_article", kind: .agent) { span in
                let traceID = self.traceID(span.context)
                articleTraceID.value = traceID
                span.attributes.openInference.agentName = "hinbox"
                span.setInput(json: ["id": article.id, "title": article.title, "url": article.url ?? "", "source": article.source])
                span.setMetadata(["article_id": article.id, "domain": options.domain, "run_id": options.runID])
                // Extraction and evidence embeddings need no index: they run ahead of the turns.
                let prepared: [EntityResolver.Prepared]
                do {
                    let extracted = try await processor.extractAll(from: article)
                    prepared = try await processor.prepareResolution(extracted, article: article)
                } catch {
                    // Keep the turn order intact for the articles behind this one.
                    await coordinator.resolveGate.withTurn(turn) {}
                    await coordinator.commitGate.withTurn(turn) {}
                    throw error
                }
                let merged = try await merge(article, prepared: prepared, turn: turn, processor: processor, coordinator: coordinator, traceID: traceID)
                for decision in merged.decisions {
                    let name = merged.known.first { $0.record.id == decision.entityID }?.record.name ?? decision.entity.name
                    onEvent(.decision(decision, entityName: name, articleID: article.id))
                }
                let outcome = ArticleOutcome(
                    articleID: article.id, title: article.title, source: article.source, traceID: traceID,
                    created: merged.decisions.count { !$0.isMerge }, merged: merged.decisions.count { $0.isMerge })
                span.setOutput(json: ["entities_created": outcome.created, "entities_merged": outcome.merged, "profiles_written": merged.decisions.count])
                return outcome
            }
            onEvent(.articleProcessed(outcome))
            return outcome
        } catch {
            if error is CancellationError || Task.isCancelled { return nil }
            let message = String(describing: error)
            logger.warning("article failed", metadata: ["article": "\(article.id)", "error": "\(message)"])
            let record = ArticleRecord(article: article, status: .failed, error: message, runID: options.runID, traceID: articleTraceID.value, processedAt: Date())
            do {
                try await store.recordFailure(record)
            } catch {
                logger.error("could not record the failure of \(article.id): \(error)")
            }
            let outcome = ArticleOutcome(articleID: article.id, title: article.title, source: article.source, traceID: articleTraceID.value, error: message)
            onEvent(.articleFailed(outcome))
            return outcome
        }
    }
}

extension Pipeline {
    /// Resolve turn, profiles (concurrently with other articles), commit turn. See ``MergeCoordinator``.
    fileprivate func merge(
        _ article: Article, prepared: [EntityResolver.Prepared], turn: Int, processor: ArticleProcessor,
        coordinator: MergeCoordinator, traceID: String?
    ) async throws -> ArticleProcessor.Merged {
        let now = Date()
        let scheduled: MergeCoordinator.Scheduled
        do {
            scheduled = try await coordinator.resolveGate.withTurn(turn) { () async throws -> MergeCoordinator.Scheduled in
                try Task.checkCancellation()
                let (index, epoch) = await coordinator.beginResolve(turn)
                let resolved = try await processor.resolve(article, prepared: prepared, index: index) { await coordinator.profile(of: $0) }
                let updates = try processor.updates(resolved, index: index, now: now)
                let profiles = await processor.startProfiles(resolved, article: article, index: index) { await coordinator.baseProfile(of: $0) }
                let scheduled = MergeCoordinator.Scheduled(turn: turn, epoch: epoch, resolved: resolved, updates: updates, profiles: profiles)
                await coordinator.register(scheduled)
                return scheduled
            }
        } catch {
            for next in prepared { next.abandon(error) }
            await coordinator.commitGate.withTurn(turn) {}
            throw error
        }
        let profiles: Result<[Profile], any Error>
        do { profiles = .success(try await ArticleProcessor.values(of: scheduled.profiles)) } catch { profiles = .failure(error) }
        return try await coordinator.commitGate.withTurn(turn) { () async throws -> ArticleProcessor.Merged in
            try Task.checkCancellation()
            if await coordinator.isStale(scheduled) {
                // It resolved against changes that were rolled back: redo it against the store's state.
                let merged = try await processor.merge(
                    article, prepared: prepared.map { $0.reopened() }, index: await coordinator.index, traceID: traceID)
                await coordinator.apply(merged.known)
                return merged
            }
            do {
                let merged = try await processor.commit(
                    article, resolved: scheduled.resolved, updates: scheduled.updates, profiles: profiles.get(), traceID: traceID, now: now)
                await coordinator.committed(scheduled, profiles: try profiles.get())
                return merged
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
