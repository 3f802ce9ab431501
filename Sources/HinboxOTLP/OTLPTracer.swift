public import Instrumentation
public import Tracing

/// A swift-distributed-tracing `Tracer` whose spans are exported by an ``OTLPExporter`` as OTLP/HTTP protobuf.
///
/// Create it with ``OTLP/make(configuration:logger:)``. Parents come from the `ServiceContext` passed to
/// `startSpan` (task-local by default); a context without an OTLP span starts a new trace.
/// Propagates W3C `traceparent` through `inject`/`extract`.
public final class OTLPTracer: Tracer, Sendable {
    /// Spans this tracer creates.
    public typealias Span = OTLPSpan

    /// The W3C trace-context header name.
    public static let traceparentHeader = "traceparent"

    private let queue: OTLPSpanQueue

    init(queue: OTLPSpanQueue) {
        self.queue = queue
    }

    /// Starts a span: child of the OTLP span in `context`, or the root of a new random trace.
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> ServiceContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> OTLPSpan {
        var parent = context()
        let spanContext = parent.otlpAdoptedSpan ?? parent.otlpSpanContext?.newChild() ?? .newRoot()
        parent.otlpAdoptedSpan = nil
        return OTLPSpan(
            name: operationName,
            context: parent,
            spanContext: spanContext,
            kind: kind,
            startNanos: instant().nanosecondsSinceEpoch
        ) { [queue] finished in
            queue.append(finished)
        }
    }

    /// Asks the exporter to send queued spans now instead of waiting for a full batch or the schedule delay.
    public func forceFlush() {
        queue.signal()
    }

    /// Writes the W3C `traceparent` of the span in `context`, if any.
    public func inject<Carrier, Inject: Injector>(
        _ context: ServiceContext,
        into carrier: inout Carrier,
        using injector: Inject
    ) where Inject.Carrier == Carrier {
        guard let spanContext = context.otlpSpanContext else { return }
        injector.inject(spanContext.traceparent, forKey: Self.traceparentHeader, into: &carrier)
    }

    /// Reads a W3C `traceparent` into `context`, so spans started with it continue the remote trace.
    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier,
        into context: inout ServiceContext,
        using extractor: Extract
    ) where Extract.Carrier == Carrier {
        guard let value = extractor.extract(key: Self.traceparentHeader, from: carrier),
            let spanContext = OTLPSpanContext(traceparent: value)
        else { return }
        context.otlpSpanContext = spanContext
    }
}
