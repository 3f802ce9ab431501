public import HinboxTracing
public import Instrumentation
import Synchronization
public import Tracing

/// A span started by ``OTLPTracer``. Thread-safe; records until ``end(at:)``, which hands it to the exporter.
public final class OTLPSpan: DiscardableSpan, Sendable {
    private struct State {
        var name: String
        var attributes: SpanAttributes = [:]
        var events: [SpanEvent] = []
        var status: SpanStatus?
        var isRecording = true
    }

    /// The span's service context; carries its ``OTLPSpanContext``.
    public let context: ServiceContext
    /// The span's identity (trace id, span id, parent).
    public let spanContext: OTLPSpanContext
    /// The span kind.
    public let kind: SpanKind
    private let startNanos: UInt64
    private let state: Mutex<State>
    private let onEnd: @Sendable (OTLPFinishedSpan) -> Void

    init(
        name: String,
        context: ServiceContext,
        spanContext: OTLPSpanContext,
        kind: SpanKind,
        startNanos: UInt64,
        onEnd: @escaping @Sendable (OTLPFinishedSpan) -> Void
    ) {
        var context = context
        context.otlpSpanContext = spanContext
        self.context = context
        self.spanContext = spanContext
        self.kind = kind
        self.startNanos = startNanos
        self.state = Mutex(State(name: name))
        self.onEnd = onEnd
    }

    /// The operation name; changes after `end()` are ignored.
    public var operationName: String {
        get { state.withLock { $0.name } }
        set { state.withLock { if $0.isRecording { $0.name = newValue } } }
    }

    /// The span's attributes; changes after `end()` are ignored.
    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { if $0.isRecording { $0.attributes = newValue } } }
    }

    /// `true` until the span ends.
    public var isRecording: Bool { state.withLock { $0.isRecording } }

    /// Sets the span status (OTLP `Status.code` OK or ERROR, with an optional message).
    public func setStatus(_ status: SpanStatus) {
        state.withLock { if $0.isRecording { $0.status = status } }
    }

    /// Adds a timestamped event.
    public func addEvent(_ event: SpanEvent) {
        state.withLock { if $0.isRecording { $0.events.append(event) } }
    }

    /// Records an error as an OpenTelemetry `exception` event with `exception.type` and `exception.message`.
    public func recordError<Instant: TracerInstant>(
        _ error: any Error,
        attributes: SpanAttributes,
        at instant: @autoclosure () -> Instant
    ) {
        var eventAttributes = attributes
        eventAttributes["exception.type"] = String(reflecting: type(of: error))
        eventAttributes["exception.message"] = String(describing: error)
        addEvent(SpanEvent(name: "exception", at: instant(), attributes: eventAttributes))
    }

    /// Links are not exported; ignored.
    public func addLink(_ link: SpanLink) {}

    /// Stops recording without exporting anything (see ``DiscardableSpan``).
    public func discard() {
        state.withLock { $0.isRecording = false }
    }

    /// Ends the span and queues it for export. Never blocks on the network; later calls are ignored.
    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let endNanos = instant().nanosecondsSinceEpoch
        let finished: OTLPFinishedSpan? = state.withLock { state in
            guard state.isRecording else { return nil }
            state.isRecording = false
            return OTLPFinishedSpan(
                name: state.name, spanContext: spanContext, kind: kind, startNanos: startNanos,
                endNanos: max(endNanos, startNanos), attributes: state.attributes, events: state.events,
                status: state.status
            )
        }
        if let finished { onEnd(finished) }
    }
}
