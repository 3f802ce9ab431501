public import Instrumentation
import Tracing

/// Per-run tracing settings that travel with the task-local `ServiceContext`.
///
/// The CLI sets them once per run (`withTraceSettings`); every span helper reads them, so the
/// session id and the privacy switches reach spans made anywhere below, including LLM calls.
public struct TraceSettings: Sendable, Equatable {
    /// The run's UUID, written as `session.id` on every span.
    public var sessionID: String?
    /// What to redact, from the OpenInference `OPENINFERENCE_HIDE_*` switches.
    public var privacy: TracePrivacy

    public init(sessionID: String? = nil, privacy: TracePrivacy = .init()) {
        self.sessionID = sessionID
        self.privacy = privacy
    }
}

/// The OpenInference masking switches. Hidden values are written as `__REDACTED__`.
public struct TracePrivacy: Sendable, Equatable {
    public var hideInputs = false
    public var hideOutputs = false
    public var hideInputMessages = false
    public var hideOutputMessages = false
    public var hideInputText = false
    public var hideOutputText = false
    public var hideEmbeddingVectors = false
    public var hideInvocationParameters = false

    public init() {}

    /// Reads `OPENINFERENCE_HIDE_*` from an environment (values `true`/`1`/`yes`, any case).
    public init(environment: [String: String]) {
        func flag(_ name: String) -> Bool {
            guard let value = environment["OPENINFERENCE_HIDE_\(name)"]?.lowercased() else { return false }
            return ["true", "1", "yes", "on"].contains(value)
        }
        hideInputs = flag("INPUTS")
        hideOutputs = flag("OUTPUTS")
        hideInputMessages = flag("INPUT_MESSAGES")
        hideOutputMessages = flag("OUTPUT_MESSAGES")
        hideInputText = flag("INPUT_TEXT")
        hideOutputText = flag("OUTPUT_TEXT")
        hideEmbeddingVectors = flag("EMBEDDING_VECTORS")
        hideInvocationParameters = flag("LLM_INVOCATION_PARAMETERS")
    }

    /// The replacement for hidden values.
    public static let redacted = "__REDACTED__"
}

private enum TraceSettingsKey: ServiceContextKey {
    typealias Value = TraceSettings
}

extension ServiceContext {
    /// hinbox's run-level trace settings, when a run set them.
    public internal(set) var traceSettings: TraceSettings? {
        get { self[TraceSettingsKey.self] }
        set { self[TraceSettingsKey.self] = newValue }
    }
}

/// Runs `body` with `settings` in the task-local service context.
public func withTraceSettings<T>(
    _ settings: TraceSettings,
    _ body: () async throws -> T
) async rethrows -> T {
    var context = ServiceContext.current ?? .topLevel
    context.traceSettings = settings
    return try await ServiceContext.withValue(context) { try await body() }
}
