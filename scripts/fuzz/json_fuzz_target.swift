// libFuzzer entry point for hinbox's JSON parser and writer, built by scripts/fuzz/json.sh with
// swiftc -sanitize=fuzzer,address together with Sources/HinboxCore/Support/JSON{Parser,Value,Writer}
// and Tests/HinboxCoreTests/JSONFoundationOracle.swift. Each input is parsed every way hinbox can
// parse it and checked against Foundation; a mismatch calls fatalError (a finding, saved as crash-*),
// as does any sanitizer report.
//
// Checks, for every input:
// - accepted or refused as the oracle says (JSONDecoder, JSONSerialization and the documented
//   departures from JSONDecoder), with JSONDecoder's value where it has one;
// - where hinbox and JSONSerialization both accept, the same value (numbers, booleans, strings,
//   containers), but for duplicate keys (JSONSerialization keeps the last, hinbox the first) and
//   U+FEFF in strings (JSONSerialization drops some, see withoutBOM);
// - the String entry points (`parse(_:)`, `isValid(_:)`) agree with the byte one on valid UTF-8;
// - an accepted value is written as JSONEncoder writes it and reads back unchanged.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count))
    let ours = JSONValue.parse(utf8: bytes)
    let text = String(decoding: bytes, as: UTF8.self)
    _ = JSONValue.parse(text)  // repaired UTF-8: must not crash
    if String(validating: bytes, as: UTF8.self) != nil {
        check(JSONValue.parse(text) == ours, "parse(String) != parse(utf8:)", bytes, ours)
        check(JSONValue.isValid(text) == (ours != nil), "isValid(String) != parse(utf8:) accepted", bytes, ours)
    }
    // JSONDecoder traps (in JSONError.SourceLocation) on some documents nested deeper than its
    // limit of 512 (found here: 513 `[` with `\r` and `\t` between them); hinbox refuses them.
    guard bracketDepth(bytes) <= 512 else {
        check(ours == nil, "accepted a document nested deeper than 512", bytes, ours)
        return 0
    }
    let expected = JSONFoundationOracle.expected(bytes)
    check((ours != nil) == expected.accepted, "accepted \(ours != nil), Foundation says \(expected.accepted)", bytes, ours)
    if let value = expected.value {
        check(ours == value, "JSONDecoder read \(value)", bytes, ours)
    }
    guard let ours else { return 0 }
    if let object = JSONFoundationOracle.serializationParse(bytes), !same(ours, object) {
        check(hasDuplicateKeys(bytes), "JSONSerialization read \(String(describing: object).debugDescription)", bytes, ours)
    }
    let written = ours.jsonString
    check(JSONValue.parse(written) == ours, "written \(written) reads back differently", bytes, ours)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let foundationText = (try? encoder.encode(ours)).map { String(decoding: $0, as: UTF8.self) }
    check(foundationText == written, "written \(written), JSONEncoder \(foundationText ?? "-")", bytes, ours)
    return 0
}

func check(_ condition: Bool, _ message: @autoclosure () -> String, _ bytes: [UInt8], _ ours: JSONValue?) {
    guard !condition else { return }
    fatalError("JSON mismatch: \(message().debugDescription)\ninput: \(String(decoding: bytes, as: UTF8.self).debugDescription)\nbytes: \(bytes)\nhinbox: \(String(describing: ours).debugDescription)")
}

/// Whether hinbox's `value` is what JSONSerialization read as `object`.
func same(_ value: JSONValue, _ object: Any) -> Bool {
    switch value {
    case .null: return object is NSNull
    case .bool(let flag):
        guard let number = object as? NSNumber, String(cString: number.objCType) == "c" else { return false }
        return number.boolValue == flag
    case .number(let double):
        guard let number = object as? NSNumber, String(cString: number.objCType) != "c" else { return false }
        if let decimal = number as? NSDecimalNumber {
            // Decimal keeps 38 digits: its reading of a longer number may be a few ulps off.
            guard let theirs = Double(decimal.description) else { return false }
            return abs(theirs - double) <= 4 * max(theirs.ulp, double.ulp)
        }
        switch String(cString: number.objCType) {
        case "d", "f": return number.doubleValue == double
        case "Q": return Double(number.uint64Value) == double
        default: return Double(number.int64Value) == double
        }
    case .string(let string): return (object as? String).map(withoutBOM) == withoutBOM(string)
    case .array(let elements):
        guard let array = object as? [Any], array.count == elements.count else { return false }
        return zip(elements, array).allSatisfy { same($0, $1) }
    case .object(let members):
        guard let dictionary = object as? [String: Any] else { return false }
        let theirs = Dictionary(dictionary.map { (withoutBOM($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        let ours = Dictionary(members.map { (withoutBOM($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        // Keys that differ only by U+FEFF: which one JSONSerialization kept cannot be told apart.
        guard ours.count == members.count, theirs.count == dictionary.count else { return true }
        guard theirs.count == ours.count else { return false }
        return ours.allSatisfy { key, member in theirs[key].map { same(member, $0) } ?? false }
    }
}

/// `text` without U+FEFF: JSONSerialization (swift-corelibs-foundation) drops one at the start of a
/// string and after an escape (`"\u{FEFF}b"` reads as `"b"`), where JSONDecoder and hinbox keep it.
func withoutBOM(_ text: String) -> String {
    text.unicodeScalars.contains("\u{FEFF}") ? String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{FEFF}" })) : text
}

/// The deepest nesting of `[` and `{` outside strings in `bytes` (valid or not).
func bracketDepth(_ bytes: [UInt8]) -> Int {
    var depth = 0
    var deepest = 0
    var inString = false
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        if inString {
            if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
        } else if byte == UInt8(ascii: "\"") {
            inString = true
        } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
            depth += 1
            deepest = max(deepest, depth)
        } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
            depth -= 1
        }
        index += 1
    }
    return deepest
}

/// Whether an object in the (valid) document `bytes` repeats a key.
func hasDuplicateKeys(_ bytes: [UInt8]) -> Bool {
    var objects: [Set<String>?] = []  // nil: an array
    var expectKey = false
    var index = 0
    while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "{"):
            objects.append([])
            expectKey = true
        case UInt8(ascii: "["): objects.append(nil)
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            objects.removeLast()
            expectKey = false
        case UInt8(ascii: ","): expectKey = objects.last.map { $0 != nil } ?? false
        case UInt8(ascii: "\""):
            let start = index
            index += 1
            while bytes[index] != UInt8(ascii: "\"") { index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1 }
            if expectKey, case .string(let key)? = JSONValue.parse(utf8: bytes[start...index]) {
                if objects[objects.count - 1]?.contains(key) == true { return true }
                objects[objects.count - 1]?.insert(key)
                expectKey = false
            }
        default: break
        }
        index += 1
    }
    return false
}
