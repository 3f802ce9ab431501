/// Finds the known entities an incoming one might be: by exact name or alias, equivalence group,
/// acronym, shared name words, and the nearest evidence vectors.
public struct CandidateSearch: Sendable {
    public var domain: DomainConfig
    /// How many nearest vectors join the name-based candidates.
    public var vectorNeighbours = 5
    /// The most candidates returned, best first.
    public var maxCandidates = 10

    public init(domain: DomainConfig) {
        self.domain = domain
    }

    /// Candidates for `entity`, best first. `vector` is its evidence vector from `model`.
    public func candidates(for entity: ExtractedEntity, vector: [Float]?, model: String?, in index: EntityIndex) -> [ResolutionCandidate] {
        let type = entity.type
        let names = [entity.name] + entity.aliases
        let date = type == .event ? entity.startDate : nil
        var ids = index.exactMatches(type: type, names: names, date: date)
        var seen = Set(ids)
        for group in domain.resolution.equivalenceGroups[type] ?? [] where group.contains(where: { member in names.contains { NameNormalizer.key($0) == NameNormalizer.key(member) } }) {
            for id in index.exactMatches(type: type, names: group, date: date) where seen.insert(id).inserted { ids.append(id) }
        }
        for id in index.tokenMatches(type: type, names: names) where seen.insert(id).inserted { ids.append(id) }
        if let vector, let model {
            let nearest = index.nearestVectors(to: vector, model: model, type: type, count: vectorNeighbours)
            for (id, _) in nearest where seen.insert(id).inserted { ids.append(id) }
        }
        let similarity = NameSimilarity(type: type, domain: domain)
        var result: [ResolutionCandidate] = []
        for id in ids {
            guard let known = index.entities[id] else { continue }
            // Events on different dates are different events.
            if type == .event, let date, let knownDate = known.record.startDate, date != knownDate { continue }
            let lexical = similarity.score(names, [known.record.name] + known.aliases)
            let comparable = known.embedding.flatMap { $0.model == model && $0.dimension == vector?.count ? $0.vector : nil }
            let cos = vector.flatMap { v in comparable.map { VectorMath.dot(v, $0) } }
            result.append(ResolutionCandidate(entityID: id, name: known.record.name, cosine: cos, lexical: lexical.score, via: lexical.via))
        }
        // Ranks computed once each (not per comparison: name keys are costly), sorted stably.
        let incomingKey = NameNormalizer.key(entity.name)
        let ranks = result.map { rank($0, incomingKey) }
        let order = result.indices.sorted { ranks[$0] != ranks[$1] ? ranks[$0] > ranks[$1] : $0 < $1 }
        return order.prefix(maxCandidates).map { result[$0] }
    }

    /// Names and evidence together; an entity whose own name is the incoming name comes before
    /// one that merely has it as an alias.
    private func rank(_ candidate: ResolutionCandidate, _ incomingKey: String) -> Double {
        candidate.lexical + (candidate.cosine ?? 0) + (NameNormalizer.key(candidate.name) == incomingKey ? 0.5 : 0)
    }
}
