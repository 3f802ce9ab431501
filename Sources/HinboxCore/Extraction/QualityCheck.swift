/// Deterministic checks on one extraction reply: required fields, name normalisation, generic
/// names, in-article dedupe, alias collapse and the mention filter.
public struct QualityCheck: Sendable {
    public var type: EntityType
    public var domain: DomainConfig

    public init(type: EntityType, domain: DomainConfig) {
        self.type = type
        self.domain = domain
    }

    /// What the checks kept and dropped.
    public struct Report: Sendable, Hashable, Codable {
        public var entities: [ExtractedEntity]
        /// Dropped names with the reason.
        public var dropped: [Dropped]
        public var inputCount: Int
        public var duplicates: Int

        public struct Dropped: Sendable, Hashable, Codable {
            public var name: String
            public var reason: String
        }

        /// Problems worth one repair retry: most of a sizeable reply dropped or duplicated.
        public var needsRepair: Bool {
            inputCount > 2 && (Double(dropped.count) > Double(inputCount) * 0.5 || Double(duplicates) > Double(inputCount) * 0.5)
        }
    }

    static let genericNames: Set<String> = [
        "he", "she", "they", "them", "it", "we", "i", "you", "his", "her", "their", "officials", "official", "residents",
        "the mayor", "mayor", "police", "the company", "company", "the agency", "agency", "government", "the government",
        "authorities", "the city", "city", "state", "people", "spokesperson", "spokesman", "spokeswoman", "unknown",
        "n/a", "none", "department", "departments", "agencies", "the department", "the council", "council",
    ]

    /// Runs every check on the `entities` array of a reply against the article text.
    public func run(reply: JSONValue, article: Article) -> Report {
        let items = reply["entities"]?.arrayValue ?? []
        var report = Report(entities: [], dropped: [], inputCount: items.count, duplicates: 0)
        var byKey: [EntityKey: Int] = [:]
        let finder = MentionFinder(text: article.title + "\n" + article.content)
        for item in items {
            guard var entity = parse(item) else {
                report.dropped.append(.init(name: item["name"]?.stringValue ?? item["title"]?.stringValue ?? "?", reason: "missing required fields"))
                continue
            }
            if let reason = genericReason(entity.name) {
                report.dropped.append(.init(name: entity.name, reason: reason))
                continue
            }
            if type != .event {
                // Mention filter: keep only names the article really uses; promote an alias if the name is not in the text.
                entity.aliases = entity.aliases.filter { finder.occurs($0) && genericReason($0) == nil }
                if !finder.occurs(entity.name) {
                    guard let promoted = entity.aliases.first else {
                        report.dropped.append(.init(name: entity.name, reason: "not mentioned in the article"))
                        continue
                    }
                    entity.aliases.removeFirst()
                    entity.name = promoted
                }
            }
            entity.aliases = uniqueAliases(entity.aliases, excluding: entity.name)
            if let index = byKey[entity.key] {
                report.duplicates += 1
                report.entities[index] = merged(report.entities[index], entity)
                continue
            }
            byKey[entity.key] = report.entities.count
            report.entities.append(entity)
        }
        report.entities = AliasCollapse(type: type, domain: domain).collapse(report.entities)
        return report
    }

    private func parse(_ item: JSONValue) -> ExtractedEntity? {
        let category = domain.category(type)
        let rawName = item[type == .event ? "title" : "name"]?.stringValue ?? item["name"]?.stringValue ?? ""
        let name = NameNormalizer.clean(rawName)
        guard name.count >= 2 else { return nil }
        var subtype = item["type"]?.stringValue?.lowercased()
        if subtype.map({ category.types[$0] == nil }) ?? true { subtype = category.types["other"] != nil ? "other" : nil }
        let tags = (item["tags"]?.arrayValue ?? []).compactMap(\.stringValue).filter { category.tags[$0] != nil }
        let aliases = (item["aliases"]?.arrayValue ?? []).compactMap(\.stringValue).map(NameNormalizer.clean).filter { $0.count >= 2 }
        var entity = ExtractedEntity(type: type, name: name, subtype: subtype, tags: Array(Set(tags)).sorted(), aliases: aliases)
        if type == .person {
            // "Mayor Dana Whitfield" is Dana Whitfield; the titled form stays as an alias.
            let untitled = NameNormalizer.strippingTitles(name)
            if untitled != name {
                entity.name = untitled
                entity.aliases.insert(name, at: 0)
            }
        }
        if type == .event {
            guard let start = item["start_date"]?.stringValue.flatMap(DateNormalizer.isoDate(from:)) else { return nil }
            entity.startDate = start
            entity.endDate = item["end_date"]?.stringValue.flatMap(DateNormalizer.isoDate(from:))
            entity.isFuzzyDate = item["is_fuzzy_date"]?.boolValue ?? false
            entity.description = item["description"]?.stringValue.map(NameNormalizer.clean)
        }
        return entity
    }

    private func genericReason(_ name: String) -> String? {
        let key = NameNormalizer.key(name)
        if key.isEmpty { return "no letters in the name" }
        if Self.genericNames.contains(key) || Self.genericNames.contains("the " + key) { return "generic, not a name" }
        return nil
    }

    private func uniqueAliases(_ aliases: [String], excluding name: String) -> [String] {
        var seen: Set<String> = [NameNormalizer.key(name)]
        return aliases.filter { seen.insert(NameNormalizer.key($0)).inserted }
    }

    private func merged(_ first: ExtractedEntity, _ second: ExtractedEntity) -> ExtractedEntity {
        var result = first
        result.aliases = uniqueAliases(first.aliases + [second.name] + second.aliases, excluding: first.name)
        result.tags = Array(Set(first.tags + second.tags)).sorted()
        return result
    }
}
