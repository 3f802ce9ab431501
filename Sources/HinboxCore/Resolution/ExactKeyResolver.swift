import HinboxTracing
import Tracing

/// Matches entities across articles by exact normalised key: name (or alias) + type, and
/// title + start date for events. The first (oldest) match wins; no match creates an entity.
public struct ExactKeyResolver: Sendable {
    public init() {}

    /// Decides, for each entity of one type from one article, whether to merge or create.
    public func resolve(_ entities: [ExtractedEntity], articleID: String, index: EntityIndex) async -> [ResolutionDecision] {
        guard let type = entities.first?.type else { return [] }
        return await withOpenInferenceSpan("resolve.\(type.rawValue)", kind: .chain) { span in
            span.setInput(json: entities.map(\.name))
            let decisions = await withOpenInferenceSpan("search_candidates", kind: .tool) { tool in
                tool.setTool(
                    name: "search_candidates", description: "Exact normalised-key lookup over names and aliases",
                    parameters: ["entity_type": type.rawValue, "count": String(entities.count), "known": String(index.count)])
                var claimed: Set<String> = []
                let decisions = entities.map { entity -> ResolutionDecision in
                    // Two entities of one article never merge into the same existing entity.
                    if let id = index.exactMatches(for: entity).first(where: { !claimed.contains($0) }) {
                        claimed.insert(id)
                        let viaAlias = index.entities[id].map { NameNormalizer.key($0.record.name) != NameNormalizer.key(entity.name) } ?? false
                        return ResolutionDecision(entity: entity, action: .merge(entityID: id), reason: viaAlias ? "alias" : "exact name")
                    }
                    return ResolutionDecision(
                        entity: entity, action: .create(entityID: EntityIdentity.newID(for: entity, articleID: articleID)),
                        reason: "no candidate")
                }
                tool.setOutput(json: decisions.map { ["name": $0.entity.name, "decision": $0.isMerge ? "merge" : "create", "entity_id": $0.entityID, "reason": $0.reason] })
                return decisions
            }
            span.setOutput(json: decisions.map { "\($0.isMerge ? "MERGE" : "NEW") \($0.entity.name)" })
            return decisions
        }
    }
}

/// Stable entity ids: the same input always gives the same ids.
public enum EntityIdentity {
    public static func newID(for entity: ExtractedEntity, articleID: String) -> String {
        "\(entity.type.idPrefix)_\(Hashing.sha256Hex("\(entity.key.description)|\(articleID)").prefix(10))"
    }
}
