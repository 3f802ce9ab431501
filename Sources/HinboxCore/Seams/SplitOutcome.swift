/// What `hinbox profiles split` did.
public struct SplitOutcome: Sendable, Hashable {
    /// The entity the mention was taken from.
    public var source: EntityRecord
    /// The new entity, named as the article named it.
    public var created: EntityRecord
    public var articleID: String
    /// The alias removed from the source because no other mention uses it (nil when none).
    public var removedAlias: String?
    /// The `run` row of this correction (domain and models `manual`).
    public var runID: String

    package init(source: EntityRecord, created: EntityRecord, articleID: String, removedAlias: String?, runID: String) {
        self.source = source
        self.created = created
        self.articleID = articleID
        self.removedAlias = removedAlias
        self.runID = runID
    }
}
