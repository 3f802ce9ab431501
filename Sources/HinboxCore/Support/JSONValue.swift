import Foundation

/// A JSON value: LLM replies, JSON schemas and request bodies are built and read with it.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text; `nil` when it is not valid JSON. Accepts what `JSONDecoder` does, but
    /// for three of its departures from RFC 8259, where it follows the RFC: a NUL after a top-level
    /// number, an invalid value under a duplicate key (both refused) and `0e4` (read as 0).
    public static func parse(_ text: String) -> JSONValue? {
        var text = text
        return text.withUTF8 { utf8 in
            var parser = JSONParser(utf8)
            return parser.parseDocument()
        }
    }

    /// Parses JSON bytes (say, an HTTP body); `nil` when they are not valid JSON or not UTF-8.
    public static func parse(utf8 data: some Collection<UInt8>) -> JSONValue? {
        let parsed = data.withContiguousStorageIfAvailable { utf8 in
            var parser = JSONParser(utf8, validateUTF8: true)
            return parser.parseDocument()
        }
        if let parsed { return parsed }
        return Array(data).withUnsafeBufferPointer { utf8 in
            var parser = JSONParser(utf8, validateUTF8: true)
            return parser.parseDocument()
        }
    }

    /// Whether `text` is valid JSON — what `parse(text) != nil` says, without building the value.
    public static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            var parser = JSONParser(utf8, build: false)
            return parser.parseDocument() != nil
        }
    }

    /// Compact JSON text with sorted keys, as `JSONEncoder` writes it (see ``JSONWriter``).
    public var jsonString: String {
        var writer = JSONWriter()
        writer.value(self)
        return writer.isValid ? writer.text : "null"
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
