/// A JSON parser over UTF-8 bytes that builds ``JSONValue`` directly.
///
/// It accepts and rejects what Foundation's `JSONDecoder` does for a `JSONValue` (trailing commas
/// allowed, a leading BOM skipped, nesting deeper than 512 refused, numbers that overflow or
/// underflow to zero refused, the first of duplicate keys kept; RFC 8259 where the decoder departs
/// from it, see ``JSONValue/parse(_:)``), at a fraction of the cost: no
/// `Decoder` containers, no thrown errors for the type probing, one allocation per string.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// False: only check the syntax (``JSONValue/isValid(_:)``); no values are built.
    private let build: Bool
    /// Strings from `Data` may be invalid UTF-8, which Foundation refuses.
    private let validateUTF8: Bool

    private static let maxDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>, build: Bool = true, validateUTF8: Bool = false) {
        self.bytes = bytes
        self.build = build
        self.validateUTF8 = validateUTF8
    }

    /// The whole input as one JSON value, or `nil`.
    mutating func parseDocument() -> JSONValue? {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        guard let value = parseValue() else { return nil }
        skipWhitespace()
        return index == bytes.count ? value : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() -> JSONValue? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return parseObject()
        case UInt8(ascii: "["): return parseArray()
        case UInt8(ascii: "\""): return parseString().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return parseNumber()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { return nil }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return nil }
        index += count
        return value
    }

    // MARK: - Containers

    private mutating func parseArray() -> JSONValue? {
        depth += 1
        guard depth <= Self.maxDepth else { return nil }
        defer { depth -= 1 }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            guard let element = parseValue() else { return nil }
            if build { elements.append(element) }
            skipWhitespace()
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "]") { return .array(elements) }
            guard byte == UInt8(ascii: ",") else { return nil }
            skipWhitespace()
            // Foundation accepts a trailing comma.
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
        }
    }

    private mutating func parseObject() -> JSONValue? {
        depth += 1
        guard depth <= Self.maxDepth else { return nil }
        defer { depth -= 1 }
        index += 1
        var members: [(String, JSONValue)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([:])
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = parseString() else { return nil }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let value = parseValue() else { return nil }
            if build { members.append((key, value)) }
            skipWhitespace()
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "}") { break }
            guard byte == UInt8(ascii: ",") else { return nil }
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                break
            }
        }
        // Foundation keeps the first of duplicate keys.
        return .object(Dictionary(members, uniquingKeysWith: { first, _ in first }))
    }

    // MARK: - Strings

    /// The string starting at the opening quote at `index`.
    private mutating func parseString() -> String? {
        index += 1
        let start = index
        // Fast path: no escapes, one copy.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = makeString(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        var scratch = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return scratch.withUnsafeBufferPointer { makeString($0) }
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = parseUnicodeEscape() else { return nil }
                    scratch.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                scratch.append(byte)
            }
        }
        return nil
    }

    private func makeString(_ buffer: UnsafeBufferPointer<UInt8>) -> String? {
        guard build else { return "" }
        return validateUTF8 ? String(validating: buffer, as: UTF8.self) : String(decoding: buffer, as: UTF8.self)
    }

    /// `XXXX` after `\u`, joined with a following `\uXXXX` low surrogate; lone surrogates fail.
    private mutating func parseUnicodeEscape() -> Unicode.Scalar? {
        guard let unit = parseHex4() else { return nil }
        switch unit {
        case 0xD800...0xDBFF:
            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { return nil }
            index += 2
            guard let low = parseHex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
        case 0xDC00...0xDFFF:
            return nil
        default:
            return Unicode.Scalar(unit)
        }
    }

    private mutating func parseHex4() -> UInt32? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: - Numbers

    /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`, as a Double.
    private mutating func parseNumber() -> JSONValue? {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let integerStart = index
        var integer: Int64 = 0
        var nonZeroDigit = false
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
            if index - integerStart < 18 { integer = integer * 10 + Int64(digit) }
            if digit != 0 { nonZeroDigit = true }
            index += 1
        }
        let integerDigits = index - integerStart
        guard integerDigits > 0, !(integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0")) else { return nil }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fractionStart = index
            while index < bytes.count, let digit = Self.digit(bytes[index]) {
                if digit != 0 { nonZeroDigit = true }
                index += 1
            }
            guard index > fractionStart else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.count, Self.digit(bytes[index]) != nil { index += 1 }
            guard index > exponentStart else { return nil }
        }
        // Up to 15 digits a Double holds exactly; the rest goes through the correctly rounded parser
        // (even when only validating: overflow and underflow are refused).
        if isInteger, integerDigits <= 15 {
            let value = Double(integer)
            return .number(negative ? -value : value)
        }
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)),
            value.isFinite, value != 0 || !nonZeroDigit
        else { return nil }
        return .number(value)
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : nil
    }
}
