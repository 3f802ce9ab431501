import Foundation
import HinboxTracing
import Tracing

extension EntityExtractor {
    /// Extracts every type in `types` with one call (``CallPlan/combinedExtraction``), in a CHAIN
    /// `extract.all` span with the LLM span and one TOOL `quality_check` per type below it.
    public func extractCombined(_ types: [EntityType], from article: Article) async throws -> [EntityType: [ExtractedEntity]] {
        try await withOpenInferenceSpan("extract.all", kind: .chain) { span in
            span.setInput(json: ["article_id": article.id, "entity_types": types.map(\.rawValue).joined(separator: ",")])
            let reply = try await chat.complete(combinedRequest(for: types, article: article)).value
            var result: [EntityType: [ExtractedEntity]] = [:]
            for type in types {
                let list = reply[type.plural] ?? .array([])
                result[type] = await check(["entities": list], type: type, article: article, attempt: 1).entities
            }
            span.setOutput(json: Dictionary(uniqueKeysWithValues: result.map { ($0.key.rawValue, $0.value.map(\.name)) }))
            return result
        }
    }

    /// The one chat request for every type in `types`: a short prompt (small models lose track of
    /// long ones) with each type's subtypes, tags and guidance, then the article.
    public func combinedRequest(for types: [EntityType], article: Article) -> ChatRequest {
        let sections = types.map { type in
            let category = domain.category(type)
            var lines = ["## \(type.plural.capitalized) (key \"\(type.plural)\")", "Types: \(category.types.keys.sorted().joined(separator: ", "))"]
            if !category.tags.isEmpty { lines.append("Tags: \(category.tags.keys.sorted().joined(separator: ", "))") }
            if !category.guidance.isEmpty { lines.append(category.guidance) }
            return lines.joined(separator: "\n")
        }
        let shape = "{" + types.map { type in
            type == .event
                ? "\"\(type.plural)\": [{\"title\": \"…\", \"type\": \"…\", \"start_date\": \"YYYY-MM-DD\"}]"
                : "\"\(type.plural)\": [{\"name\": \"…\", \"type\": \"…\", \"aliases\": []}]"
        }.joined(separator: ", ") + "}"
        let system = prompts.render("extract_all", [
            "domain_description": domain.description, "type_sections": sections.joined(separator: "\n\n"), "output_shape": shape,
        ])
        return ChatRequest(
            messages: [ChatMessage(.system, system), ChatMessage(.user, ArticlePrompt.block(for: article))],
            schema: ExtractionSchema.combinedSchema(for: types, domain: domain, limits: limits), temperature: temperature,
            maxTokens: maxTokens)
    }
}
