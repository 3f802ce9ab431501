/// What a resumed run can and cannot reproduce, said in the same words wherever users meet it
/// (the run summary, `hinbox articles show`).
///
/// Resolution depends on input order: an article is decided against everything before it. A step
/// that fails transiently is retried in place (``StepRetry``), so the order holds; but an article
/// that failed for good is processed by the rerun after the articles that follow it, and the
/// entities it introduces may then get other ids, and merges may differ, from an uninterrupted
/// run.
public enum ResumeOrder {
    /// Said of an article that failed for good.
    public static let failedArticleNote =
        "articles after it in the input were processed without it; a rerun processes it after them, so the entities it introduces "
        + "may get other ids, and merges may differ, from an uninterrupted run (for an identical knowledge base, process the folder into a new --db)"

    /// Said of a rerun that processes articles which failed before, after articles that follow them.
    public static func outOfOrderNote(_ articleIDs: [String]) -> String {
        let listed = articleIDs.prefix(5).joined(separator: ", ") + (articleIDs.count > 5 ? ", …" : "")
        return "\(articleIDs.count) article\(articleIDs.count == 1 ? "" : "s") that failed before (\(listed)) "
            + "\(articleIDs.count == 1 ? "was" : "were") processed after articles that follow them in the input: the entities they introduce "
            + "may get other ids, and merges may differ, from an uninterrupted run (for an identical knowledge base, process the folder into a new --db)"
    }
}
