/// The four kinds of entity hinbox extracts.
public enum EntityType: String, Sendable, Codable, CaseIterable, Comparable {
    case person
    case organization
    case location
    case event

    /// The plural used in prompts and output ("people", "organizations", …).
    public var plural: String {
        switch self {
        case .person: "people"
        case .organization: "organizations"
        case .location: "locations"
        case .event: "events"
        }
    }

    /// A short prefix for entity ids (`per_…`, `org_…`, `loc_…`, `evt_…`).
    public var idPrefix: String {
        switch self {
        case .person: "per"
        case .organization: "org"
        case .location: "loc"
        case .event: "evt"
        }
    }

    /// Parses `person`/`people`/`organization(s)`/`location(s)`/`event(s)`, any case.
    public init?(flexible text: String) {
        let lower = text.lowercased()
        if let match = EntityType.allCases.first(where: { $0.rawValue == lower || $0.plural == lower }) {
            self = match
        } else if lower == "persons" || lower == "org" || lower == "orgs" {
            self = lower.hasPrefix("org") ? .organization : .person
        } else {
            return nil
        }
    }

    public static func < (lhs: EntityType, rhs: EntityType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
