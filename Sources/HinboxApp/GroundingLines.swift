import Foundation
import HinboxCore

/// How `hinbox profiles show` prints a version's grounding verdicts.
enum GroundingLines {
    /// A heading with the counts, then a line per claim; what the first check said when the
    /// version was revised.
    static func lines(for grounding: Grounding?) -> [String] {
        guard let grounding else { return ["Grounding: not checked (grounding was off when this version was written)"] }
        var lines = ["Grounding: \(grounding.summary)"]
        lines += grounding.claims.map(line)
        if grounding.revised {
            let found = grounding.firstCheck.filter { $0.verdict == .unsupported }
            lines.append("  Revised once: the first check found \(found.count) unsupported:")
            lines += found.map { "  " + line($0) }
        }
        return lines
    }

    /// `  ✗ unsupported  [a1] She won the medal. — no medal is mentioned`
    static func line(_ claim: Grounding.Claim) -> String {
        let mark = switch claim.verdict {
        case .supported: "✓"
        case .partial: "~"
        case .unsupported: "✗"
        }
        let note = claim.note.isEmpty ? "" : " — \(claim.note)"
        return "  \(mark) \(claim.verdict.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) [\(claim.articleID)] \(claim.sentence)\(note)"
    }

    /// `· 4 supported, 0 partial, 1 unsupported` for the version list, empty when unchecked.
    static func suffix(for grounding: Grounding?) -> String {
        grounding.map { " · \($0.summary)" } ?? ""
    }
}
