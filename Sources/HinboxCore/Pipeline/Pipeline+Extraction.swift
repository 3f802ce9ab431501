import HinboxTracing
import Instrumentation
import Tracing

extension Pipeline {
    /// Runs an article's first stage — relevance check, extraction, evidence embeddings — without
    /// touching the store or any index: what a worker does for an article another process resolves.
    /// A step that still fails after its retries gives ``ArticleExtraction/failed(_:)``.
    ///
    /// - Throws: `CancellationError` only, when the caller is cancelled.
    public func extract(_ article: Article) async throws -> ArticleExtraction {
        do {
            return try await localExtraction(of: article, processor: makeProcessor())
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            return .failed(String(describing: error))
        }
    }

    /// The article's first stage: from ``extractions`` when other processes make it, else here.
    func extraction(of article: Article, processor: ArticleProcessor) async throws -> ArticleExtraction {
        if let extractions { return try await extractions.extraction(of: article) }
        return try await localExtraction(of: article, processor: processor)
    }

    /// Runs `body` in the article's root span. With extractions made elsewhere, the root takes the
    /// identity queued with the article, so their spans are its children; if this process is then
    /// interrupted (its resolver role lost or handed back), another one emits that root again, so
    /// this interrupted copy is dropped rather than exported as a second span with the same ids.
    func withArticleRoot<T>(_ article: Article, _ body: (any Span) async throws -> T) async throws -> T {
        guard let queued = extractions?.traceContext(of: article) else {
            return try await withOpenInferenceSpan("process_article", kind: .agent, body)
        }
        return try await ServiceContext.withValue(queued) {
            try await withOpenInferenceSpan("process_article", kind: .agent) { span in
                do {
                    return try await body(span)
                } catch where error is CancellationError || Task.isCancelled {
                    (span as? any DiscardableSpan)?.discard()
                    throw error
                }
            }
        }
    }

    private func localExtraction(of article: Article, processor: ArticleProcessor) async throws -> ArticleExtraction {
        if let relevance {
            let verdict = try await processor.retry.run("relevance", article: article.id) { try await relevance.check(article) }
            if !verdict.relevant {
                return .irrelevant(reason: verdict.reason.isEmpty ? "off-topic (no reason given)" : verdict.reason, key: relevance.key)
            }
        }
        let extracted = try await processor.extractAll(from: article)
        return .prepared(try await processor.prepareResolution(extracted, article: article))
    }

    func makeProcessor() -> ArticleProcessor {
        let retry = StepRetry(attempts: options.stepAttempts, logger: logger)
        return ArticleProcessor(
            runID: options.runID, retry: retry, plan: options.callPlan, extractor: extractor, resolver: resolver, profiles: profiles,
            grounding: grounding.map { ProfileGrounding(checker: $0, writer: profiles, retry: retry) }, store: store, domain: domain)
    }
}

/// An extraction another process made failed; the article is recorded failed with its reason.
struct ExtractionFailed: Error, CustomStringConvertible {
    let description: String
}
