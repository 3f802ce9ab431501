@testable import HinboxCore
import Testing

@Suite("NameNormalizer's ASCII path")
struct NameNormalizerASCIITests {
    @Test("clean and key give what the Foundation path gives, for 20,000 generated ASCII names")
    func sameAsFoundation() {
        // Letters, the trim set's punctuation, whitespace of every kind and some other punctuation.
        let alphabet = Array("aB Z.,;:'\"`()[]{}*_-\t\n\r\u{0B}\u{0C}&/!?1")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var cleanMismatches: [String] = []
        var keyMismatches: [String] = []
        for _ in 0..<20_000 {
            var name = String((0..<next(12)).map { _ in alphabet[next(alphabet.count)] })
            if next(4) == 0 { name = ["The ", "the ", "THE ", "them "][next(4)] + name }
            if NameNormalizer.clean(name) != NameNormalizer.cleanUnicode(name) { cleanMismatches.append(name) }
            if NameNormalizer.key(name) != NameNormalizer.keyUnicode(name) { keyMismatches.append(name) }
        }
        #expect(cleanMismatches.isEmpty, "\(cleanMismatches.prefix(5).map { "\($0.debugDescription): \(NameNormalizer.clean($0).debugDescription) vs \(NameNormalizer.cleanUnicode($0).debugDescription)" })")
        #expect(keyMismatches.isEmpty, "\(keyMismatches.prefix(5).map { "\($0.debugDescription): \(NameNormalizer.key($0).debugDescription) vs \(NameNormalizer.keyUnicode($0).debugDescription)" })")
    }
}
