/// Writes compact JSON into a byte buffer, byte for byte what Foundation's `JSONEncoder` writes
/// for a ``JSONValue`` with `[.sortedKeys, .withoutEscapingSlashes]`: keys in UTF-8 byte order,
/// integral numbers below 1e15 as integers, other numbers as Swift prints them (without a
/// trailing `.0`), only `"`, `\` and control characters escaped.
///
/// Request bodies are written with it directly (no `Encoder` containers, one growing buffer),
/// and parts already written — the chat messages — can be reused for span attributes.
///
/// ```swift
/// var writer = JSONWriter()
/// writer.beginObject()
/// writer.key("model", first: true)
/// writer.string("gpt-4o-mini")
/// writer.endObject()
/// let text = writer.text   // {"model":"gpt-4o-mini"}
/// ```
public struct JSONWriter: Sendable {
    /// The UTF-8 written so far.
    public private(set) var bytes: [UInt8] = []
    /// False once a NaN or infinite number was written; `JSONEncoder` refuses those.
    public private(set) var isValid = true

    /// Creates an empty writer with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// The JSON written so far, as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes `value`.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): raw(flag ? "true" : "false")
        case .number(let number): self.number(number)
        case .string(let text): string(text)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                self.value(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            beginObject()
            if members.count == 1, let only = members.first {
                key(only.key, first: true)
                self.value(only.value)
            } else {
                for (index, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                    key(member.key, first: index == 0)
                    self.value(member.value)
                }
            }
            endObject()
        }
    }

    /// Writes a number as ``JSONValue`` encodes it.
    public mutating func number(_ number: Double) {
        guard number.isFinite else {
            isValid = false
            raw("null")
            return
        }
        if number.rounded() == number, abs(number) < 1e15 {
            raw(String(Int64(number)))
        } else {
            var text = number.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            raw(text)
        }
    }

    /// Writes `text` as a JSON string.
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes `"key":`, preceded by a comma unless it is the object's first key.
    public mutating func key(_ key: String, first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes `{`.
    public mutating func beginObject() { bytes.append(UInt8(ascii: "{")) }

    /// Writes `}`.
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")) }

    /// Appends text that is already JSON.
    public mutating func raw(_ json: String) {
        bytes.append(contentsOf: json.utf8)
    }

    /// Appends bytes that are already JSON.
    public mutating func raw(_ json: [UInt8]) {
        bytes.append(contentsOf: json)
    }
}
