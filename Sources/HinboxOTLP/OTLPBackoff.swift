/// Exponential back-off with jitter.
struct OTLPBackoff: Sendable {
    let initial: Duration
    let maximum: Duration
    private(set) var attempt = 0

    init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The next delay: `initial · 2^attempt` capped at `maximum`, jittered into its upper half; a
    /// `Retry-After` longer than that wins (capped at a minute).
    mutating func next(retryAfter: Duration? = nil) -> Duration {
        let exponent = min(attempt, 20)
        attempt += 1
        let base = min(initial * (1 << exponent), maximum)
        let jittered = base * Double.random(in: 0.5...1.0)
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, .seconds(60)))
    }

    /// Starts over after a success.
    mutating func reset() { attempt = 0 }
}
