import Foundation

#if canImport(HinboxCore)
import HinboxCore
#endif

/// What Foundation makes of a JSON document, as the yardstick for hinbox's ``JSONValue`` parser.
///
/// Shared by ``JSONRandomisedTests`` and the libFuzzer target `scripts/fuzz/json_fuzz_target.swift`,
/// which compiles this file together with the parser (hence the conditional import).
enum JSONFoundationOracle {
    /// `JSONDecoder`'s reading of `bytes` as a ``JSONValue``.
    static func decoderParse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// `JSONSerialization`'s reading of `bytes` (fragments allowed), as Foundation objects.
    static func serializationParse(_ bytes: [UInt8]) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    /// What hinbox must make of `bytes`: `JSONDecoder`'s answer, its contract, except where the
    /// decoder departs from RFC 8259 and `JSONSerialization` does not (see
    /// `JSONRandomisedTests.foundationQuirks()`). `value` nil with `accepted`: accepted, value not
    /// compared.
    static func expected(_ bytes: [UInt8]) -> (accepted: Bool, value: JSONValue?) {
        if bytes.contains(0) { return (false, nil) }
        let decoded = decoderParse(bytes)
        let serialized = serializationParse(bytes) != nil
        switch (decoded, serialized) {
        case (.some, false): return (false, nil)
        // Both read it, yet a number is out of range: it stands under a duplicate key, whose value
        // JSONDecoder never reads (and JSONSerialization reads an underflow as 0): hinbox refuses.
        case (.some, true) where numberTokens(bytes).contains(where: isOutOfRange): return (false, nil)
        case (nil, true): return (zeroWithExponentIsTheOnlyQuirk(bytes), nil)
        default: return (decoded != nil, decoded)
        }
    }

    /// For a document `JSONSerialization` reads and `JSONDecoder` refuses: whether hinbox must
    /// read it, because a zero with an exponent (`0e4`, `-0.0e8`) is the decoder's reason, and
    /// no number overflows or underflows (which hinbox and the decoder refuse and
    /// `JSONSerialization` reads as infinity or 0).
    static func zeroWithExponentIsTheOnlyQuirk(_ bytes: [UInt8]) -> Bool {
        let tokens = numberTokens(bytes)
        if tokens.contains(where: isOutOfRange) { return false }
        return tokens.contains { token in
            let mantissa = token.prefix { $0 != "e" && $0 != "E" }
            return Double(token) != nil && isZero(token) && mantissa.count < token.count
        }
    }

    /// The runs of number characters outside strings in `bytes` (valid numbers or not).
    static func numberTokens(_ bytes: [UInt8]) -> [String] {
        var tokens: [String] = []
        var inString = false
        var index = 0
        let numberBytes = Set("0123456789.eE+-".utf8)
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                index += 1
            } else if numberBytes.contains(byte) {
                let start = index
                while index < bytes.count, numberBytes.contains(bytes[index]) { index += 1 }
                tokens.append(String(decoding: bytes[start..<index], as: UTF8.self))
            } else {
                index += 1
            }
        }
        return tokens
    }

    /// Whether a number's mantissa is all zeros (`0`, `-0.00`, `0e4`).
    static func isZero(_ token: String) -> Bool {
        token.prefix { $0 != "e" && $0 != "E" }.allSatisfy { $0 == "0" || $0 == "." || $0 == "-" }
    }

    /// Whether a number overflows to infinity or underflows to zero (hinbox and JSONDecoder refuse both).
    static func isOutOfRange(_ token: String) -> Bool {
        guard let value = Double(token) else { return false }
        return !value.isFinite || (value == 0 && !isZero(token))
    }
}
