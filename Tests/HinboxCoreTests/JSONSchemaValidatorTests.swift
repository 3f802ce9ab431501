import HinboxCore
import Testing

@Suite("JSON schema validation of extraction replies")
struct JSONSchemaValidatorTests {
    static let personSchema = ExtractionSchema.schema(for: .person, domain: CoreFixtures.domain).schema
    static let eventSchema = ExtractionSchema.schema(for: .event, domain: CoreFixtures.domain).schema

    static func person(_ fields: [String: JSONValue]) -> JSONValue {
        var item: [String: JSONValue] = ["name": "Dana Whitfield", "type": "politician", "aliases": ["Whitfield"], "tags": ["government"]]
        for (key, value) in fields { item[key] = value }
        return CoreFixtures.reply([.object(item)])
    }

    @Test("The schema is named after the type and lists the domain's sub-types and tags")
    func schemaShape() {
        let schema = ExtractionSchema.schema(for: .person, domain: CoreFixtures.domain)
        #expect(schema.name == "extract_person")
        let item = schema.schema["properties"]?["entities"]?["items"]
        #expect(item?["properties"]?["type"]?["enum"] == ["expert", "other", "politician"])
        #expect(item?["properties"]?["tags"]?["items"]?["enum"] == ["environment", "government"])
        #expect(item?["required"] == ["type", "name"])
        // Organizations have no tags in this domain, so the schema offers none.
        let organization = ExtractionSchema.schema(for: .organization, domain: CoreFixtures.domain).schema
        #expect(organization["properties"]?["entities"]?["items"]?["properties"]?["tags"] == nil)
    }

    @Test("A valid reply has no violations")
    func valid() {
        #expect(JSONSchemaValidator.violations(of: Self.person([:]), against: Self.personSchema).isEmpty)
        #expect(JSONSchemaValidator.violations(of: CoreFixtures.reply([]), against: Self.personSchema).isEmpty)
    }

    struct Violation: Sendable, CustomTestStringConvertible {
        var label: String
        var reply: JSONValue
        var expected: String
        var testDescription: String { label }
    }

    @Test("Each violation is reported with its path", arguments: [
        Violation(label: "name is a number", reply: person(["name": 5]), expected: "$.entities[0].name: expected string, got number"),
        Violation(label: "aliases is a string", reply: person(["aliases": "Whitfield"]),
                  expected: "$.entities[0].aliases: expected array, got string"),
        Violation(label: "entities is an object", reply: ["entities": ["name": "x"]], expected: "$.entities: expected array, got object"),
        Violation(label: "no entities", reply: ["people": []], expected: "$: missing required field 'entities'"),
        Violation(label: "name missing", reply: person(["name": .null]), expected: "$.entities[0]: missing required field 'name'"),
        Violation(label: "sub-type not in the enum", reply: person(["type": "alien"]),
                  expected: #"$.entities[0].type: "alien" is not one of ["expert","other","politician"]"#),
        Violation(label: "tag not in the enum", reply: person(["tags": ["sports"]]), expected: #"$.entities[0].tags[0]: "sports" is not one of"#),
        Violation(label: "too many aliases", reply: person(["aliases": .array((1...7).map { .string("A\($0)") })]),
                  expected: "$.entities[0].aliases: has 7 items, at most 6 allowed"),
        Violation(label: "too many tags", reply: person(["tags": .array(Array(repeating: "government", count: 6))]),
                  expected: "$.entities[0].tags: has 6 items, at most 5 allowed"),
        Violation(label: "too many entities",
                  reply: ["entities": .array(Array(repeating: ["name": "Dana", "type": "other"], count: 61))],
                  expected: "$.entities: has 61 items, at most 60 allowed"),
        Violation(label: "name too long", reply: person(["name": .string(String(repeating: "x", count: 161))]),
                  expected: "$.entities[0].name: longer than 160 characters"),
    ])
    func violation(_ violation: Violation) {
        let problems = JSONSchemaValidator.violations(of: violation.reply, against: Self.personSchema)
        #expect(problems.contains { $0.hasPrefix(violation.expected) }, "\(problems)")
    }

    @Test("Events: end_date may be null or absent; start_date may not be null; a long date is too long")
    func eventDates() {
        let base: [String: JSONValue] = ["title": "Hearing", "type": "hearing", "start_date": "2025-03-14", "is_fuzzy_date": false]
        func check(_ changes: [String: JSONValue?]) -> [String] {
            var item = base
            for (key, value) in changes { item[key] = value }
            return JSONSchemaValidator.violations(of: CoreFixtures.reply([.object(item)]), against: Self.eventSchema)
        }
        #expect(check([:]).isEmpty)
        #expect(check(["end_date": .null]).isEmpty)
        #expect(check(["end_date": "2025-03-15"]).isEmpty)
        #expect(check(["start_date": .null]) == ["$.entities[0]: missing required field 'start_date'"])
        #expect(check(["start_date": nil]) == ["$.entities[0]: missing required field 'start_date'"])
        #expect(check(["end_date": 20250315]) == ["$.entities[0].end_date: expected string or null, got number"])
        #expect(check(["start_date": "2025-03-14T10:00:00Z"]) == ["$.entities[0].start_date: longer than 10 characters"])
        #expect(check(["is_fuzzy_date": "yes"]) == ["$.entities[0].is_fuzzy_date: expected boolean, got string"])
    }
}
