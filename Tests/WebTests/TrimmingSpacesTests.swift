import Foundation
@testable import HinboxWeb
import HinboxTesting
import Testing

/// `trimmingSpaces()` replaced Foundation's `trimmingCharacters(in: .whitespaces)` in the Markdown
/// renderer; it must remove exactly what that removes.
@Suite("Trimming spaces")
struct TrimmingSpacesTests {
    static let pieces = [" ", "\t", "\u{00A0}", "\u{2003}", "\u{3000}", "\u{202F}", "\n", "\r", "\u{2028}", "\u{0085}",
                         "a", "é", "e\u{301}", "\u{301}", "日", "🚰", "-", "**", "^[a1]"]

    @Test("Removes what Foundation's whitespace trim removes, on 5,000 random strings")
    func agreesWithFoundation() {
        var generator = SplitMix64(seed: 7)
        var trimmed = 0
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let expected = text.trimmingCharacters(in: .whitespaces)
            #expect(text.trimmingSpaces() == expected, "\(text.debugDescription)")
            #expect(Substring(text).trimmingSpaces() == expected, "\(text.debugDescription)")
            if expected.unicodeScalars.count < text.unicodeScalars.count { trimmed += 1 }
        }
        #expect(trimmed > 2_000)
    }
}
