public import Foundation
public import HinboxCore

/// Shows a run's progress: on a terminal, a status line kept at the bottom with decision lines
/// scrolling above it; otherwise plain lines, one per event.
public final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal: Bool
    private let started = Date()
    private var total = 0
    private var done = 0
    private var failed = 0
    private var statusShown = false

    public init(isTerminal: Bool = isatty(STDOUT_FILENO) == 1) {
        self.isTerminal = isTerminal
    }

    /// Renders one pipeline event.
    public func handle(_ event: PipelineEvent) {
        lock.withLock {
            switch event {
            case .planned(let total, let skipped):
                self.total = total
                let skippedNote = skipped > 0 ? " (\(skipped) unchanged, skipped)" : ""
                emit("\(total) article\(total == 1 ? "" : "s") to process\(skippedNote)")
            case .articleStarted:
                break
            case .decision(let decision, let entityName, let articleID):
                let verb = decision.isMerge ? "MERGE" : "NEW  "
                let type = decision.entity.type.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                let detail = decision.isMerge && NameNormalizer.key(entityName) != NameNormalizer.key(decision.entity.name)
                    ? "\(entityName) ⇐ \"\(decision.entity.name)\" (\(decision.reason))" : entityName
                emit("  \(verb)  \(type)  \(detail)  ← \(articleID)")
            case .articleProcessed(let outcome):
                done += 1
                if !isTerminal { emit("[\(done + failed)/\(total)] processed \(outcome.articleID): \(outcome.created) new, \(outcome.merged) merged") }
            case .articleFailed(let outcome):
                failed += 1
                emit("[\(done + failed)/\(total)] FAILED \(outcome.articleID) (\(outcome.source)): \(outcome.error ?? "unknown error")")
            case .articleIrrelevant(let outcome):
                done += 1
                emit("  SKIP   irrelevant    \(outcome.articleID): \(outcome.irrelevantReason ?? "")")
            }
            if isTerminal { drawStatus() }
        }
    }

    /// Clears the status line before the summary.
    public func finish() {
        lock.withLock {
            if isTerminal, statusShown { FileHandle.standardOutput.write(Data("\r\u{1B}[2K".utf8)) }
            statusShown = false
        }
    }

    private func emit(_ line: String) {
        var text = line + "\n"
        if isTerminal, statusShown { text = "\r\u{1B}[2K" + text }
        FileHandle.standardOutput.write(Data(text.utf8))
        statusShown = false
    }

    private func drawStatus() {
        let finished = done + failed
        let fraction = total == 0 ? 1 : Double(finished) / Double(total)
        let width = 20
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let minutes = max(Date().timeIntervalSince(started) / 60, 1e-9)
        let rate = Double(finished) / minutes
        let eta = rate > 0 && finished < total ? " · eta \(Formatting.duration(Double(total - finished) / rate * 60))" : ""
        let line = String(format: "[%3d/%d] %@ %3.0f%% · %.1f articles/min · %d failed%@", finished, total, bar, fraction * 100, rate, failed, eta)
        FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + line).utf8))
        statusShown = true
    }
}

/// Small text formatting helpers for the CLI's output.
public enum Formatting {
    /// `1h 02m`, `3m 05s` or `4.2s`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let total = Int(seconds.rounded())
        if total < 3600 { return String(format: "%dm %02ds", total / 60, total % 60) }
        return String(format: "%dh %02dm", total / 3600, (total % 3600) / 60)
    }

    /// `1,234`.
    public static func count(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }
}
