/// Collapses variants of one entity inside one article's extraction: a surname alone
/// ("Whitfield") into the full name ("Dana Whitfield"), an acronym ("RWA") into the name it
/// abbreviates, names listed as another entity's alias, and members of one equivalence group.
/// The kept name is the more complete one; the other becomes an alias.
struct AliasCollapse {
    var type: EntityType
    var domain: DomainConfig

    func collapse(_ entities: [ExtractedEntity]) -> [ExtractedEntity] {
        guard type != .event else { return entities }
        var result: [ExtractedEntity] = []
        // Longest names first, so short forms fold into the most complete name.
        let ordered = entities.enumerated().sorted { lhs, rhs in
            lhs.element.name.count != rhs.element.name.count ? lhs.element.name.count > rhs.element.name.count : lhs.offset < rhs.offset
        }
        for (_, entity) in ordered {
            if let index = result.firstIndex(where: { sameEntity(short: entity, long: $0) }) {
                var kept = result[index]
                let known = Set(([kept.name] + kept.aliases).map(NameNormalizer.key))
                for name in [entity.name] + entity.aliases where !known.contains(NameNormalizer.key(name)) {
                    kept.aliases.append(name)
                }
                kept.tags = Array(Set(kept.tags + entity.tags)).sorted()
                result[index] = kept
            } else {
                result.append(entity)
            }
        }
        // Restore the reply's order for stable output.
        let position = Dictionary(entities.enumerated().map { (NameNormalizer.key($0.element.name), $0.offset) }, uniquingKeysWith: { first, _ in first })
        return result.sorted { (position[NameNormalizer.key($0.name)] ?? 0) < (position[NameNormalizer.key($1.name)] ?? 0) }
    }

    private func sameEntity(short: ExtractedEntity, long: ExtractedEntity) -> Bool {
        let shortKey = NameNormalizer.key(short.name)
        let longKeys = ([long.name] + long.aliases).map(NameNormalizer.key)
        if longKeys.contains(shortKey) { return true }
        if short.aliases.map(NameNormalizer.key).contains(NameNormalizer.key(long.name)) { return true }
        let variants = NameVariants(stopwords: domain.resolution.acronymStopwords)
        if variants.isAcronym(short.name, of: long.name) { return true }
        if let groups = domain.resolution.equivalenceGroups[type], variants.sameGroup(short.name, long.name, groups: groups) {
            return true
        }
        if type == .person {
            // A single surname matching the last word of a fuller name.
            let shortWords = shortKey.split(separator: " ")
            let longWords = NameNormalizer.key(long.name).split(separator: " ")
            return shortWords.count == 1 && longWords.count > 1 && longWords.last == shortWords.first
        }
        return false
    }
}
