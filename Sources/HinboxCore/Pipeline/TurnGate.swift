/// Lets numbered turns run one at a time, in order: turn `n` starts only after turn `n - 1`
/// ended. The pipeline resolves and commits articles through two of these so that results never
/// depend on timing.
public actor TurnGate {
    private var next = 0
    private var waiting: [Int: CheckedContinuation<Void, Never>] = [:]
    private var watchers: [(turn: Int, continuation: CheckedContinuation<Void, Never>)] = []

    public init() {}

    /// Runs `body` when it is turn `turn`'s go, then hands the turn on (also when `body` throws).
    public func withTurn<T: Sendable>(_ turn: Int, _ body: @Sendable () async throws -> T) async rethrows -> T {
        if turn != next {
            await withCheckedContinuation { waiting[turn] = $0 }
        }
        defer { handOn() }
        return try await body()
    }

    /// Returns once turn `turn` has ended.
    public func waitUntilEnded(_ turn: Int) async {
        guard next <= turn else { return }
        await withCheckedContinuation { watchers.append((turn, $0)) }
    }

    private func handOn() {
        next += 1
        waiting.removeValue(forKey: next)?.resume()
        let (done, left) = (watchers.filter { $0.turn < next }, watchers.filter { $0.turn >= next })
        watchers = left
        for watcher in done { watcher.continuation.resume() }
    }
}
