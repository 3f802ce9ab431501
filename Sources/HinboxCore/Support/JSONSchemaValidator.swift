/// Validates a JSON value against the subset of JSON Schema hinbox's reply schemas use:
/// `type`, `properties`, `required`, `items`, `enum`, `minItems`/`maxItems`,
/// `minLength`/`maxLength`, `minimum`/`maximum`, and `type` arrays such as `["string","null"]`.
public enum JSONSchemaValidator {
    /// The violations found, as `path: problem` lines; empty when `value` is valid.
    public static func violations(of value: JSONValue, against schema: JSONValue, path: String = "$") -> [String] {
        var problems: [String] = []
        if let allowed = schema["type"], !matchesType(value, allowed) {
            return ["\(path): expected \(typeDescription(allowed)), got \(kind(of: value))"]
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(path): \(value.jsonString) is not one of \(JSONValue.array(options).jsonString)")
        }
        switch value {
        case .object(let object):
            for case .string(let key) in schema["required"]?.arrayValue ?? [] where object[key] == nil || object[key] == .null {
                if schema["properties"]?[key]?["type"].map({ matchesType(.null, $0) }) == true { continue }
                problems.append("\(path): missing required field '\(key)'")
            }
            if let properties = schema["properties"]?.objectValue {
                for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                    // A null required field was reported as missing above.
                    if child == .null, problems.contains("\(path): missing required field '\(key)'") { continue }
                    if let childSchema = properties[key] {
                        problems += violations(of: child, against: childSchema, path: "\(path).\(key)")
                    }
                }
            }
        case .array(let elements):
            if let minimum = schema["minItems"]?.doubleValue, Double(elements.count) < minimum {
                problems.append("\(path): needs at least \(Int(minimum)) items")
            }
            if let maximum = schema["maxItems"]?.doubleValue, Double(elements.count) > maximum {
                problems.append("\(path): has \(elements.count) items, at most \(Int(maximum)) allowed")
            }
            if let itemSchema = schema["items"] {
                for (index, element) in elements.enumerated() {
                    problems += violations(of: element, against: itemSchema, path: "\(path)[\(index)]")
                }
            }
        case .string(let text):
            if let minimum = schema["minLength"]?.doubleValue, Double(text.count) < minimum {
                problems.append("\(path): shorter than \(Int(minimum)) characters")
            }
            if let maximum = schema["maxLength"]?.doubleValue, Double(text.count) > maximum {
                problems.append("\(path): longer than \(Int(maximum)) characters")
            }
        case .number(let number):
            if let minimum = schema["minimum"]?.doubleValue, number < minimum { problems.append("\(path): below \(minimum)") }
            if let maximum = schema["maximum"]?.doubleValue, number > maximum { problems.append("\(path): above \(maximum)") }
        default:
            break
        }
        return problems
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
