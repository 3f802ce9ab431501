import HinboxTracing
import Tracing

extension ProfileWriter {
    /// One entity of a batched profile call: its name as known, and its profile so far (nil for a
    /// new entity).
    public struct BatchItem: Sendable {
        public var entity: ExtractedEntity
        public var existing: Profile?

        public init(entity: ExtractedEntity, existing: Profile?) {
            self.entity = entity
            self.existing = existing
        }
    }

    /// Writes or updates the profiles of several entities of one article with one call
    /// (``CallPlan/profilesPerCall``), sending the article once, in a CHAIN `profile.batch` span.
    /// One profile per item, in order; nil where the reply had none for it (the caller writes
    /// those one by one).
    public func writeBatch(_ items: [BatchItem], from article: Article) async throws -> [Profile?] {
        try await withOpenInferenceSpan("profile.batch", kind: .chain) { span in
            span.setInput(json: ["entities": items.map(\.entity.name).joined(separator: ", "), "article_id": article.id])
            let system = prompts.render("profile_batch", ["article_id": article.id, "domain_description": domain.description])
            var user = "Entities:\n" + items.map { "- \($0.entity.name) (\($0.entity.type.rawValue))" }.joined(separator: "\n") + "\n"
            for item in items {
                guard let existing = item.existing else { continue }
                user += "\n<existing_profile entity=\"\(item.entity.name)\">\n\(existing.text)\n</existing_profile>\n"
            }
            user += "\n" + ArticlePrompt.block(for: article)
            let reply = try await chat.complete(ChatRequest(
                messages: [ChatMessage(.system, system), ChatMessage(.user, user)],
                schema: batchSchema(count: items.count), temperature: temperature, maxTokens: min(maxTokens * items.count, 4096)))
            var written: [String: JSONValue] = [:]
            for entry in reply.value["profiles"]?.arrayValue ?? [] {
                guard let name = entry["name"]?.stringValue, !(entry["text"]?.stringValue ?? "").isEmpty else { continue }
                written[NameNormalizer.key(name)] = written[NameNormalizer.key(name)] ?? entry
            }
            let profiles = items.map { item in
                written[NameNormalizer.key(item.entity.name)].map { Self.profile(from: $0, existing: item.existing, articleID: article.id) }
            }
            span.setOutput(json: ["written": profiles.count { $0 != nil }, "missing": profiles.count { $0 == nil }])
            return profiles
        }
    }

    /// The reply's schema for a batch of `count` profiles.
    func batchSchema(count: Int) -> ResponseSchema {
        let profile: JSONValue = [
            "type": "object",
            "properties": [
                "name": ["type": "string", "maxLength": .number(Double(limits.nameCharacters))],
                "text": ["type": "string", "minLength": 1, "maxLength": .number(Double(limits.profileCharacters))],
                // Few, short tags: a small model fills every slot (8 × 40 characters made a batch of
                // 8 run to ~900 tokens on the demo model).
                "tags": ["type": "array", "items": ["type": "string", "maxLength": 24], "maxItems": 3],
                "confidence": ["type": "number", "minimum": 0, "maximum": 1],
            ],
            "required": ["name", "text"],
        ]
        return ResponseSchema(name: "profile_batch", schema: [
            "type": "object",
            "properties": ["profiles": ["type": "array", "items": profile, "maxItems": .number(Double(count))]],
            "required": ["profiles"],
        ])
    }
}
