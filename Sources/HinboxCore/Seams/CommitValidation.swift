/// The checks both stores make before writing an article's commit: every part must belong to
/// the article and its run, vectors must match their dimension, scores must be finite.
public enum CommitValidation {
    /// The decision actions the schemas accept.
    public static let actions: Set<String> = ["create", "merge"]

    /// The article row a commit writes (status `processed`, no error), after ``validate(_:)``.
    public static func articleRow(of commit: ArticleCommit) throws -> ArticleRecord {
        try validate(commit)
        var article = commit.article
        article.status = .processed
        article.error = nil
        return article
    }

    /// Parts of a commit that must belong to its article.
    public static func validate(_ commit: ArticleCommit) throws {
        let articleID = commit.article.id
        if let stray = commit.mentions.first(where: { $0.articleID != articleID }) {
            throw StoreError.invalidCommit(
                articleID: articleID, reason: "it carries a mention of another article ('\(stray.articleID)')")
        }
        if let stray = commit.versions.first(where: { $0.triggerArticleID != articleID }) {
            throw StoreError.invalidCommit(
                articleID: articleID,
                reason: "version \(stray.version) of '\(stray.entityID)' names another trigger article ('\(stray.triggerArticleID)')")
        }
        for embedding in commit.embeddings {
            if embedding.vector.isEmpty || embedding.dimension != embedding.vector.count {
                throw StoreError.invalidCommit(
                    articleID: articleID,
                    reason: "the vector of '\(embedding.entityID)' has \(embedding.vector.count) values for dimension \(embedding.dimension)")
            }
        }
        for decision in commit.decisions {
            if decision.articleID != articleID || decision.runID != commit.article.runID {
                throw StoreError.invalidCommit(
                    articleID: articleID,
                    reason: "the decision for '\(decision.incomingName)' names another article or run "
                        + "('\(decision.articleID)', run '\(decision.runID)')")
            }
            if !actions.contains(decision.action) {
                throw StoreError.invalidCommit(
                    articleID: articleID,
                    reason: "the decision for '\(decision.incomingName)' has the unknown action '\(decision.action)'")
            }
            var scores: [Double] = [decision.threshold, decision.matchCheck?.confidence ?? 0]
            for candidate in decision.candidates { scores += [candidate.cosine ?? 0, candidate.lexical] }
            if scores.contains(where: { !$0.isFinite }) {
                throw StoreError.invalidCommit(
                    articleID: articleID, reason: "the decision for '\(decision.incomingName)' has a non-finite score")
            }
        }
    }
}
