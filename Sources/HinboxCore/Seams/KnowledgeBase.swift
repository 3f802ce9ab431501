public import Foundation

/// A whole knowledge base as the commands use it: the pipeline's ``KnowledgeStore``, the
/// ``KnowledgeBrowser`` of `hinbox serve` and `export --html`, the corrections of `hinbox profiles
/// merge/split`, and what `hinbox doctor` and the run summary report. Implemented by the SQLite
/// store (HinboxStore) and the PostgreSQL store (HinboxPostgres), with the same semantics.
public protocol KnowledgeBase: KnowledgeStore, KnowledgeBrowser {
    /// Where the knowledge base is, safe to print: a file path, or a URL without its password.
    var location: String { get }

    /// Merges entity `source` into entity `target` (ids, names or aliases), in one transaction.
    /// - Throws: ``CorrectionError`` when the entities cannot be merged; nothing changed then.
    func mergeEntities(into target: String, from source: String, at now: Date) async throws -> MergeOutcome

    /// Moves the mention of `articleID` out of `entity` into a new entity, in one transaction.
    /// - Throws: ``CorrectionError`` when the split is impossible; nothing changed then.
    func splitEntity(_ entity: String, article articleID: String, at now: Date) async throws -> SplitOutcome

    /// How much the knowledge base holds.
    func counts() async throws -> (entities: Int, versions: Int, mentions: Int, articles: Int)

    /// How many stored vectors each embedding model made (`provider/model` → count).
    func embeddingModels() async throws -> [String: Int]

    /// Lets go of the connections (a no-op for SQLite). Call it once, when done.
    func close() async
}

extension KnowledgeBase {
    /// ``mergeEntities(into:from:at:)`` now.
    public func mergeEntities(into target: String, from source: String) async throws -> MergeOutcome {
        try await mergeEntities(into: target, from: source, at: Date())
    }

    /// ``splitEntity(_:article:at:)`` now.
    public func splitEntity(_ entity: String, article articleID: String) async throws -> SplitOutcome {
        try await splitEntity(entity, article: articleID, at: Date())
    }
}
