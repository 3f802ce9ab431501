import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A scripted OTLP/HTTP collector on `127.0.0.1:<ephemeral port>` for tests.
///
/// It records every `POST /v1/traces` (headers and body) and answers as its script says: a status
/// (optionally with `Retry-After`) or a dropped connection. ``decode(_:)`` reads the OTLP protobuf bodies.
///
/// ```swift
/// let collector = try await FakeOTLPCollector.start { index in index < 3 ? .status(503) : .accept }
/// defer { Task { try await collector.shutdown() } }
/// // … point the exporter at collector.endpoint …
/// let spans = try collector.acceptedSpans()
/// ```
public final class FakeOTLPCollector: Sendable {
    /// How the collector answers one request.
    public enum Reply: Sendable, Equatable {
        /// Answer with this HTTP status (and a `Retry-After: <seconds>` header when given).
        case status(Int, retryAfter: Int? = nil)
        /// Close the connection without answering.
        case closeConnection

        /// `200 OK`.
        public static let accept = Reply.status(200)
    }

    /// One recorded `POST /v1/traces`.
    public struct Request: Sendable {
        /// Request headers in arrival order.
        public let headers: [(String, String)]
        /// The raw body.
        public let body: [UInt8]
        /// How the collector answered.
        public let reply: Reply

        /// The first value of header `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// Whether the answer was 2xx.
        public var wasAccepted: Bool {
            if case .status(let code, _) = reply { return (200..<300).contains(code) }
            return false
        }
    }

    private struct State {
        var requests: [Request] = []
        var script: @Sendable (Int) -> Reply
    }

    /// The listening port.
    public let port: Int
    private let channel: any Channel
    private let state: Mutex<State>

    /// Base URL to configure an exporter with, e.g. `http://127.0.0.1:51234`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    private init(channel: any Channel, port: Int, script: @escaping @Sendable (Int) -> Reply) {
        self.channel = channel
        self.port = port
        self.state = Mutex(State(script: script))
    }

    /// Starts a collector.
    /// - Parameter script: The reply to the n-th (0-based) `POST /v1/traces`; accepts everything by default.
    public static func start(
        script: @escaping @Sendable (_ requestIndex: Int) -> Reply = { _ in .accept }
    ) async throws -> FakeOTLPCollector {
        let box = CollectorBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let collector = FakeOTLPCollector(
            channel: channel, port: channel.localAddress?.port ?? 0, script: script)
        box.collector.withLock { $0 = collector }
        return collector
    }

    /// Replaces the script; request numbering continues from the requests already recorded.
    public func setScript(_ script: @escaping @Sendable (_ requestIndex: Int) -> Reply) {
        state.withLock { $0.script = script }
    }

    /// Every request so far.
    public var requests: [Request] { state.withLock { $0.requests } }

    /// The spans of every 2xx-answered request, decoded, in arrival order.
    public func acceptedSpans() throws -> [DecodedSpan] {
        try requests.filter(\.wasAccepted).flatMap { try Self.decode($0.body).spans }
    }

    /// Stops listening.
    public func shutdown() async throws {
        try await channel.close()
    }

    fileprivate func record(headers: [(String, String)], body: [UInt8]) -> Reply {
        state.withLock { state in
            let reply = state.script(state.requests.count)
            state.requests.append(Request(headers: headers, body: body, reply: reply))
            return reply
        }
    }
}

// MARK: - HTTP handler

extension FakeOTLPCollector {
    /// Lets handlers reach the collector, which exists only after the bind.
    fileprivate final class CollectorBox: Sendable {
        let collector = Mutex<FakeOTLPCollector?>(nil)
    }

