public import Foundation
public import HinboxCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ground truth a ``GazetteerScript`` answers from: canonical names, aliases and types.
///
/// JSON shape (`data/gazetteer.json`): `{"person":[{"name":…,"type":…,"aliases":[…]}], "organization":[…],
/// "location":[…], "event":[{"name":…,"type":…,"start_date":…,"description":…}]}`.
public struct Gazetteer: Sendable, Codable, Hashable {
    public struct Entry: Sendable, Codable, Hashable {
        /// The canonical name (events: the title).
        public var name: String
        /// The sub-type, e.g. `politician`.
        public var type: String
        public var aliases: [String]
        public var tags: [String]?
        public var description: String?
        public var startDate: String?
        public var endDate: String?
        public var isFuzzyDate: Bool?

        enum CodingKeys: String, CodingKey {
            case name, type, aliases, tags, description
            case startDate = "start_date", endDate = "end_date", isFuzzyDate = "is_fuzzy_date"
        }

        public init(
            name: String, type: String, aliases: [String] = [], tags: [String]? = nil, description: String? = nil,
            startDate: String? = nil, endDate: String? = nil, isFuzzyDate: Bool? = nil
        ) {
            self.name = name
            self.type = type
            self.aliases = aliases
            self.tags = tags
            self.description = description
            self.startDate = startDate
            self.endDate = endDate
            self.isFuzzyDate = isFuzzyDate
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            type = try container.decode(String.self, forKey: .type)
            aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
            tags = try container.decodeIfPresent([String].self, forKey: .tags)
            description = try container.decodeIfPresent(String.self, forKey: .description)
            startDate = try container.decodeIfPresent(String.self, forKey: .startDate)
            endDate = try container.decodeIfPresent(String.self, forKey: .endDate)
            isFuzzyDate = try container.decodeIfPresent(Bool.self, forKey: .isFuzzyDate)
        }

        /// The name followed by the aliases.
        public var forms: [String] { [name] + aliases }
    }

    public var entries: [EntityType: [Entry]]

    public init(entries: [EntityType: [Entry]]) {
        self.entries = entries
    }

    /// Decodes gazetteer JSON.
    public init(data: Data) throws {
        self = try JSONDecoder().decode(Gazetteer.self, from: data)
    }

    /// Reads a gazetteer file such as `data/gazetteer.json`.
    public init(contentsOf url: URL) throws {
        try self.init(data: Data(contentsOf: url))
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: [Entry]].self)
        var entries: [EntityType: [Entry]] = [:]
        for (key, list) in raw {
            guard let type = EntityType(rawValue: key) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "unknown entity type \"\(key)\""))
            }
            entries[type] = list
        }
        self.entries = entries
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: entries.map { ($0.key.rawValue, $0.value) }))
    }

    /// What an extractor should find in `text` for `type`: one match per entry with a form that
    /// occurs verbatim (case-sensitive, on word boundaries).
    public func matches(of type: EntityType, in text: String) -> [Match] {
        (entries[type] ?? []).compactMap { entry in
            let found = entry.forms.filter { Self.occurs($0, in: text) }
            guard let first = found.first else { return nil }
            let name = found.contains(entry.name) ? entry.name : first
            return Match(entry: entry, name: name, aliases: found.filter { $0 != name })
        }
    }

    /// An entry found in a text.
    public struct Match: Sendable, Hashable {
        public var entry: Entry
        /// The canonical name if it occurs, else the first form that does.
        public var name: String
        /// The other forms that occur.
        public var aliases: [String]
    }

    /// Whether `form` occurs in `text` between non-word characters (or the text's ends).
    ///
    /// The search is over UTF-8 bytes (the same matches as a literal search: no
    /// normalisation). Foundation's `range(of:)` converted each text to UTF-16 for every form and
    /// took two thirds of the benchmarks' scripted server, which shares the cores hinbox is
    /// measured on.
    static func occurs(_ form: String, in text: String) -> Bool {
        guard !form.isEmpty else { return false }
        var form = form, haystack = text
        let offsets = form.withUTF8 { needle in
            haystack.withUTF8 { bytes -> [Int] in
                guard let base = bytes.baseAddress, let pattern = needle.baseAddress else { return [] }
                var found: [Int] = []
                var start = 0
                // memchr for the first byte, memcmp for the rest (Glibc's module has no memmem).
                while start + needle.count <= bytes.count,
                      let hit = memchr(base + start, Int32(pattern.pointee), bytes.count - start - needle.count + 1) {
                    let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    if memcmp(hit, pattern, needle.count) == 0 { found.append(offset) }
                    start = offset + 1
                }
                return found
            }
        }
        let utf8 = text.utf8
        let isWordChar = { (char: Character?) in char.map { $0.isLetter || $0.isNumber } ?? false }
        for offset in offsets {
            let lower = utf8.index(utf8.startIndex, offsetBy: offset)
            let upper = utf8.index(lower, offsetBy: form.utf8.count)
            let before = lower == text.startIndex ? nil : text[text.index(before: lower)]
            let after = upper == text.endIndex ? nil : text[upper]
            if !isWordChar(before), !isWordChar(after) { return true }
        }
        return false
    }
}
