import Foundation
import HinboxCore
import HinboxTesting

/// Random JSON for ``JSONRandomisedTests``: values, texts that spell them in many legal ways
/// (whitespace, escapes, number forms), and mutations of those texts, most of them invalid.
struct JSONDocumentGenerator {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    // MARK: - Values

    static let scalars: [Unicode.Scalar] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{8}", "\u{9}", "\u{a}", "\u{c}", "\u{d}", "\u{1f}", "\u{7f}", "\u{80}",
        "é", "\u{301}", "ß", "\u{2028}", "\u{2029}", "\u{feff}", "\u{fffd}", "\u{ffff}", "中", "😀", "\u{10ffff}", "\u{1f1fa}",
    ]

    mutating func string() -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<int(0...8) {
            text.append(chance(50) ? Self.scalars[int(0...Self.scalars.count - 1)] : Unicode.Scalar(UInt8(int(0x20...0x7e))))
        }
        return String(text)
    }

    static let edgeNumbers: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.5, 1e15 - 1, 1e15, -1e15, 1e16, 9_007_199_254_740_992, 9_007_199_254_740_994, 1e21, 1e22,
        1e-7, 1e-6, Double.leastNonzeroMagnitude, Double.leastNormalMagnitude, Double.greatestFiniteMagnitude, 1.0 / 3, 2.5e-5,
        123_456_789.125, -0.000001, 4.35, 0.3,
    ]

    mutating func number() -> Double {
        switch int(0...3) {
        case 0: pick(Self.edgeNumbers)
        case 1: Double(int(-1_000_000...1_000_000))
        case 2: Double(int(-99_999...99_999)) / pick([10, 100, 1000, 1e6])
        default: Double(sign: chance(50) ? .minus : .plus, exponent: int(-1020...1020), significand: 1 + Double(int(0...1 << 20)) / Double(1 << 20))
        }
    }

    mutating func value(depth: Int = 0) -> JSONValue {
        let leafOnly = depth >= 4
        switch int(0...(leafOnly ? 5 : 7)) {
        case 0: return .null
        case 1: return .bool(chance(50))
        case 2, 3: return .number(number())
        case 4, 5: return .string(string())
        case 6: return .array((0..<int(0...4)).map { _ in value(depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<int(0...4) { object[string()] = value(depth: depth + 1) }
            return .object(object)
        }
    }

    // MARK: - Texts

    /// Legal JSON text for `value`, spelled at random: any whitespace, `\uXXXX` and `\/` escapes,
    /// exponents and trailing zeros. Numbers are spelled from their shortest round-trip form.
    mutating func text(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out)
        return space() + out + space()
    }

    mutating func space() -> String {
        chance(70) ? "" : String((0..<int(1...3)).map { _ in pick([" ", "\t", "\n", "\r"]) })
    }

    mutating func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += spell(number)
        case .string(let text): out += quote(text)
        case .array(let items):
            out += "[" + space()
            for (index, item) in items.enumerated() {
                if index > 0 { out += space() + "," + space() }
                write(item, to: &out)
            }
            out += space() + "]"
        case .object(let members):
            out += "{" + space()
            // Sorted, then shuffled by the seeded generator: Dictionary order differs from run to run.
            for (index, (key, item)) in members.sorted(by: { $0.key < $1.key }).shuffled(using: &random).enumerated() {
                if index > 0 { out += space() + "," + space() }
                out += quote(key) + space() + ":" + space()
                write(item, to: &out)
            }
            out += space() + "}"
        }
    }

    mutating func spell(_ number: Double) -> String {
        var text = "\(number)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        guard !text.contains("e"), chance(40) else { return text }
        // Same value, other spellings: an exponent form, or trailing zeros.
        if chance(50) { return text.contains(".") ? text + "000" : text + pick(["e0", "E+0", "e-0", ".0"]) }
        return text + "e0"
    }

    mutating func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/" where chance(50): out += "\\/"
            case "\u{8}": out += "\\b"
            case "\u{c}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || chance(15): out += escape(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `\uXXXX`, as a surrogate pair above U+FFFF, in either case of hex digit.
    mutating func escape(_ scalar: Unicode.Scalar) -> String {
        let units = Array(String(scalar).utf16)
        let upper = chance(50)
        return units.map { unit in
            let hex = String(unit, radix: 16, uppercase: upper)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }.joined()
    }

    // MARK: - Mutations

    static let fragments: [String] = [
        "", ",", ":", "[", "]", "{", "}", "\"", "\\", "\\u", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\x", "0", "-", "+", ".", "e",
        "01", "1.", ".5", "-0", "1e", "nul", "true", "NaN", "Infinity", "1e400", "1e-400", "\u{0}", "\u{1f}", "\t", "\u{a0}", "\u{feff}",
        "//", "/*", "'", "é", "😀",
    ]

    /// `text` with one to three random edits, most of which make it invalid.
    mutating func mutate(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0..<int(1...3) {
            let at = int(0...bytes.count)
            switch int(0...5) {
            case 0: if at < bytes.count { bytes.remove(at: at) }
            case 1: bytes.insert(contentsOf: Array(pick(Self.fragments).utf8), at: at)
            case 2: if at < bytes.count { bytes[at] = UInt8(int(0...255)) }
            case 3: bytes.removeSubrange(at...)
            case 4: if at < bytes.count { bytes.insert(bytes[at], at: at) }
            default: bytes.insert(contentsOf: Array(pick(Self.fragments).utf8), at: int(0...bytes.count))
            }
        }
        return bytes
    }
}
