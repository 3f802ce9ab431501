/// The JSON schema of one extraction call, built from the domain's categories.
///
/// Arrays and strings are bounded (`maxItems`, `maxLength`) so small local models cannot loop
/// until they run out of tokens.
public enum ExtractionSchema {
    /// The schema for one entity type, its arrays bounded by `limits`.
    public static func schema(for type: EntityType, domain: DomainConfig, limits: OutputLimits = .standard) -> ResponseSchema {
        let schema: JSONValue = [
            "type": "object",
            "properties": ["entities": list(of: type, domain: domain, limits: limits)],
            "required": ["entities"],
        ]
        return ResponseSchema(name: "extract_\(type.rawValue)", schema: schema)
    }

    /// The schema of one call for several types at once (``CallPlan/combinedExtraction``): one
    /// bounded list per type, keyed by the type's plural ("people", "organizations", …).
    public static func combinedSchema(for types: [EntityType], domain: DomainConfig, limits: OutputLimits = .standard) -> ResponseSchema {
        var properties: [String: JSONValue] = [:]
        for type in types { properties[type.plural] = list(of: type, domain: domain, limits: limits) }
        let schema: JSONValue = [
            "type": "object", "properties": .object(properties), "required": .array(types.map { .string($0.plural) }),
        ]
        return ResponseSchema(name: "extract_all", schema: schema)
    }

    /// A bounded array of one type's entity objects.
    static func list(of type: EntityType, domain: DomainConfig, limits: OutputLimits) -> JSONValue {
        let category = domain.category(type)
        let subtypes = JSONValue.array(category.types.keys.sorted().map(JSONValue.string))
        let tags = JSONValue.array(category.tags.keys.sorted().map(JSONValue.string))
        let boundedString: JSONValue = ["type": "string", "maxLength": .number(Double(limits.nameCharacters))]
        var properties: [String: JSONValue] = ["type": ["type": "string", "enum": subtypes]]
        var required: [JSONValue] = ["type"]
        if !category.tags.isEmpty {
            properties["tags"] = ["type": "array", "items": ["type": "string", "enum": tags], "maxItems": 5]
        }
        if type == .event {
            properties["title"] = boundedString
            properties["description"] = ["type": "string", "maxLength": .number(Double(limits.descriptionCharacters))]
            properties["start_date"] = ["type": "string", "maxLength": 10]
            properties["end_date"] = ["type": ["string", "null"], "maxLength": 10]
            properties["is_fuzzy_date"] = ["type": "boolean"]
            required += ["title", "start_date"]
        } else {
            properties["name"] = boundedString
            properties["aliases"] = ["type": "array", "items": boundedString, "maxItems": .number(Double(limits.aliasesPerEntity))]
            required += ["name"]
        }
        let item: JSONValue = ["type": "object", "properties": .object(properties), "required": .array(required)]
        return ["type": "array", "items": item, "maxItems": .number(Double(limits.entitiesPerCall))]
    }

    /// A plain-language description of the fields, for the prompt's `{{output_shape}}`.
    public static func outputShape(for type: EntityType, domain: DomainConfig) -> String {
        let hasTags = !domain.category(type).tags.isEmpty
        var lines: [String]
        if type == .event {
            lines = [
                "- \"title\": a short name for the event as the article describes it",
                "- \"type\": one of the types above",
                "- \"description\": one sentence on what happened",
                "- \"start_date\": YYYY-MM-DD; a month-only date is the 1st of the month, with is_fuzzy_date true",
                "- \"end_date\": YYYY-MM-DD or null",
                "- \"is_fuzzy_date\": true when the day or month is not given",
            ]
        } else {
            lines = [
                "- \"name\": the most complete name the article uses",
                "- \"type\": one of the types above",
                "- \"aliases\": other names the article uses for the same \(type.rawValue) (may be empty)",
            ]
        }
        if hasTags { lines.append("- \"tags\": zero or more of the tags above") }
        return lines.joined(separator: "\n")
    }

    /// `- key: description` lines, sorted by key.
    public static func bulletList(_ entries: [String: String]) -> String {
        guard !entries.isEmpty else { return "(none)" }
        return entries.keys.sorted().map { "- \($0): \(entries[$0] ?? "")" }.joined(separator: "\n")
    }
}
