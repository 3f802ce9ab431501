import Tracing

/// Encodes finished spans as an OTLP `ExportTraceServiceRequest` protobuf body.
///
/// Field numbers, from opentelemetry-proto:
/// - collector/trace/v1/trace_service.proto: `ExportTraceServiceRequest.resource_spans = 1`
/// - trace/v1/trace.proto: `ResourceSpans { resource = 1; scope_spans = 2 }`,
///   `ScopeSpans { scope = 1; spans = 2 }`,
///   `Span { trace_id = 1 (bytes, 16); span_id = 2 (bytes, 8); parent_span_id = 4; name = 5; kind = 6 (enum);
///   start_time_unix_nano = 7 (fixed64); end_time_unix_nano = 8 (fixed64); attributes = 9; events = 11;
///   status = 15 }`, `Span.Event { time_unix_nano = 1 (fixed64); name = 2; attributes = 3 }`,
///   `Status { message = 2; code = 3 }` (UNSET 0, OK 1, ERROR 2),
///   `SpanKind` INTERNAL 1, SERVER 2, CLIENT 3, PRODUCER 4, CONSUMER 5
/// - resource/v1/resource.proto: `Resource.attributes = 1`
/// - common/v1/common.proto: `InstrumentationScope { name = 1; version = 2 }`, `KeyValue { key = 1; value = 2 }`,
///   `AnyValue { string_value = 1; bool_value = 2; int_value = 3 (int64); double_value = 4; array_value = 5 }`,
///   `ArrayValue.values = 1`
struct OTLPEncoder: Sendable {
    /// Resource attributes, sorted by key for a stable encoding.
    let resourceAttributes: [(String, String)]
    let scopeName: String

    init(resourceAttributes: [String: String], scopeName: String = "hinbox") {
        self.resourceAttributes = resourceAttributes.sorted { $0.key < $1.key }
        self.scopeName = scopeName
    }

    /// The request body for `spans`.
    func encode(_ spans: some Collection<OTLPFinishedSpan>) -> [UInt8] {
        var request = ProtobufWriter()
        request.message(1) { resourceSpans in
            resourceSpans.message(1) { resource in
                for (key, value) in resourceAttributes {
                    resource.message(1) { Self.keyValue(&$0, key, .string(value)) }
                }
            }
            resourceSpans.message(2) { scopeSpans in
                scopeSpans.message(1) { $0.stringField(1, scopeName) }
                for span in spans {
                    scopeSpans.message(2) { Self.span(&$0, span) }
                }
            }
        }
        return request.bytes
    }

    private static func span(_ writer: inout ProtobufWriter, _ span: OTLPFinishedSpan) {
        let ids = span.spanContext
        writer.bytesField(1, ids.traceIDBytes)
        writer.bytesField(2, OTLPSpanContext.bigEndianBytes(ids.spanID))
        if let parent = ids.parentSpanID {
            writer.bytesField(4, OTLPSpanContext.bigEndianBytes(parent))
        }
        writer.stringField(5, span.name)
        writer.varintField(6, kindNumber(span.kind))
        writer.fixed64Field(7, span.startNanos)
        writer.fixed64Field(8, span.endNanos)
        attributes(&writer, field: 9, span.attributes)
        for event in span.events {
            writer.message(11) { eventWriter in
                eventWriter.fixed64Field(1, event.nanosecondsSinceEpoch)
                eventWriter.stringField(2, event.name)
                attributes(&eventWriter, field: 3, event.attributes)
            }
        }
        if let status = span.status {
            writer.message(15) { statusWriter in
                if let message = status.message, !message.isEmpty { statusWriter.stringField(2, message) }
                statusWriter.varintField(3, status.code == .ok ? 1 : 2)
            }
        }
    }

    static func kindNumber(_ kind: SpanKind) -> UInt64 {
        switch kind {
        case .internal: 1
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        }
    }

    /// Attributes sorted by key (stable output), each as a `KeyValue` message in `field`.
    private static func attributes(_ writer: inout ProtobufWriter, field: Int, _ attributes: SpanAttributes) {
        var pairs: [(String, SpanAttribute)] = []
        attributes.forEach { pairs.append(($0, $1)) }
        for (key, value) in pairs.sorted(by: { $0.0 < $1.0 }) {
            writer.message(field) { keyValue(&$0, key, value) }
        }
    }

    private static func keyValue(_ writer: inout ProtobufWriter, _ key: String, _ value: SpanAttribute) {
        writer.stringField(1, key)
        writer.message(2) { anyValue(&$0, value) }
    }

    private static func anyValue(_ writer: inout ProtobufWriter, _ value: SpanAttribute) {
        switch value {
        case .string(let string): writer.stringField(1, string)
        case .bool(let bool): writer.varintField(2, bool ? 1 : 0)
        case .int32(let int): writer.varintField(3, UInt64(bitPattern: Int64(int)))
        case .int64(let int): writer.varintField(3, UInt64(bitPattern: int))
        case .double(let double): writer.doubleField(4, double)
        case .stringConvertible(let convertible): writer.stringField(1, String(describing: convertible))
        case .stringArray(let array): arrayValue(&writer, array.map { .string($0) })
        case .boolArray(let array): arrayValue(&writer, array.map { .bool($0) })
        case .int32Array(let array): arrayValue(&writer, array.map { .int32($0) })
        case .int64Array(let array): arrayValue(&writer, array.map { .int64($0) })
        case .doubleArray(let array): arrayValue(&writer, array.map { .double($0) })
        case .stringConvertibleArray(let array):
            arrayValue(&writer, array.map { .string(String(describing: $0)) })
        default: writer.stringField(1, "")
        }
    }

    private static func arrayValue(_ writer: inout ProtobufWriter, _ values: [SpanAttribute]) {
        writer.message(5) { array in
            for value in values { array.message(1) { anyValue(&$0, value) } }
        }
    }
}
