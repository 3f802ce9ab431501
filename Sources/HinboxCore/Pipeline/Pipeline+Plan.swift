extension Pipeline {
    /// What a run will do: the articles that need processing (new, changed, or failed before; all
    /// with `force`), how many are skipped, and which failed articles come after processed ones.
    public struct Plan: Sendable {
        public var todo: [Article] = []
        public var skipped = 0
        /// Articles that failed before and are now processed after articles that follow them in
        /// the input (see ``ResumeOrder``).
        public var outOfOrder: [String] = []
        /// The input position of the first article `--limit` left for a later run, if any.
        public var cutAt: Int?
    }

    /// The articles that need processing: new, changed, or failed before (all with `force`). An
    /// irrelevant one is skipped while its content and the relevance text are unchanged.
    public func plan(_ articles: [Article]) async throws -> Plan {
        var plan = Plan()
        var failedBefore: [String] = []
        for (position, article) in articles.enumerated() {
            let stored = try await store.article(id: article.id)
            if !options.force, let stored, stored.contentHash == article.contentHash,
                stored.status == .processed || (stored.status == .irrelevant && relevance != nil && stored.relevanceKey == relevance?.key)
            {
                plan.skipped += 1
                // A processed article after failed ones: those are now processed out of input order.
                plan.outOfOrder += failedBefore
                failedBefore = []
                continue
            }
            if let limit = options.limit, plan.todo.count >= limit {
                plan.cutAt = position
                break
            }
            plan.todo.append(article)
            if stored?.status == .failed { failedBefore.append(article.id) }
        }
        return plan
    }
}
