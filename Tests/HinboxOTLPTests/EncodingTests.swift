import HinboxTesting
import Testing
import Tracing

@testable import HinboxOTLP

@Suite("OTLP encoding")
struct EncodingTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "boom" }
    }

    @Test("protobuf primitives follow the wire format")
    func primitives() {
        var writer = ProtobufWriter()
        writer.varint(300)
        #expect(writer.bytes == [0xAC, 0x02])
        writer = ProtobufWriter()
        writer.fixed64Field(7, 1)
        #expect(writer.bytes == [0x39, 1, 0, 0, 0, 0, 0, 0, 0])
        writer = ProtobufWriter()
        writer.stringField(5, "hi")
        #expect(writer.bytes == [0x2A, 2, 0x68, 0x69])
        writer = ProtobufWriter()
        writer.varintField(3, UInt64(bitPattern: -1))
        #expect(writer.bytes == [0x18] + Array(repeating: 0xFF, count: 9) + [0x01])
    }

    @Test("spans round-trip: names, ids, parents, kinds, attribute types, events, status")
    func roundTrip() async throws {
        let collector = try await FakeOTLPCollector.start()
        let logs = LogCapture()
        let (tracer, exporter) = OTLP.make(
            configuration: testConfiguration(endpoint: collector.endpoint), logger: logs.logger)
        let running = RunningExporter(exporter)

        let root = tracer.startSpan("process_article", context: .topLevel, ofKind: .server)
        root.updateAttributes { attributes in
            attributes["s"] = "text"
            attributes["b"] = true
            attributes["i32"] = SpanAttribute.int32(-7)
            attributes["i64"] = SpanAttribute.int64(1 << 40)
            attributes["d"] = 0.25
            attributes["strings"] = SpanAttribute.stringArray(["a", "b"])
            attributes["ints"] = SpanAttribute.int64Array([1, 2, 3])
            attributes["convertible"] = SpanAttribute.stringConvertible(42)
        }
        root.setStatus(.init(code: .ok))
        let child = tracer.startSpan("ChatCompletion", context: root.context, ofKind: .client)
        child.addEvent(SpanEvent(name: "retry", attributes: ["attempt": 2]))
        child.recordError(Failure())
        child.setStatus(.init(code: .error, message: "model said no"))
        child.end()
        let grandchild = tracer.startSpan("store", context: child.context, ofKind: .consumer)
        grandchild.end()
        for kind in [SpanKind.internal, .producer] {
            tracer.startSpan("kind", context: .topLevel, ofKind: kind).end()
        }
        root.end()

        let report = try await running.finish()
        #expect(report.exported == 5 && report.spooled == 0 && report.dropped == 0)
        let request = try FakeOTLPCollector.decode(try #require(collector.requests.first).body)
        #expect(request.resourceAttributes["service.name"] == .string("hinbox"))
        #expect(request.resourceAttributes["openinference.project.name"] == .string("hinbox-tests"))
        #expect(request.scopeNames == ["hinbox"])

        let spans = try collector.acceptedSpans()
        let byName = Dictionary(grouping: spans, by: \.name)
        let decodedRoot = try #require(byName["process_article"]?.first)
        let decodedChild = try #require(byName["ChatCompletion"]?.first)
        let decodedGrandchild = try #require(byName["store"]?.first)

        #expect(decodedRoot.traceID.count == 32 && decodedRoot.spanID.count == 16)
        #expect(decodedRoot.traceID == OTLP.traceID(of: root))
        #expect(decodedRoot.traceID == root.context.otlpTraceID)
        #expect(decodedRoot.parentSpanID == nil)
        #expect(decodedChild.traceID == decodedRoot.traceID && decodedGrandchild.traceID == decodedRoot.traceID)
        #expect(decodedChild.parentSpanID == decodedRoot.spanID)
        #expect(decodedGrandchild.parentSpanID == decodedChild.spanID)
        #expect(decodedChild.spanID == child.spanContext.spanIDHex)
        #expect(Set(byName["kind"]?.map(\.traceID) ?? []).count == 2, "each top-level span starts its own trace")

        #expect(decodedRoot.kind == 2 && decodedChild.kind == 3 && decodedGrandchild.kind == 5)
        #expect(Set(byName["kind"]?.map(\.kind) ?? []) == [1, 4])
        #expect(decodedRoot.startTimeUnixNano > 0 && decodedRoot.startTimeUnixNano <= decodedRoot.endTimeUnixNano)

        #expect(decodedRoot.attributes["s"] == .string("text"))
        #expect(decodedRoot.attributes["b"] == .bool(true))
        #expect(decodedRoot.attributes["i32"] == .int(-7))
        #expect(decodedRoot.attributes["i64"] == .int(1 << 40))
        #expect(decodedRoot.attributes["d"] == .double(0.25))
        #expect(decodedRoot.attributes["strings"] == .array([.string("a"), .string("b")]))
        #expect(decodedRoot.attributes["ints"] == .array([.int(1), .int(2), .int(3)]))
        #expect(decodedRoot.attributes["convertible"] == .string("42"))
        #expect(decodedRoot.statusCode == 1 && decodedRoot.statusMessage == nil)

        #expect(decodedChild.statusCode == 2 && decodedChild.statusMessage == "model said no")
        #expect(decodedChild.events.map(\.name) == ["retry", "exception"])
        #expect(decodedChild.events[0].attributes["attempt"] == .int(2))
        let exception = decodedChild.events[1]
        #expect(exception.attributes["exception.message"] == .string("boom"))
        #expect(exception.attributes["exception.type"].map { "\($0)" }?.contains("Failure") == true)
        #expect(exception.timeUnixNano > 0)
        #expect(decodedGrandchild.statusCode == 0)
        try await collector.shutdown()
    }

    @Test("withSpan nests through the task-local context")
    func taskLocalNesting() throws {
        let (tracer, _) = OTLP.make(
            configuration: testConfiguration(endpoint: "http://127.0.0.1:1"), logger: LogCapture().logger)
        let (outer, inner) = tracer.withSpan("outer") { outer in
            (outer.spanContext, tracer.withSpan("inner") { $0.spanContext })
        }
        #expect(inner.traceIDHex == outer.traceIDHex && inner.parentSpanID == outer.spanID)
        #expect(outer.parentSpanID == nil)
        #expect(ServiceContext.current?.otlpTraceID == nil)
    }

    @Test("W3C traceparent is injected and extracted")
    func traceparent() throws {
        let (tracer, _) = OTLP.make(
            configuration: testConfiguration(endpoint: "http://127.0.0.1:1"), logger: LogCapture().logger)
        let span = tracer.startSpan("outer", context: .topLevel)
        var headers: [String: String] = [:]
        tracer.inject(span.context, into: &headers, using: DictionaryInjector())
        let value = try #require(headers["traceparent"])
        #expect(value == "00-\(span.spanContext.traceIDHex)-\(span.spanContext.spanIDHex)-01")

        var extracted = ServiceContext.topLevel
        tracer.extract(headers, into: &extracted, using: DictionaryExtractor())
        let remoteChild = tracer.startSpan("inner", context: extracted)
        #expect(remoteChild.spanContext.traceIDHex == span.spanContext.traceIDHex)
        #expect(remoteChild.spanContext.parentSpanIDHex == span.spanContext.spanIDHex)
        #expect(OTLPSpanContext(traceparent: "00-00000000000000000000000000000000-0000000000000001-01") == nil)
        #expect(OTLPSpanContext(traceparent: "garbage") == nil)
        span.end()
        #expect(!span.isRecording)
        span.attributes["late"] = "ignored"
        #expect(span.attributes["late"] == nil)
    }

    @Test("back-off doubles up to its cap, with jitter, and honours a longer Retry-After")
    func backoff() {
        var backoff = OTLPBackoff(initial: .milliseconds(100), maximum: .seconds(1))
        let delays = (0..<6).map { _ in backoff.next() }
        #expect(delays[0] >= .milliseconds(50) && delays[0] <= .milliseconds(100))
        #expect(delays[2] >= .milliseconds(200) && delays[2] <= .milliseconds(400))
        #expect(delays[5] >= .milliseconds(500) && delays[5] <= .seconds(1))
        #expect(backoff.next(retryAfter: .seconds(7)) == .seconds(7))
        #expect(backoff.next(retryAfter: .seconds(600)) == .seconds(60))
        backoff.reset()
        #expect(backoff.next() <= .milliseconds(100))
    }

    @Test("numbers in log lines are grouped by thousands")
    func grouping() {
        #expect(OTLPExporter.grouped(7) == "7")
        #expect(OTLPExporter.grouped(1234) == "1,234")
        #expect(OTLPExporter.grouped(1_234_567) == "1,234,567")
    }

    @Test("endpoint gets /v1/traces unless it already has it")
    func tracesURL() {
        func url(_ endpoint: String) -> String { OTLPConfiguration(endpoint: endpoint, spoolDirectory: "").tracesURL }
        #expect(url("http://h:6006") == "http://h:6006/v1/traces")
        #expect(url("http://h:6006/") == "http://h:6006/v1/traces")
        #expect(url("https://h/x/v1/traces") == "https://h/x/v1/traces")
    }
}

struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}

struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
