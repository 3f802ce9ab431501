import Synchronization

/// Time one article spent waiting rather than working: for a model slot (the run's limit on
/// concurrent model requests), for its resolve turn and for its commit turn (``ArticleTurns``).
///
/// The pipeline sets one ledger per article as ``current`` (a task-local, inherited by the
/// article's profile tasks); the LLM client adds its slot waits to it. The totals go on the
/// article's root span and into the run summary, so a long span with short children explains
/// itself.
public final class WaitLedger: Sendable {
    /// The current article's ledger, if any.
    @TaskLocal public static var current: WaitLedger?

    private let totals = Mutex(Waits())

    public init() {}

    /// Adds `duration` to the waits of `kind`.
    public func add(_ duration: Duration, to kind: Waits.Kind) {
        totals.withLock { $0[kind] += duration }
    }

    /// The waits so far.
    public var waits: Waits { totals.withLock { $0 } }
}

/// How long an article (or a run, summed over its articles) waited, by cause.
public struct Waits: Sendable, Hashable {
    /// What was waited for.
    public enum Kind: String, Sendable, CaseIterable {
        case modelSlot = "model_slot"
        case resolveTurn = "resolve_turn"
        case commitTurn = "commit_turn"
    }

    public var modelSlot: Duration = .zero
    public var resolveTurn: Duration = .zero
    public var commitTurn: Duration = .zero

    public init() {}

    public subscript(kind: Kind) -> Duration {
        get {
            switch kind {
            case .modelSlot: modelSlot
            case .resolveTurn: resolveTurn
            case .commitTurn: commitTurn
            }
        }
        set {
            switch kind {
            case .modelSlot: modelSlot = newValue
            case .resolveTurn: resolveTurn = newValue
            case .commitTurn: commitTurn = newValue
            }
        }
    }

    /// All waits together.
    public var total: Duration { modelSlot + resolveTurn + commitTurn }

    /// The sum of two (for a run's total over its articles).
    public static func + (lhs: Waits, rhs: Waits) -> Waits {
        var sum = lhs
        for kind in Kind.allCases { sum[kind] += rhs[kind] }
        return sum
    }
}

extension Duration {
    /// Whole milliseconds (span attributes, logs, NIO's `TimeAmount`).
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
