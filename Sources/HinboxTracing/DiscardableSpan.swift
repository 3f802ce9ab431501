public import Tracing

/// A span that can be dropped instead of exported.
///
/// For a root whose identity came from elsewhere (a `traceparent` queued with an article): when the
/// work is interrupted and handed to another process, that process emits the root again under the
/// same ids, so this copy must not reach the trace too. ``OTLPSpan`` conforms; a tracer whose spans
/// do not is simply not asked.
public protocol DiscardableSpan: Span {
    /// Stops recording and drops the span: ending it afterwards exports nothing.
    func discard()
}