    fileprivate final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let box: CollectorBox
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(box: CollectorBox) { self.box = box }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(let buffer):
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head else { return }
                let isTraces = head.method == .POST && head.uri.hasPrefix("/v1/traces")
                let reply: Reply
                if isTraces, let collector = box.collector.withLock({ $0 }) {
                    reply = collector.record(headers: head.headers.map { ($0.name, $0.value) }, body: body)
                } else {
                    reply = .status(404)
                }
                respond(context: context, reply: reply, version: head.version)
            }
        }

        private func respond(context: ChannelHandlerContext, reply: Reply, version: HTTPVersion) {
            guard case .status(let code, let retryAfter) = reply else {
                context.close(promise: nil)
                return
            }
            var headers = HTTPHeaders([("content-length", "0")])
            if let retryAfter { headers.add(name: "retry-after", value: String(retryAfter)) }
            let head = HTTPResponseHead(version: version, status: .init(statusCode: code), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

// MARK: - Protobuf decoding (the subset HinboxOTLP writes; field numbers from opentelemetry-proto)

extension FakeOTLPCollector {
    /// An OTLP `AnyValue`.
    public indirect enum Value: Sendable, Equatable {
        case string(String), bool(Bool), int(Int64), double(Double), array([Value])
    }

    /// A decoded `Span.Event`.
    public struct DecodedEvent: Sendable, Equatable {
        /// Event name, e.g. `exception`.
        public var name = ""
        /// `time_unix_nano`.
        public var timeUnixNano: UInt64 = 0
        /// Event attributes.
        public var attributes: [String: Value] = [:]
    }

    /// A decoded `Span`; ids are lower-case hex.
    public struct DecodedSpan: Sendable, Equatable {
        /// 32 hex digits.
        public var traceID = ""
        /// 16 hex digits.
        public var spanID = ""
        /// 16 hex digits, `nil` for a root span.
        public var parentSpanID: String?
        /// The span name.
        public var name = ""
        /// OTLP `SpanKind`: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.
        public var kind = 0
        /// `start_time_unix_nano`.
        public var startTimeUnixNano: UInt64 = 0
        /// `end_time_unix_nano`.
        public var endTimeUnixNano: UInt64 = 0
        /// Span attributes.
        public var attributes: [String: Value] = [:]
        /// Span events in order.
        public var events: [DecodedEvent] = []
        /// `Status.code`: 0 unset, 1 OK, 2 ERROR.
        public var statusCode = 0
        /// `Status.message`, if sent.
        public var statusMessage: String?
    }

    /// A decoded `ExportTraceServiceRequest`.
    public struct DecodedRequest: Sendable, Equatable {
        /// `Resource.attributes` (of every `ResourceSpans`).
        public var resourceAttributes: [String: Value] = [:]
        /// `InstrumentationScope.name` of every `ScopeSpans`.
        public var scopeNames: [String] = []
        /// Every span in order.
        public var spans: [DecodedSpan] = []
    }

    /// Malformed protobuf.
    public struct DecodingError: Error {}

    /// Decodes an `ExportTraceServiceRequest` body.
    public static func decode(_ body: [UInt8]) throws -> DecodedRequest {
        var request = DecodedRequest()
        for resourceSpans in try fields(body[...]) where resourceSpans.number == 1 {
            for part in try fields(resourceSpans.bytes) {
                if part.number == 1 {  // Resource
                    for kv in try fields(part.bytes) where kv.number == 1 {
                        let (key, value) = try keyValue(kv.bytes)
                        request.resourceAttributes[key] = value
                    }
                } else if part.number == 2 {  // ScopeSpans
                    for item in try fields(part.bytes) {
                        if item.number == 1 {
                            request.scopeNames += try fields(item.bytes).filter { $0.number == 1 }.map(\.string)
                        } else if item.number == 2 {
                            request.spans.append(try span(item.bytes))
                        }
                    }
                }
            }
        }
        return request
    }

    private struct Field {
        var number: Int, varint: UInt64 = 0, bytes: ArraySlice<UInt8> = []
        var string: String { String(decoding: bytes, as: UTF8.self) }
        var hex: String { bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
    }

    private static func span(_ bytes: ArraySlice<UInt8>) throws -> DecodedSpan {
        var span = DecodedSpan()
        for field in try fields(bytes) {
            switch field.number {
            case 1: span.traceID = field.hex
            case 2: span.spanID = field.hex
            case 4: span.parentSpanID = field.bytes.isEmpty ? nil : field.hex
            case 5: span.name = field.string
            case 6: span.kind = Int(field.varint)
            case 7: span.startTimeUnixNano = field.varint
            case 8: span.endTimeUnixNano = field.varint
            case 9:
                let (key, value) = try keyValue(field.bytes)
                span.attributes[key] = value
            case 11:
                var event = DecodedEvent()
                for part in try fields(field.bytes) {
                    if part.number == 1 { event.timeUnixNano = part.varint }
                    if part.number == 2 { event.name = part.string }
                    if part.number == 3 {
                        let (key, value) = try keyValue(part.bytes)
                        event.attributes[key] = value
                    }
                }
                span.events.append(event)
            case 15:
                for part in try fields(field.bytes) {
                    if part.number == 2 { span.statusMessage = part.string }
                    if part.number == 3 { span.statusCode = Int(part.varint) }
                }
            default: break
            }
        }
        return span
    }

    private static func keyValue(_ bytes: ArraySlice<UInt8>) throws -> (String, Value) {
        var key = ""
        var value = Value.string("")
        for field in try fields(bytes) {
            if field.number == 1 { key = field.string }
            if field.number == 2 { value = try anyValue(field.bytes) }
        }
        return (key, value)
    }

    private static func anyValue(_ bytes: ArraySlice<UInt8>) throws -> Value {
        guard let field = try fields(bytes).first else { return .string("") }
        switch field.number {
        case 1: return .string(field.string)
        case 2: return .bool(field.varint != 0)
        case 3: return .int(Int64(bitPattern: field.varint))
        case 4: return .double(Double(bitPattern: field.varint))
        case 5: return .array(try fields(field.bytes).filter { $0.number == 1 }.map { try anyValue($0.bytes) })
        default: throw DecodingError()
        }
    }

    /// The fields of one message; fixed64 values land in `varint`.
    private static func fields(_ bytes: ArraySlice<UInt8>) throws -> [Field] {
        var result: [Field] = []
        var index = bytes.startIndex
        func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.endIndex && shift < 64 {
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            throw DecodingError()
        }
        while index < bytes.endIndex {
            let key = try varint()
            var field = Field(number: Int(key >> 3))
            switch key & 7 {
            case 0: field.varint = try varint()
            case 1, 2, 5:
                let length = key & 7 == 1 ? 8 : key & 7 == 5 ? 4 : Int(try varint())
                guard length <= bytes.endIndex - index else { throw DecodingError() }
                field.bytes = bytes[index..<index + length]
                if key & 7 != 2 { field.varint = field.bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) } }
                index += length
            default: throw DecodingError()
            }
            result.append(field)
        }
        return result
    }
}
