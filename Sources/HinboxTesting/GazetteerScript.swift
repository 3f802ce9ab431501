import Foundation
import HinboxCore

/// A deterministic "LLM" that answers hinbox's requests from a ``Gazetteer``.
public enum GazetteerScript {
    /// The standard ``ScriptedOpenAIServer`` handler: chat completions (by schema name),
    /// embeddings (``HashingEmbedding``) and `GET /v1/models`.
    public static func handler(gazetteer: Gazetteer) -> ScriptedOpenAIServer.Handler {
        { request in reply(to: request, gazetteer: gazetteer) }
    }

    /// The model ids `GET /v1/models` lists.
    public static let modelIDs = ["smollm2-135m-instruct", "all-minilm-l6-v2", "scripted"]

    static func reply(to request: ScriptedOpenAIServer.Request, gazetteer: Gazetteer) -> ScriptedOpenAIServer.Reply {
        switch (request.method, request.path) {
        case ("GET", let path) where path.hasSuffix("/models"):
            let data: [JSONValue] = modelIDs.map {
                ["id": .string($0), "object": "model", "created": 1_735_689_600, "owned_by": "hinbox-scripted"]
            }
            return .json(["object": "list", "data": .array(data)])
        case ("POST", let path) where path.hasSuffix("/chat/completions"):
            guard let model = request.body?["model"]?.stringValue, !model.isEmpty else { return missingModel() }
            return chat(request, gazetteer: gazetteer)
        case ("POST", let path) where path.hasSuffix("/embeddings"):
            guard let model = request.body?["model"]?.stringValue, !model.isEmpty else { return missingModel() }
            return embeddings(request, model: model)
        default:
            return ScriptedReplies.error("No route for \(request.method) \(request.path)", type: "not_found_error",
                                         status: 404)
        }
    }

    // MARK: - Endpoints

    private static func missingModel() -> ScriptedOpenAIServer.Reply {
        ScriptedReplies.error("\"model\" field is required (router mode)", status: 400)
    }

    private static func embeddings(_ request: ScriptedOpenAIServer.Request, model: String) -> ScriptedOpenAIServer.Reply {
        let input = request.body?["input"]
        let texts: [String]
        if let text = input?.stringValue {
            texts = [text]
        } else if let list = input?.arrayValue, list.allSatisfy({ $0.stringValue != nil }) {
            texts = list.compactMap(\.stringValue)
        } else {
            return ScriptedReplies.error("\"input\" must be a string or an array of strings", status: 400)
        }
        return .json(ScriptedReplies.embeddings(texts, model: model))
    }

    private static func chat(_ request: ScriptedOpenAIServer.Request, gazetteer: Gazetteer) -> ScriptedOpenAIServer.Reply {
        let messages = ScriptedReplies.messageTexts(request.body)
        guard let schema = schemaName(request.body, messages: messages) else {
            return ScriptedReplies.error("No schema name in response_format or the system prompt", status: 400)
        }
        // The first user message carries the article; later ones are repair requests.
        let user = messages.first { $0.role == "user" }?.text ?? ""
        let prompt = UserPrompt(user)
        let content: JSONValue
        switch schema {
        case "extract_person": content = extraction(.person, prompt: prompt, gazetteer: gazetteer)
        case "extract_organization": content = extraction(.organization, prompt: prompt, gazetteer: gazetteer)
        case "extract_location": content = extraction(.location, prompt: prompt, gazetteer: gazetteer)
        case "extract_event": content = extraction(.event, prompt: prompt, gazetteer: gazetteer)
        case "extract_all": content = combinedExtraction(prompt: prompt, gazetteer: gazetteer)
        case "profile_batch": content = profileBatch(prompt: prompt)
        case "relevance": content = relevance(prompt: prompt, gazetteer: gazetteer)
        case "grounding": content = grounding(prompt: prompt, gazetteer: gazetteer)
        case "profile_revise": content = revision(prompt: prompt, gazetteer: gazetteer)
        case "profile_create":
            let text = "### Overview\n\(prompt["Entity"]) (\(prompt["Type"])) appears in \"\(prompt["Title"])\". "
                + "^[\(prompt["Article ID"])]"
            content = ["text": .string(text), "tags": [.string(prompt["Type"])], "confidence": 0.8]
        case "profile_update":
            let text = prompt.block("existing_profile")
                + "\n\n### Update\n\(prompt["Entity"]) appears again in \"\(prompt["Title"])\". ^[\(prompt["Article ID"])]"
            content = ["text": .string(text), "tags": [.string(prompt["Type"])], "confidence": 0.85]
        case "profile_fold":
            let sections = zip(prompt.values("Article ID"), prompt.values("Title")).map { id, title in
                "\n\n### Update\n\(prompt["Entity"]) appears again in \"\(title)\". ^[\(id)]"
            }
            content = ["text": .string(prompt.block("existing_profile") + sections.joined()), "tags": [.string(prompt["Type"])], "confidence": 0.85]
        case "match_check":
            let new = prompt["New entity"], existing = prompt["Existing entity"]
            let isMatch = namesMatch(new, existing)
            let reason = isMatch
                ? "\"\(new)\" and \"\(existing)\" name the same entity"
                : "\"\(new)\" and \"\(existing)\" share no name"
            content = ["is_match": .bool(isMatch), "confidence": 0.9, "reason": .string(reason)]
        default:
            return ScriptedReplies.error("Unknown schema \"\(schema)\"", status: 400)
        }
        return .json(ScriptedReplies.chatCompletion(content: capped(content, by: request.body), request: request))
    }

