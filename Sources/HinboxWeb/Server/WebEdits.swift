/// The corrections the review queue can make: the same operations as `hinbox profiles
/// merge/split`, supplied by the caller (which also takes the run lock), so the web target
/// needs no write access of its own.
public struct WebEdits: Sendable {
    /// What an edit did, for the result page.
    public struct Outcome: Sendable, Hashable {
        public var message: String
        /// The entity to show afterwards.
        public var entityID: String

        public init(message: String, entityID: String) {
            self.message = message
            self.entityID = entityID
        }
    }

    /// Merges `source` into `target` (entity ids).
    public var merge: @Sendable (_ target: String, _ source: String) async throws -> Outcome
    /// Moves `article`'s mention out of `entity` into a new entity.
    public var split: @Sendable (_ entity: String, _ article: String) async throws -> Outcome

    public init(
        merge: @escaping @Sendable (_ target: String, _ source: String) async throws -> Outcome,
        split: @escaping @Sendable (_ entity: String, _ article: String) async throws -> Outcome
    ) {
        self.merge = merge
        self.split = split
    }
}
