import Synchronization
import Tracing

/// A span of an OpenInference kind that outlives one closure: started in one stage of the
/// pipeline, continued in a later one (the resolver embeds before an article's turn and decides
/// in it), and ended once: later calls to `end` are ignored.
public final class OpenInferenceSpanHandle: Sendable {
    public let span: any Span
    private let ended = Mutex(false)

    /// Starts the span under the current task's context, with the attributes
    /// ``withOpenInferenceSpan(_:kind:isolation:function:file:line:_:)`` sets.
    public init(_ name: String, kind: OpenInferenceSpanKind, function: String = #function, file: String = #filePath, line: UInt = #line) {
        let spanKind: SpanKind = (kind == .llm || kind == .embedding) ? .client : .internal
        span = startSpan(name, ofKind: spanKind, function: function, line: line)
        let session = span.context.traceSettings?.sessionID
        span.updateAttributes { attributes in
            attributes.openInference.spanKind = kind.rawValue
            if let session { attributes.openInference.sessionID = session }
            attributes["code.function"] = function
            attributes["code.filepath"] = file
            attributes["code.lineno"] = Int(line)
        }
    }

    /// Runs `body` with the span as the current context, so spans it starts become children.
    public func within<T>(isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T) async rethrows -> T {
        try await ServiceContext.$current.withValue(span.context, operation: body, isolation: isolation)
    }

    /// Ends the span with status OK.
    public func end() {
        guard markEnded() else { return }
        span.setStatus(.init(code: .ok))
        span.end()
    }

    /// Ends the span with status ERROR and an `exception` event.
    public func end(throwing error: any Error) {
        guard markEnded() else { return }
        span.recordError(error)
        span.setStatus(.init(code: .error))
        span.end()
    }

    /// True the first time only.
    private func markEnded() -> Bool {
        ended.withLock { ended in
            defer { ended = true }
            return !ended
        }
    }
}
