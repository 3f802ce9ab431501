/// What `hinbox profiles merge` did.
public struct MergeOutcome: Sendable, Hashable {
    /// The entity that stayed, in its new state.
    public var kept: EntityRecord
    /// The entity merged into it, as it was before its row was deleted.
    public var removed: EntityRecord
    /// The new version of the kept profile (its text is both profiles, kept first).
    public var version: Int
    /// Articles whose mention moved to the kept entity.
    public var movedMentions: [String]
    /// Articles that mentioned both: the kept entity's mention stays, the other is dropped.
    public var droppedMentions: [String]
    /// Names of the removed entity that became aliases of the kept one.
    public var addedAliases: [String]
    /// The `run` row of this correction (domain and models `manual`).
    public var runID: String

    package init(
        kept: EntityRecord, removed: EntityRecord, version: Int, movedMentions: [String], droppedMentions: [String],
        addedAliases: [String], runID: String
    ) {
        self.kept = kept
        self.removed = removed
        self.version = version
        self.movedMentions = movedMentions
        self.droppedMentions = droppedMentions
        self.addedAliases = addedAliases
        self.runID = runID
    }
}
