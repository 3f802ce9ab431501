import Tracing

/// An ended span, frozen for export.
struct OTLPFinishedSpan: Sendable {
    var name: String
    var spanContext: OTLPSpanContext
    var kind: SpanKind
    var startNanos: UInt64
    var endNanos: UInt64
    var attributes: SpanAttributes
    var events: [SpanEvent]
    var status: SpanStatus?
}
