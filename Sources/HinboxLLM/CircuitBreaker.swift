import Synchronization

/// Counts consecutive connection failures to one server across calls.
///
/// After ``RetryPolicy/circuitBreakerThreshold`` of them the circuit opens: calls fail at once
/// instead of each waiting for its own connection attempts. After the cooldown one call may
/// probe again; any HTTP answer closes the circuit.
final class CircuitBreaker: Sendable {
    private struct State {
        var consecutiveFailures = 0
        var lastFailure: ContinuousClock.Instant?
        var lastError: LLMError?
    }

    private let state = Mutex(State())
    private let threshold: Int
    private let cooldown: Duration
    private let now: @Sendable () -> ContinuousClock.Instant

    init(policy: RetryPolicy) {
        threshold = max(1, policy.circuitBreakerThreshold)
        cooldown = policy.circuitBreakerCooldown
        now = policy.now
    }

    /// The last connection failure when the circuit is open, else `nil`.
    func openError() -> LLMError? {
        let current = now()
        return state.withLock { state in
            guard state.consecutiveFailures >= threshold, let last = state.lastFailure else { return nil }
            guard current - last < cooldown else { return nil }
            return state.lastError
        }
    }

    /// Records that a connection could not be made.
    func recordConnectionFailure(_ error: LLMError) {
        let current = now()
        state.withLock { state in
            state.consecutiveFailures += 1
            state.lastFailure = current
            state.lastError = error
        }
    }

    /// Records that the server answered (with any status).
    func recordAnswer() {
        state.withLock { $0 = State() }
    }

    /// Consecutive connection failures so far.
    var consecutiveFailures: Int { state.withLock { $0.consecutiveFailures } }
}
