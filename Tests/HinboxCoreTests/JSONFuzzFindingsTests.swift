import Foundation
import HinboxCore
import Testing

/// Inputs libFuzzer found with `scripts/fuzz/json.sh` (docs/FUZZING.md), kept so hinbox's parser
/// goes on reading them as it does now. Both were Foundation's faults, not hinbox's.
@Suite("JSON inputs found by libFuzzer")
struct JSONFuzzFindingsTests {
    /// `JSONSerialization` drops a U+FEFF at the start of a string and after an escape
    /// (`"\u{FEFF}b"` reads as `"b"`); `JSONDecoder` and hinbox keep it, and keep apart keys that
    /// differ only by one.
    @Test("A U+FEFF inside a string is kept, at its start and after an escape")
    func byteOrderMarkInStrings() {
        let found: [UInt8] = Array(#""=\u00e9\u00e9"#.utf8) + [0xEF, 0xBB, 0xBF] + Array(#"\u0000 \u00030 t""#.utf8)
        #expect(JSONValue.parse(utf8: found) == .string("=éé\u{FEFF}\u{0} \u{3}0 t"))
        #expect(JSONValue.parse("\"\u{FEFF}b\"") == .string("\u{FEFF}b"))
        #expect(JSONValue.parse(#""\ufeffb""#) == .string("\u{FEFF}b"))
        let keys = JSONValue.parse("{\"type\u{FEFF}\":[],\"type\":\"person\"}")
        #expect(keys == .object(["type\u{FEFF}": [], "type": "person"]))
        for text in ["\"\u{FEFF}b\"", "\"a\\n\u{FEFF}b\""] {
            #expect(JSONValue.parse(text) == JSONFoundationOracle.decoderParse(Array(text.utf8)), "\(text.debugDescription)")
        }
    }

    /// `JSONDecoder` never reads the value of a duplicate key, and `JSONSerialization` reads an
    /// underflow as 0, so both accept these; hinbox refuses a number out of range wherever it
    /// stands (the oracle, `JSONFoundationOracle.expected`, now says so too).
    @Test("An underflowing number under a duplicate key is refused")
    func underflowUnderDuplicateKey() {
        for text in ["{\"a\":0\t,\"a\":1e-4002\t}", #"{"type":"x","type":1e-400}"#] {
            #expect(JSONValue.parse(text) == nil, "\(text.debugDescription)")
            #expect(!JSONValue.isValid(text), "\(text.debugDescription)")
            #expect(JSONFoundationOracle.decoderParse(Array(text.utf8)) != nil)
            #expect(JSONFoundationOracle.expected(Array(text.utf8)).accepted == false)
        }
    }

    /// 513 `[` with 12 `\r` among them (minimised from the fuzzer's 553 bytes): `JSONDecoder`
    /// traps on it (`Illegal instruction`, in `JSONError.SourceLocation`, swift-corelibs-foundation
    /// with Swift 6.3.1) instead of throwing, so it is not asked here. hinbox refuses it, as it
    /// refuses anything nested deeper than 512, and reads the same shape 512 deep.
    @Test("513 brackets deep with carriage returns between them: refused, without a crash")
    func deepNestingWithCarriageReturns() {
        let runs = [17, 18, 34, 49, 23, 34, 70, 25, 34, 109, 25, 34]
        func document(extraDepth: Int) -> String {
            runs.map { String(repeating: "[", count: $0) + "\r" }.joined() + String(repeating: "[", count: 41 + extraDepth)
        }
        let found = document(extraDepth: 0)
        #expect(found.utf8.count == 525 && found.filter { $0 == "[" }.count == 513)
        #expect(JSONValue.parse(found) == nil)
        #expect(JSONValue.parse(utf8: Array(found.utf8)) == nil)
        #expect(!JSONValue.isValid(found))
        let closed = document(extraDepth: -1) + "\t" + String(repeating: "]", count: 512)
        #expect(JSONValue.isValid(closed))
        #expect(JSONValue.parse(found + "\t" + String(repeating: "]", count: 513)) == nil)
    }
}
