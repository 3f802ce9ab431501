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
            let entries = (reply.value["profiles"]?.arrayValue ?? []).filter { !($0["text"]?.stringValue ?? "").isEmpty }
            let profiles = Self.match(entries, to: items).enumerated().map { position, entry in
                entry.map { Self.profile(from: $0, existing: items[position].existing, articleIDs: [article.id]) }
            }
            span.setOutput(json: ["written": profiles.count { $0 != nil }, "missing": profiles.count { $0 == nil }])
            return profiles
        }
    }

    /// A profile written without a call: the existing one (or a one-line note that the article
    /// mentions the entity) citing the article.
    public static func mention(of entity: ExtractedEntity, existing: Profile?, in article: Article) -> Profile {
        let text = existing?.text ?? "### Overview\n\(entity.name) (\(entity.type.rawValue)) is mentioned in \"\(article.title)\"."
        return profile(from: ["text": .string(text), "confidence": 0.3], existing: existing, articleIDs: [article.id])
    }

    /// The reply entry for each item: by name, then by a name that contains the other (small
    /// models add the type, "Dana Whitfield (person)", or drop a word), then the entries left in
    /// order. Nil where none is left.
    static func match(_ entries: [JSONValue], to items: [BatchItem]) -> [JSONValue?] {
        var left = entries.map { (key: NameNormalizer.key($0["name"]?.stringValue ?? ""), entry: $0) }
        var matched = [JSONValue?](repeating: nil, count: items.count)
        let keys = items.map { NameNormalizer.key($0.entity.name) }
        let rules: [(String, String) -> Bool] = [
            { $0 == $1 }, { !$1.isEmpty && ($0.contains($1) || $1.contains($0)) }, { _, _ in true },
        ]
        for rule in rules {
            for position in items.indices where matched[position] == nil {
                guard let found = left.firstIndex(where: { rule(keys[position], $0.key) }) else { continue }
                matched[position] = left.remove(at: found).entry
            }
        }
        return matched
    }

    /// The reply's schema for a batch of `count` profiles.
    func batchSchema(count: Int) -> ResponseSchema {
        let profile: JSONValue = [
            "type": "object",
            "properties": [
                "name": ["type": "string", "maxLength": .number(Double(limits.nameCharacters))],
                "text": ["type": "string", "minLength": 1, "maxLength": .number(Double(limits.profileCharacters))],
                "tags": tagsSchema,
                // No bounds: a grammar cannot hold a number to them (the demo model wrote -0.2, which
                // failed its whole article); `profile(from:)` clamps it to 0…1.
                "confidence": ["type": "number"],
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
