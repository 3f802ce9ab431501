import Foundation
import HinboxCore
import Testing

/// hinbox's own JSON parser and writer against Foundation's `JSONDecoder` / `JSONEncoder`, which
/// they replace on the LLM call path: the same bytes out, the same values (or refusals) in.
@Suite("JSONValue parser and writer match Foundation")
struct JSONCodecTests {
    static func foundationString(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    static func foundationParse(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static let tricky: [String] = [
        "", "plain", "quote \" backslash \\ slash /", "\u{0}\u{1}\u{8}\u{9}\u{a}\u{c}\u{d}\u{1f}\u{7f}",
        "é e\u{301} 😀 \u{2028}\u{feff}", "Whitfield's \"Water\" Authority",
    ]

    static let numbers: [Double] = [
        0, -0.0, 1, -1, 0.1, 1.5, 1e15 - 1, 1e15, 1e16, 123_456_789_012.5, 1e-7, Double.leastNonzeroMagnitude, 1.0 / 3, 1e300, -2.5e-5,
        9_007_199_254_740_992, 0.7, 1024, 0.000001,
    ]

    @Test("The writer writes what JSONEncoder writes")
    func writer() {
        var values: [JSONValue] = Self.tricky.map(JSONValue.string) + Self.numbers.map(JSONValue.number)
        values += [.null, true, false, [], [:], ["b": 1, "a": [1, "x", .null], "B": ["é": 1, "e\u{301}x": 2, "f": 3]]]
        values.append(.object(Dictionary(uniqueKeysWithValues: Self.tricky.enumerated().map { ($1, .number(Double($0))) })))
        values.append(.array(values))
        for value in values {
            #expect(value.jsonString == Self.foundationString(value), "\(value)")
        }
        #expect(JSONValue.array([.number(.nan)]).jsonString == "null")
    }

    @Test("The parser accepts and refuses what JSONDecoder does")
    func parser() {
        var texts = [
            "{}", "[]", "null", "true", "false", "0", "-0", "1e-400", "1e400", "1.8e308", "5e-324", "01", "1.", ".5", "+1",
            "1E+2", "-0.0e-0", "123456789012345678901234567890", "[1,]", "{\"a\":1,}", "[,]", "{,}", "[1,,2]", "{\"a\" 1}",
            "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\x\"", "\"a\tb\"", "\"\\/\\b\\f\"",
            "\u{feff}[1]", " [ 1 , 2 ] \n", "[1] x", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":[true,null,\"c\"]}}", "nul", "[",
            "{\"entities\":[{\"name\":\"Dana\",\"aliases\":[]}]}", "\"\\u00e9\\u0000\"", "[1e5, -12.75, 0.1]",
            String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
            String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
        ]
        texts += Self.tricky.map { JSONValue.string($0).jsonString }
        texts += Self.numbers.map { JSONValue.number($0).jsonString }
        for text in texts {
            let expected = Self.foundationParse(text)
            #expect(JSONValue.parse(text) == expected, "\(text.prefix(80))")
            #expect(JSONValue.isValid(text) == (expected != nil), "\(text.prefix(80))")
            #expect(JSONValue.parse(utf8: Data(text.utf8)) == expected, "\(text.prefix(80))")
        }
        #expect(JSONValue.parse(utf8: Data([0x5B, 0x22, 0xFF, 0x22, 0x5D])) == nil)
    }
}
