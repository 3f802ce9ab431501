/// What resolution decided for one extracted entity.
public struct ResolutionDecision: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// A new entity with this id.
        case create(entityID: String)
        /// Merge into this existing entity.
        case merge(entityID: String)
    }

    public var entity: ExtractedEntity
    public var action: Action
    /// Why, in a few words ("exact name", "alias", "no candidate").
    public var reason: String

    public init(entity: ExtractedEntity, action: Action, reason: String) {
        self.entity = entity
        self.action = action
        self.reason = reason
    }

    public var entityID: String {
        switch action {
        case .create(let id), .merge(let id): id
        }
    }

    public var isMerge: Bool {
        if case .merge = action { return true }
        return false
    }
}
