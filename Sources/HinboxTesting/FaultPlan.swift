/// Which requests a ``ScriptedOpenAIServer`` answers with a fault instead of a normal reply.
///
/// Faults apply only to `POST …/chat/completions` and `POST …/embeddings`. The choice depends
/// on the request's 0-based arrival index and nothing else (never on timing), so a run with the
/// same plan injects the same fault at the same index.
///
/// ```swift
/// let plan = FaultPlan.random(rate: 0.2, seed: 42, faults: [.rateLimited, .serverError])
/// let server = try await ScriptedOpenAIServer.start(faults: plan, handler: handler)
/// ```
public struct FaultPlan: Sendable {
    private enum Mode: Sendable {
        case none
        case random(rate: Double, seed: UInt64, faults: [Fault])
        case scripted([Int: Fault])
    }

    private let mode: Mode

    /// No faults.
    public static let none = FaultPlan(mode: .none)

    /// Each request index gets a fault with probability `rate` (0…1), picked from `faults`,
    /// using a SplitMix64 hash of `seed` and the index.
    public static func random(rate: Double, seed: UInt64, faults: [Fault] = Fault.allCases) -> FaultPlan {
        FaultPlan(mode: .random(rate: min(max(rate, 0), 1), seed: seed, faults: faults))
    }

    /// Exactly these faults at these request indices.
    public static func scripted(_ faults: [Int: Fault]) -> FaultPlan {
        FaultPlan(mode: .scripted(faults))
    }

    /// The fault for the request with this 0-based arrival index, or `nil` for a normal reply.
    public func fault(forRequest index: Int) -> Fault? {
        switch mode {
        case .none:
            return nil
        case .scripted(let faults):
            return faults[index]
        case .random(let rate, let seed, let faults):
            guard !faults.isEmpty, rate > 0 else { return nil }
            var state = seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
            let roll = Double(Self.splitMix64(&state) >> 11) / Double(UInt64(1) << 53)
            guard roll < rate else { return nil }
            return faults[Int(Self.splitMix64(&state) % UInt64(faults.count))]
        }
    }

    private static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One injected failure.
public enum Fault: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 429 with `Retry-After: 1`.
    case rateLimited
    /// 500.
    case serverError
    /// 503.
    case unavailable
    /// 200 with a valid envelope whose `choices[0].message.content` is broken JSON
    /// (for embeddings: a body cut mid-way).
    case malformedJSON
    /// 200 with the real content cut mid-way and `finish_reason: "length"`
    /// (for embeddings: the real body cut mid-way).
    case truncatedJSON
    /// The normal reply, after this extra delay (for client timeouts).
    case slow(Duration)
    /// The connection is closed without a reply.
    case closeConnection
    /// 200 with `"choices": []` (for embeddings: `"data": []`), as OpenRouter and Gemini answer
    /// under load or filtering.
    case emptyChoices
    /// 200 with a choice whose message has no `content` (for embeddings: a body that is empty).
    case noContent

    /// Every fault; `slow` with a 5-second delay.
    public static let allCases: [Fault] = [
        .rateLimited, .serverError, .unavailable, .malformedJSON, .truncatedJSON, .slow(.seconds(5)), .closeConnection,
        .emptyChoices, .noContent,
    ]

    public var description: String {
        switch self {
        case .rateLimited: "rateLimited"
        case .serverError: "serverError"
        case .unavailable: "unavailable"
        case .malformedJSON: "malformedJSON"
        case .truncatedJSON: "truncatedJSON"
        case .slow(let delay): "slow(\(delay))"
        case .closeConnection: "closeConnection"
        case .emptyChoices: "emptyChoices"
        case .noContent: "noContent"
        }
    }
}
