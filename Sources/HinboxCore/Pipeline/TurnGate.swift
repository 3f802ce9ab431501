/// Lets numbered turns run one at a time, in order: turn `n` starts only after turn `n - 1`
/// ended. The pipeline merges articles through it so that results never depend on timing.
public actor TurnGate {
    private var next = 0
    private var waiting: [Int: CheckedContinuation<Void, Never>] = [:]

    public init() {}

    /// Runs `body` when it is turn `turn`'s go, then hands the turn on (also when `body` throws).
    public func withTurn<T: Sendable>(_ turn: Int, _ body: @Sendable () async throws -> T) async rethrows -> T {
        if turn != next {
            await withCheckedContinuation { waiting[turn] = $0 }
        }
        defer {
            next += 1
            waiting.removeValue(forKey: next)?.resume()
        }
        return try await body()
    }
}
