import Foundation
import HinboxTracing
import Tracing

extension ProfileWriter {
    /// `profile` rewritten once so that the sentences the grounding check found unsupported by
    /// `articles` (the ones the version took in) are corrected or removed (the original hinbox's
    /// reflection step), in a CHAIN `profile.revise` span. Tags, confidence and sources stay; the
    /// articles are still cited.
    public func revise(
        _ profile: Profile, of entity: ExtractedEntity, unsupported: [Grounding.Claim], from articles: [Article]
    ) async throws -> Profile {
        try await withOpenInferenceSpan("profile.revise", kind: .chain) { span in
            let ids = articles.map(\.id)
            span.setInput(json: ["entity": entity.name, "article_id": ids.joined(separator: ", "), "unsupported": String(unsupported.count)])
            let system = prompts.render("profile_revise", [
                "entity_type": entity.type.rawValue, "entity_name": entity.name, "article_id": ids.joined(separator: ", "),
                "domain_description": domain.description,
            ])
            let listed = unsupported.map { "- \($0.sentence) (\($0.note))" }.joined(separator: "\n")
            let user = "Entity: \(entity.name)\nType: \(entity.type.rawValue)\n"
                + "\n<existing_profile>\n\(profile.text)\n</existing_profile>\n"
                + "\n<unsupported>\n\(listed)\n</unsupported>\n\n" + articles.map(ArticlePrompt.block(for:)).joined(separator: "\n\n")
            let reply = try await chat.complete(ChatRequest(
                messages: [ChatMessage(.system, system), ChatMessage(.user, user)],
                schema: schema(kind: "revise"), temperature: temperature, maxTokens: maxTokens))
            var revised = profile
            revised.text = Self.citing(reply.value["text"]?.stringValue ?? "", articleIDs: ids)
            span.setOutput(revised.text, mimeType: .text)
            return revised
        }
    }
}
