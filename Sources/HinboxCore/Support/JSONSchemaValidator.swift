/// Validates a JSON value against the subset of JSON Schema hinbox's reply schemas use:
/// `type`, `properties`, `required`, `items`, `enum`, `minItems`/`maxItems`,
/// `minLength`/`maxLength`, `minimum`/`maximum`, and `type` arrays such as `["string","null"]`.
public enum JSONSchemaValidator {
    /// The violations found, as `path: problem` lines; empty when `value` is valid.
    public static func violations(of value: JSONValue, against schema: JSONValue, path: String = "$") -> [String] {
        var problems: [String] = []
        check(value, against: schema, at: .root(path), into: &problems)
        return problems
    }

    /// Where a value sits (`$.entities[0].name`), spelled out only when a problem is reported, so
    /// a valid reply costs no string building.
    private indirect enum Path {
        case root(String)
        case key(Path, String)
        case index(Path, Int)

        var text: String {
            switch self {
            case .root(let root): root
            case .key(let parent, let key): "\(parent.text).\(key)"
            case .index(let parent, let index): "\(parent.text)[\(index)]"
            }
        }
    }

    private static func check(_ value: JSONValue, against schema: JSONValue, at path: Path, into problems: inout [String]) {
        guard case .object(let rules) = schema else { return }
        if let allowed = rules["type"], !matchesType(value, allowed) {
            problems.append("\(path.text): expected \(typeDescription(allowed)), got \(kind(of: value))")
            return
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(path.text): \(value.jsonString) is not one of \(JSONValue.array(options).jsonString)")
        }
        switch value {
        case .object(let object):
            let properties = rules["properties"]?.objectValue
            // Required fields that are missing or null; a null one is not checked against its schema.
            var missing: Set<String> = []
            for case .string(let key) in rules["required"]?.arrayValue ?? [] where object[key] == nil || object[key] == .null {
                if properties?[key]?["type"].map({ matchesType(.null, $0) }) == true { continue }
                problems.append("\(path.text): missing required field '\(key)'")
                missing.insert(key)
            }
            guard let properties else { break }
            // Problems are reported in key order; only keys with problems need sorting.
            var byKey: [(key: String, problems: [String])] = []
            for (key, child) in object {
                if child == .null, missing.contains(key) { continue }
                guard let childSchema = properties[key] else { continue }
                var childProblems: [String] = []
                check(child, against: childSchema, at: .key(path, key), into: &childProblems)
                if !childProblems.isEmpty { byKey.append((key, childProblems)) }
            }
            for entry in byKey.sorted(by: { $0.key < $1.key }) { problems += entry.problems }
        case .array(let elements):
            if let minimum = rules["minItems"]?.doubleValue, Double(elements.count) < minimum {
                problems.append("\(path.text): needs at least \(Int(minimum)) items")
            }
            if let maximum = rules["maxItems"]?.doubleValue, Double(elements.count) > maximum {
                problems.append("\(path.text): has \(elements.count) items, at most \(Int(maximum)) allowed")
            }
            if let itemSchema = rules["items"] {
                for (index, element) in elements.enumerated() {
                    check(element, against: itemSchema, at: .index(path, index), into: &problems)
                }
            }
        case .string(let text):
            if let minimum = rules["minLength"]?.doubleValue, Double(text.count) < minimum {
                problems.append("\(path.text): shorter than \(Int(minimum)) characters")
            }
            // A string has at most as many characters as UTF-8 bytes: count them only when it matters.
            if let maximum = rules["maxLength"]?.doubleValue, Double(text.utf8.count) > maximum, Double(text.count) > maximum {
                problems.append("\(path.text): longer than \(Int(maximum)) characters")
            }
        case .number(let number):
            if let minimum = rules["minimum"]?.doubleValue, number < minimum { problems.append("\(path.text): below \(minimum)") }
            if let maximum = rules["maximum"]?.doubleValue, number > maximum { problems.append("\(path.text): above \(maximum)") }
        default:
            break
        }
    }

    private static func matchesType(_ value: JSONValue, _ allowed: JSONValue) -> Bool {
        switch allowed {
        case .string(let name): return matches(value, name)
        case .array(let names): return names.contains { $0.stringValue.map { matches(value, $0) } ?? false }
        default: return true
        }
    }

    private static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): true
        case ("number", .number): true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }

    private static func typeDescription(_ allowed: JSONValue) -> String {
        allowed.stringValue ?? (allowed.arrayValue?.compactMap(\.stringValue).joined(separator: " or ") ?? "?")
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
