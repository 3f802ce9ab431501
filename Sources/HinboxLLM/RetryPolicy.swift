/// How a client retries failed HTTP attempts and when it gives up on an unreachable server.
///
/// Retries cover 429 (honouring `Retry-After`), 408/500/502/503/504, timeouts and lost
/// connections. The back-off doubles from ``initialBackoff`` up to ``maxBackoff`` with jitter.
/// Time is injected (``sleep``, ``now``, ``random``) so tests never wait.
///
/// ```swift
/// var policy = RetryPolicy.default
/// policy.maxAttempts = 6
/// ```
public struct RetryPolicy: Sendable {
    /// HTTP attempts per call, first one included.
    public var maxAttempts = 4
    /// The delay before the second attempt.
    public var initialBackoff: Duration = .milliseconds(500)
    /// The longest computed back-off.
    public var maxBackoff: Duration = .seconds(20)
    /// The longest `Retry-After` honoured.
    public var maxRetryAfter: Duration = .seconds(60)
    /// Whether back-offs are randomised to 50–100 % of their value.
    public var jitter = true
    /// Attempts per call when the server cannot be reached at all (refused, unresolvable).
    public var maxUnreachableAttempts = 2
    /// Consecutive connection failures (across calls) after which calls fail at once.
    public var circuitBreakerThreshold = 3
    /// How long the open circuit fails calls before letting one through to probe the server.
    public var circuitBreakerCooldown: Duration = .seconds(30)
    /// Waits between attempts.
    public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    /// The current time, for the circuit breaker.
    public var now: @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    /// A number in the range, for jitter.
    public var random: @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) }

    /// The defaults: 4 attempts, 0.5 s doubling to 20 s, jitter, fail fast after 2 unreachable
    /// attempts, circuit opens after 3 consecutive connection failures for 30 s.
    public static var `default`: RetryPolicy { RetryPolicy() }

    /// No retries at all (one attempt per call).
    public static var none: RetryPolicy {
        var policy = RetryPolicy()
        policy.maxAttempts = 1
        policy.maxUnreachableAttempts = 1
        return policy
    }

    /// Creates the default policy; change fields by mutation.
    public init() {}

    /// The delay after the `failures`-th failed attempt (1-based), honouring `retryAfter`.
    public func delay(afterFailure failures: Int, retryAfter: Duration? = nil) -> Duration {
        if let retryAfter { return min(retryAfter, maxRetryAfter) }
        let exponent = min(max(failures - 1, 0), 30)
        let raw = initialBackoff * (1 << exponent)
        let capped = min(raw, maxBackoff)
        return jitter ? capped * random(0.5...1.0) : capped
    }
}
