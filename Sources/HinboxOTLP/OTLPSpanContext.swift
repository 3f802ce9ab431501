public import Instrumentation
import Tracing

/// The identity of one span: W3C trace id (16 bytes), span id (8 bytes) and its parent's span id.
///
/// Stored in a `ServiceContext` under a private key; read it with ``ServiceContext/otlpSpanContext``
/// or the hex shortcut ``ServiceContext/otlpTraceID``.
public struct OTLPSpanContext: Sendable, Hashable {
    /// High 8 bytes of the trace id (big-endian order on the wire).
    public let traceIDHigh: UInt64
    /// Low 8 bytes of the trace id.
    public let traceIDLow: UInt64
    /// The span id.
    public let spanID: UInt64
    /// The parent span id, `nil` for a root span.
    public let parentSpanID: UInt64?
    /// Whether this context came from another process (W3C `traceparent`), not from a local span.
    public let isRemote: Bool

    /// Creates a span context from its parts.
    public init(
        traceIDHigh: UInt64, traceIDLow: UInt64, spanID: UInt64, parentSpanID: UInt64?, isRemote: Bool = false
    ) {
        self.traceIDHigh = traceIDHigh
        self.traceIDLow = traceIDLow
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.isRemote = isRemote
    }

    /// The trace id as 32 lower-case hex digits (the form Phoenix uses in `/redirects/traces/<id>`).
    public var traceIDHex: String { Self.hex(traceIDHigh) + Self.hex(traceIDLow) }

    /// The span id as 16 lower-case hex digits.
    public var spanIDHex: String { Self.hex(spanID) }

    /// The parent span id as 16 lower-case hex digits, `nil` for a root span.
    public var parentSpanIDHex: String? { parentSpanID.map(Self.hex) }

    /// The 16 trace id bytes in wire order.
    var traceIDBytes: [UInt8] { Self.bigEndianBytes(traceIDHigh) + Self.bigEndianBytes(traceIDLow) }

    /// A new root context: random non-zero trace and span ids.
    public static func newRoot() -> OTLPSpanContext {
        var high: UInt64 = 0
        var low: UInt64 = 0
        while high == 0 && low == 0 {
            high = UInt64.random(in: .min ... .max)
            low = UInt64.random(in: .min ... .max)
        }
        return OTLPSpanContext(traceIDHigh: high, traceIDLow: low, spanID: randomSpanID(), parentSpanID: nil)
    }

    /// A child of this context: same trace, new random span id.
    func newChild() -> OTLPSpanContext {
        OTLPSpanContext(
            traceIDHigh: traceIDHigh, traceIDLow: traceIDLow, spanID: Self.randomSpanID(), parentSpanID: spanID)
    }

    static func randomSpanID() -> UInt64 {
        var id: UInt64 = 0
        while id == 0 { id = UInt64.random(in: .min ... .max) }
        return id
    }

    static func bigEndianBytes(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }

    static func hex(_ value: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        let bytes = (0..<16).map { digits[Int((value >> (60 - 4 * UInt64($0))) & 0xF)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses exactly 16 hex digits (either case).
    static func parseHex64(_ text: Substring) -> UInt64? {
        guard text.utf8.count == 16 else { return nil }
        return UInt64(text, radix: 16)
    }
}

// MARK: - W3C traceparent

extension OTLPSpanContext {
    /// The W3C `traceparent` header value for this span: `00-<trace id>-<span id>-01` (sampled).
    public var traceparent: String { "00-\(traceIDHex)-\(spanIDHex)-01" }

    /// Parses a W3C `traceparent` header; the result is a remote context whose `spanID` is the caller's span.
    public init?(traceparent: String) {
        let parts = traceparent.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].utf8.count == 2, parts[0] != "ff", parts[1].utf8.count == 32,
            let high = Self.parseHex64(parts[1].prefix(16)), let low = Self.parseHex64(parts[1].suffix(16)),
            let span = Self.parseHex64(parts[2]), high != 0 || low != 0, span != 0
        else { return nil }
        self.init(traceIDHigh: high, traceIDLow: low, spanID: span, parentSpanID: nil, isRemote: true)
    }
}

// MARK: - ServiceContext

private enum OTLPSpanContextKey: ServiceContextKey {
    typealias Value = OTLPSpanContext
    static var nameOverride: String? { "hinbox-otlp-span-context" }
}

extension ServiceContext {
    /// The OTLP span context of the current span, if an ``OTLPTracer`` started it.
    public internal(set) var otlpSpanContext: OTLPSpanContext? {
        get { self[OTLPSpanContextKey.self] }
        set { self[OTLPSpanContextKey.self] = newValue }
    }

    /// The current trace id as 32 lower-case hex digits, if an ``OTLPTracer`` is tracing.
    public var otlpTraceID: String? { otlpSpanContext?.traceIDHex }
}

// MARK: - Spans across processes

private enum OTLPAdoptedSpanKey: ServiceContextKey {
    typealias Value = OTLPSpanContext
    static var nameOverride: String? { "hinbox-otlp-adopted-span" }
}

extension ServiceContext {
    /// An identity the next span started in this context takes as its own (then cleared, so its
    /// children are children): how one process emits a root span whose ids another process
    /// chose and already used as the parent of its spans.
    var otlpAdoptedSpan: OTLPSpanContext? {
        get { self[OTLPAdoptedSpanKey.self] }
        set { self[OTLPAdoptedSpanKey.self] = newValue }
    }

    /// A context for continuing, in this process, the trace of a W3C `traceparent` made elsewhere.
    ///
    /// - Parameters:
    ///   - traceparent: `00-<trace id>-<span id>-01`.
    ///   - asRoot: true: the next span started in it *is* that span — same trace and span id, no
    ///     parent (a root another process's spans already name as their parent); false: spans
    ///     started in it are children of that span.
    /// - Returns: nil when `traceparent` is malformed.
    public static func otlp(traceparent: String, asRoot: Bool) -> ServiceContext? {
        guard let remote = OTLPSpanContext(traceparent: traceparent) else { return nil }
        var context = ServiceContext.topLevel
        if asRoot {
            context.otlpAdoptedSpan = OTLPSpanContext(
                traceIDHigh: remote.traceIDHigh, traceIDLow: remote.traceIDLow, spanID: remote.spanID, parentSpanID: nil)
        } else {
            context.otlpSpanContext = remote
        }
        return context
    }
}
