/// Finds the known entities an incoming one might be: by exact name or alias, equivalence group,
/// acronym, shared name words, and the nearest evidence vectors.
public struct CandidateSearch: Sendable {
    public var domain: DomainConfig
    /// How many nearest vectors join the name-based candidates.
    public var vectorNeighbours = 5
    /// The most candidates returned, best first.
    public var maxCandidates = 10
    /// Which shared words may bring in candidates: too common ones do not (see ``TokenLimits``).
    public var tokenLimits = TokenLimits()

    public init(domain: DomainConfig) {
        self.domain = domain
    }

    /// Candidates for `entity`, best first. `vector` is its evidence vector from `model`.
    public func candidates(for entity: ExtractedEntity, vector: [Float]?, model: String?, in index: EntityIndex) -> [ResolutionCandidate] {
        let type = entity.type
        let names = [entity.name] + entity.aliases
        let incoming = names.map(NameFeatures.init)
        let date = type == .event ? entity.startDate : nil
        let similarity = NameSimilarity(type: type, domain: domain)
        var ids = index.exactMatches(type: type, names: names, date: date)
        var seen = Set(ids)
        for group in similarity.groups.groups(containingAny: incoming.map(\.key)) {
            for id in index.exactMatches(type: type, names: group, date: date) where seen.insert(id).inserted { ids.append(id) }
        }
        for id in index.tokenMatches(type: type, names: incoming, limits: tokenLimits) where seen.insert(id).inserted { ids.append(id) }
        if let vector, let model {
            let nearest = index.nearestVectors(to: vector, model: model, type: type, count: vectorNeighbours)
            for (id, _) in nearest where seen.insert(id).inserted { ids.append(id) }
        }
        var result: [ResolutionCandidate] = []
        var nameKeys: [String] = []
        for id in ids {
            guard let known = index.entities[id], let knownNames = index.names(of: id) else { continue }
            // Events on different dates are different events.
            if type == .event, let date, let knownDate = known.record.startDate, date != knownDate { continue }
            let lexical = similarity.score(incoming, knownNames)
            let comparable = known.embedding.flatMap { $0.model == model && $0.dimension == vector?.count ? $0.vector : nil }
            let cos = vector.flatMap { v in comparable.map { VectorMath.dot(v, $0) } }
            result.append(ResolutionCandidate(entityID: id, name: known.record.name, cosine: cos, lexical: lexical.score, via: lexical.via))
            nameKeys.append(knownNames[0].key)
        }
        // Ranks computed once each, sorted stably.
        let incomingKey = incoming[0].key
        let ranks = result.indices.map { rank(result[$0], ownNameMatches: nameKeys[$0] == incomingKey) }
        let order = result.indices.sorted { ranks[$0] != ranks[$1] ? ranks[$0] > ranks[$1] : $0 < $1 }
        return order.prefix(maxCandidates).map { result[$0] }
    }

    /// Names and evidence together; an entity whose own name is the incoming name comes before
    /// one that merely has it as an alias.
    private func rank(_ candidate: ResolutionCandidate, ownNameMatches: Bool) -> Double {
        candidate.lexical + (candidate.cosine ?? 0) + (ownNameMatches ? 0.5 : 0)
    }
}
