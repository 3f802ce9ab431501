import Foundation
import HinboxApp
import HinboxCore
@testable import HinboxLLM
import HinboxTesting
import Logging
import Synchronization
import Tracing

/// Records the back-off delays instead of waiting; jitter off.
final class SleepRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])
    var all: [Duration] { delays.withLock { $0 } }

    func policy() -> RetryPolicy {
        var policy = RetryPolicy.default
        policy.jitter = false
        policy.sleep = { [self] delay in delays.withLock { $0.append(delay) } }
        return policy
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let offset = Mutex<Duration>(.zero)
    private let start = ContinuousClock.now
    func advance(_ duration: Duration) { offset.withLock { $0 += duration } }
    var now: ContinuousClock.Instant { start + offset.withLock { $0 } }
}

let plantedKey = "sk-test-PLANTED-123"

func openAIRoute(key: String = plantedKey) throws -> ProviderRoute {
    try ModelRouter(environment: ["OPENAI_API_KEY": key]).route("openai/gpt-4o-mini")
}

func makeClient(
    _ transport: ScriptedTransport,
    route: ProviderRoute? = nil,
    policy: RetryPolicy = RetryPolicy.none,
    prices: [String: ModelPrice] = [:],
    logs: LogCapture = LogCapture(),
    batchSize: Int = 64
) throws -> OpenAICompatibleClient {
    OpenAICompatibleClient(
        route: try route ?? openAIRoute(), transport: transport, limiter: ConcurrencyLimiter(limit: 4),
        retryPolicy: policy, prices: prices, embeddingBatchSize: batchSize, logger: logs.logger)
}

extension Tracing.SpanAttributes {
    /// The attribute's value as text (for assertions), `nil` when absent.
    func text(_ key: String) -> String? {
        get(key).map { attribute -> String in
            switch attribute {
            case .string(let value): value
            case .int64(let value): "\(value)"
            case .int32(let value): "\(value)"
            case .double(let value): "\(value)"
            case .bool(let value): "\(value)"
            case .stringArray(let value): value.joined(separator: ",")
            default: "\(attribute)"
            }
        }
    }

    /// Every key and value, flattened to text.
    var allText: [String] {
        var out: [String] = []
        forEach { key, value in out.append("\(key)=\(value)") }
        return out
    }
}

/// Tracks how many things run at once, and the peak.
final class PeakCounter: Sendable {
    private let state = Mutex((current: 0, peak: 0))
    func enter() { state.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current) } }
    func leave() { state.withLock { $0.current -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
}
