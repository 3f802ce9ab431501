/// An entity as one article's extraction produced it, after quality checks.
public struct ExtractedEntity: Sendable, Hashable, Codable {
    public var type: EntityType
    /// The name (people, organizations, locations) or title (events).
    public var name: String
    /// The domain's sub-type, e.g. `politician` or `government`.
    public var subtype: String?
    public var tags: [String]
    /// Other names the article uses for the same entity.
    public var aliases: [String]
    /// Events only.
    public var description: String?
    /// Events only: `YYYY-MM-DD`.
    public var startDate: String?
    public var endDate: String?
    public var isFuzzyDate: Bool

    public init(
        type: EntityType, name: String, subtype: String? = nil, tags: [String] = [], aliases: [String] = [],
        description: String? = nil, startDate: String? = nil, endDate: String? = nil, isFuzzyDate: Bool = false
    ) {
        self.type = type
        self.name = name
        self.subtype = subtype
        self.tags = tags
        self.aliases = aliases
        self.description = description
        self.startDate = startDate
        self.endDate = endDate
        self.isFuzzyDate = isFuzzyDate
    }

    /// The exact-match key: normalised name (+ start date for events).
    public var key: EntityKey { EntityKey(type: type, name: name, date: type == .event ? startDate : nil) }
}

/// The normalised identity key of an entity: type + folded name (+ date for events).
public struct EntityKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var type: EntityType
    public var normalizedName: String
    public var date: String?

    public init(type: EntityType, name: String, date: String? = nil) {
        self.type = type
        self.normalizedName = NameNormalizer.key(name)
        self.date = date
    }

    /// `person|dana whitfield` or `event|public hearing|2025-03-14`.
    public var description: String {
        [type.rawValue, normalizedName, date].compactMap { $0 }.joined(separator: "|")
    }
}
