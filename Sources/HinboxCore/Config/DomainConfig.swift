import Foundation
import Yams

/// A domain: what to extract and how to resolve it, from `config/domains/<name>/domain.yaml`.
public struct DomainConfig: Sendable, Hashable, Decodable {
    /// What the domain's categories offer for one entity type.
    public struct Category: Sendable, Hashable, Decodable {
        /// Extra extraction guidance for the prompt.
        public var guidance: String
        /// Sub-type → description (e.g. `politician: Elected or appointed office holder`).
        public var types: [String: String]
        /// Tag → description; empty when the type has no tags.
        public var tags: [String: String]

        public init(guidance: String = "", types: [String: String], tags: [String: String] = [:]) {
            self.guidance = guidance
            self.types = types
            self.tags = tags
        }

        enum CodingKeys: String, CodingKey { case guidance, types, tags }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guidance = try container.decodeIfPresent(String.self, forKey: .guidance) ?? ""
            types = try container.decodeIfPresent([String: String].self, forKey: .types) ?? [:]
            tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        }
    }

    /// How entities are matched across articles.
    public struct Resolution: Sendable, Hashable, Decodable {
        /// Cosine-similarity thresholds per type (the original's 0.82/0.78/0.80/0.76).
        public var thresholds: [EntityType: Double]
        public var lexicalCutoff: Double
        /// Names that denote the same entity ("Pentagon" = "Department of Defense"), per type.
        public var equivalenceGroups: [EntityType: [[String]]]
        public var acronymStopwords: [String]

        public init(
            thresholds: [EntityType: Double] = [.person: 0.82, .organization: 0.78, .location: 0.80, .event: 0.76],
            lexicalCutoff: Double = 0.6, equivalenceGroups: [EntityType: [[String]]] = [:],
            acronymStopwords: [String] = ["of", "the", "and", "for", "on", "in", "at", "to"]
        ) {
            self.thresholds = thresholds
            self.lexicalCutoff = lexicalCutoff
            self.equivalenceGroups = equivalenceGroups
            self.acronymStopwords = acronymStopwords
        }

        enum CodingKeys: String, CodingKey {
            case thresholds, lexicalCutoff = "lexical_cutoff", equivalenceGroups = "equivalence_groups"
            case acronymStopwords = "acronym_stopwords"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Resolution()
            let rawThresholds = try container.decodeIfPresent([String: Double].self, forKey: .thresholds) ?? [:]
            thresholds = defaults.thresholds.merging(Self.typed(rawThresholds)) { _, new in new }
            lexicalCutoff = try container.decodeIfPresent(Double.self, forKey: .lexicalCutoff) ?? defaults.lexicalCutoff
            let rawGroups = try container.decodeIfPresent([String: [[String]]].self, forKey: .equivalenceGroups) ?? [:]
            equivalenceGroups = Self.typed(rawGroups)
            acronymStopwords = try container.decodeIfPresent([String].self, forKey: .acronymStopwords) ?? defaults.acronymStopwords
        }

        private static func typed<V>(_ raw: [String: V]) -> [EntityType: V] {
            var result: [EntityType: V] = [:]
            for (key, value) in raw {
                if let type = EntityType(flexible: key) { result[type] = value }
            }
            return result
        }
    }

    public var name: String
    public var description: String
    public var categories: [EntityType: Category]
    public var resolution: Resolution
    /// What a relevant article is about, for the relevance check before extraction (none: every
    /// article is relevant).
    public var relevance: String?

    public init(
        name: String, description: String, categories: [EntityType: Category], resolution: Resolution = .init(), relevance: String? = nil
    ) {
        self.name = name
        self.description = description
        self.categories = categories
        self.resolution = resolution
        self.relevance = relevance
    }

    enum CodingKeys: String, CodingKey { case name, description, entityTypes = "entity_types", resolution, relevance }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        let raw = try container.decode([String: Category].self, forKey: .entityTypes)
        var categories: [EntityType: Category] = [:]
        for (key, value) in raw {
            guard let type = EntityType(flexible: key) else {
                throw ConfigError("unknown entity type '\(key)' in domain '\(name)'; use person, organization, location or event")
            }
            categories[type] = value
        }
        self.categories = categories
        resolution = try container.decodeIfPresent(Resolution.self, forKey: .resolution) ?? .init()
        relevance = try container.decodeIfPresent(String.self, forKey: .relevance)?.trimmingCharacters(in: .whitespacesAndNewlines)
        if relevance?.isEmpty == true { relevance = nil }
    }

    /// The category of `type`, or a single `other` sub-type when the domain leaves it out.
    public func category(_ type: EntityType) -> Category {
        categories[type] ?? Category(types: ["other": "Anything else"])
    }

    /// The entity types this domain extracts, in canonical order.
    public var entityTypes: [EntityType] { EntityType.allCases.filter { categories[$0] != nil } }

    /// Loads `domains/<name>/domain.yaml` under a config directory.
    public static func load(name: String, configDirectory: String) throws -> DomainConfig {
        let path = "\(configDirectory)/domains/\(name)/domain.yaml"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            let available = (try? FileManager.default.contentsOfDirectory(atPath: "\(configDirectory)/domains"))?.sorted() ?? []
            throw ConfigError("no domain '\(name)' (looked for \(path)); available: \(available.joined(separator: ", "))")
        }
        do {
            return try YAMLDecoder().decode(DomainConfig.self, from: text)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError("cannot read \(path): \(error)")
        }
    }
}

/// A configuration problem, with what to do about it.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
