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