    /// The reply with each top-level list cut to the request schema's `maxItems`, as a model held
    /// to the schema would stop (a CoNLL results table names 150 people; the schema allows 60).
    static func capped(_ content: JSONValue, by body: JSONValue?) -> String {
        guard case .object(var fields) = content,
            let properties = body?["response_format"]?["json_schema"]?["schema"]?["properties"]?.objectValue
        else { return content.jsonString }
        for (key, rules) in properties {
            guard let limit = rules["maxItems"]?.doubleValue, case .array(let items)? = fields[key], items.count > Int(limit) else { continue }
            fields[key] = .array(Array(items.prefix(Int(limit))))
        }
        return JSONValue.object(fields).jsonString
    }

    static func extraction(_ type: EntityType, prompt: UserPrompt, gazetteer: Gazetteer) -> JSONValue {
        let article = prompt.hasBlock("article") ? prompt.block("article") : prompt.text
        let entities: [JSONValue] = gazetteer.matches(of: type, in: article).map { match in
            let entry = match.entry
            if type == .event {
                return [
                    "title": .string(match.name),
                    "type": .string(entry.type),
                    "description": .string(entry.description ?? match.name),
                    "start_date": entry.startDate.map(JSONValue.string) ?? .null,
                    "end_date": entry.endDate.map(JSONValue.string) ?? .null,
                    "is_fuzzy_date": .bool(entry.isFuzzyDate ?? false),
                    "tags": [],
                ]
            }
            return [
                "name": .string(match.name),
                "type": .string(entry.type),
                "tags": [],
                "aliases": .array(match.aliases.map(JSONValue.string)),
            ]
        }
        return ["entities": .array(entities)]
    }

    // MARK: - Prompt reading

    /// `response_format.json_schema.name`, else a name written as `schema: <name>` or `schema (<name>)`
    /// (hinbox's `json_object` fallback) in the system messages, then the others. Names with an
    /// underscore win, the last one first, since the fallback instruction is appended.
    static func schemaName(_ body: JSONValue?, messages: [(role: String, text: String)]) -> String? {
        if let name = body?["response_format"]?["json_schema"]?["name"]?.stringValue { return name }
        let ordered = messages.filter { $0.role == "system" } + messages.filter { $0.role != "system" }
        for message in ordered {
            var candidates: [(position: String.Index, name: String)] = []
            for marker in ["schema: ", "schema ("] {
                var searchStart = message.text.startIndex
                while let range = message.text.range(of: marker, options: .caseInsensitive, range: searchStart..<message.text.endIndex) {
                    let name = message.text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                    if !name.isEmpty { candidates.append((range.lowerBound, String(name))) }
                    searchStart = range.upperBound
                }
            }
            candidates.sort { $0.position < $1.position }
            if let name = candidates.last(where: { $0.name.contains("_") })?.name ?? candidates.first?.name { return name }
        }
        return nil
    }

    /// Same entity when, case-insensitively, one name contains the other or both end in the same word.
    static func namesMatch(_ lhs: String, _ rhs: String) -> Bool {
        let a = lhs.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        let b = rhs.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        guard !a.isEmpty, !b.isEmpty else { return false }
        if a.contains(b) || b.contains(a) { return true }
        let lastWord = { (text: String) in text.split(whereSeparator: \.isWhitespace).last.map(String.init) }
        return lastWord(a) == lastWord(b)
    }

    /// A user message: `Key: value` lines and `<tag>` … `</tag>` blocks.
    struct UserPrompt {
        let text: String
        private let lines: [Substring]

        init(_ text: String) {
            self.text = text
            self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        }

        /// The value of the first `key: value` line, trimmed; empty when absent.
        subscript(key: String) -> String {
            let prefix = key + ":"
            for line in lines where line.hasPrefix(prefix) {
                return line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            }
            return ""
        }

        /// The values of every `key: value` line, trimmed, in order.
        func values(_ key: String) -> [String] {
            let prefix = key + ":"
            return lines.filter { $0.hasPrefix(prefix) }.map { $0.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces) }
        }

        func hasBlock(_ tag: String) -> Bool {
            text.contains("<\(tag)>")
        }

        /// The text between `<tag>` and `</tag>` (or the end), trimmed of surrounding newlines.
        func block(_ tag: String) -> String {
            guard let start = text.range(of: "<\(tag)>") else { return "" }
            let end = text.range(of: "</\(tag)>", range: start.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
            return text[start.upperBound..<end].trimmingCharacters(in: .newlines)
        }
    }
}
