import Foundation
import HinboxOTLP
import HinboxTesting
import Logging
import ServiceLifecycle
import Testing
import Tracing

@Suite("OTLP exporter", .timeLimit(.minutes(1)))
struct ExporterTests {
    @Test("every span arrives exactly once, in batches of at most maxBatchSize")
    func batching() async throws {
        let collector = try await FakeOTLPCollector.start()
        var configuration = testConfiguration(endpoint: collector.endpoint)
        configuration.maxBatchSize = 10
        let (tracer, exporter) = OTLP.make(configuration: configuration, logger: LogCapture().logger)
        let running = RunningExporter(exporter)

        var ids: Set<String> = []
        for index in 0..<95 {
            let span = tracer.startSpan("span-\(index)", context: .topLevel)
            ids.insert(span.spanContext.spanIDHex)
            span.end()
        }
        let report = try await running.finish()

        #expect(report.exported == 95 && report.spooled == 0 && report.pending == 0)
        let spans = try collector.acceptedSpans()
        #expect(spans.count == 95)
        #expect(Set(spans.map(\.spanID)) == ids)
        let sizes = try collector.requests.map { try FakeOTLPCollector.decode($0.body).spans.count }
        #expect(sizes.allSatisfy { $0 <= 10 })
        #expect(collector.requests.allSatisfy { $0.header("content-type") == "application/x-protobuf" })
        #expect(OTLPSpool.pendingFiles(in: configuration.spoolDirectory).isEmpty)
        try await collector.shutdown()
    }

    @Test("a discarded span is never exported, and ending it afterwards changes nothing")
    func discardedSpan() async throws {
        let collector = try await FakeOTLPCollector.start()
        let configuration = testConfiguration(endpoint: collector.endpoint)
        let (tracer, exporter) = OTLP.make(configuration: configuration, logger: LogCapture().logger)
        let running = RunningExporter(exporter)
        let kept = tracer.startSpan("kept", context: .topLevel)
        let dropped = tracer.startSpan("dropped", context: .topLevel)
        dropped.discard()
        #expect(!dropped.isRecording)
        dropped.end()
        kept.end()
        let report = try await running.finish()
        #expect(report.exported == 1)
        #expect(try collector.acceptedSpans().map(\.name) == ["kept"])
        try await collector.shutdown()
    }

    @Test("503 and 429 for a while, then every span lands exactly once")
    func retriesThrough503() async throws {
        let collector = try await FakeOTLPCollector.start { index in
            index < 2 ? .status(503, retryAfter: 0) : index < 4 ? .status(429) : .accept
        }
        var configuration = testConfiguration(endpoint: collector.endpoint)
        configuration.maxBatchSize = 8
        let (tracer, exporter) = OTLP.make(configuration: configuration, logger: LogCapture().logger)
        let running = RunningExporter(exporter)
        for index in 0..<30 { tracer.startSpan("s\(index)", context: .topLevel).end() }

        try await eventually("all spans accepted", timeout: .seconds(90)) { try collector.acceptedSpans().count >= 30 }
        let report = try await running.finish()
        #expect(report.exported == 30 && report.spooled == 0)
        let spans = try collector.acceptedSpans()
        #expect(spans.count == 30 && Set(spans.map(\.spanID)).count == 30)
        #expect(collector.requests.count > 4)
        try await collector.shutdown()
    }

    @Test("dropped connections are retried like 503s")
    func retriesDroppedConnections() async throws {
        let collector = try await FakeOTLPCollector.start { index in index < 2 ? .closeConnection : .accept }
        let (tracer, exporter) = OTLP.make(
            configuration: testConfiguration(endpoint: collector.endpoint), logger: LogCapture().logger)
        let running = RunningExporter(exporter)
        for index in 0..<7 { tracer.startSpan("s\(index)", context: .topLevel).end() }
        try await eventually("all spans accepted", timeout: .seconds(90)) { try collector.acceptedSpans().count >= 7 }
        let report = try await running.finish()
        #expect(report.exported == 7 && report.spooled == 0)
        #expect(collector.requests.prefix(2).allSatisfy { $0.reply == .closeConnection })
        try await collector.shutdown()
    }

    @Test("401: one warning, batches spooled, header values never logged; push delivers them later")
    func unauthorizedSpoolsThenPushes() async throws {
        let refusing = try await FakeOTLPCollector.start { _ in .status(401) }
        var configuration = testConfiguration(endpoint: refusing.endpoint)
        configuration.maxBatchSize = 5
        configuration.headers = [("authorization", "Bearer sk-secret-123"), ("api_key", "sk-secret-123")]
        let logs = LogCapture()
        let (tracer, exporter) = OTLP.make(configuration: configuration, logger: logs.logger)
        let running = RunningExporter(exporter)
        for index in 0..<12 { tracer.startSpan("s\(index)", context: .topLevel).end() }
        try await eventually("three refused batches") { refusing.requests.count >= 3 }
        let report = try await running.finish()

        #expect(report.exported == 0 && report.spooled == 12 && report.dropped == 0)
        #expect(report.lastError?.contains("401") == true)
        #expect(report.spoolFiles.count == OTLPSpool.pendingFiles(in: configuration.spoolDirectory).count)
        #expect(OTLPSpool.pendingSpanCount(in: configuration.spoolDirectory) == 12)
        let request = try #require(refusing.requests.first)
        #expect(request.header("authorization") == "Bearer sk-secret-123")
        #expect(request.header("api_key") == "sk-secret-123")
        #expect(logs.all.filter { $0.level == .warning && $0.text.contains("refused") }.count == 1)
        #expect(!logs.all.contains { $0.text.contains("sk-secret") })

        // Still refused: push keeps every file and stops early.
        let stillRefused = await OTLPSpool.push(configuration: configuration, logger: logs.logger)
        #expect(stillRefused.delivered == 0 && stillRefused.remaining == 12)
        #expect(!logs.all.contains { $0.text.contains("sk-secret") })

        let healthy = try await FakeOTLPCollector.start()
        configuration.endpoint = healthy.endpoint
        let pushed = await OTLPSpool.push(configuration: configuration, logger: logs.logger)
        #expect(pushed.delivered == 12 && pushed.remaining == 0 && pushed.remainingFiles == 0)
        #expect(Set(try healthy.acceptedSpans().map(\.name)) == Set((0..<12).map { "s\($0)" }))
        #expect(healthy.requests.first?.header("authorization") == "Bearer sk-secret-123")
        #expect(OTLPSpool.pendingFiles(in: configuration.spoolDirectory).isEmpty)
        try await refusing.shutdown()
        try await healthy.shutdown()
    }

    @Test("collector down: shutdown spools every span; the next push delivers them")
    func collectorDown() async throws {
        var configuration = testConfiguration(endpoint: try await closedPortEndpoint())
        configuration.shutdownGracePeriod = .seconds(30)  // the unreachable shortcut must not wait for this
        let logs = LogCapture()
        let (tracer, exporter) = OTLP.make(configuration: configuration, logger: logs.logger)
        let running = RunningExporter(exporter)
        var ids: Set<String> = []
        for index in 0..<40 {
            let span = tracer.startSpan("s\(index)", context: .topLevel)
            ids.insert(span.spanContext.spanIDHex)
            span.end()
        }
        let report = try await running.finish()
        #expect(report.exported == 0 && report.spooled == 40 && report.pending == 0)
        #expect(logs.all.contains { $0.level == .warning && $0.text.contains("could not deliver 40 spans") })

        // A span ending after the exporter stopped goes straight to the spool.
        tracer.startSpan("late", context: .topLevel).end()
        #expect(OTLPSpool.pendingSpanCount(in: configuration.spoolDirectory) == 41)

        let collector = try await FakeOTLPCollector.start()
        configuration.endpoint = collector.endpoint
        let pushed = await OTLPSpool.push(configuration: configuration, logger: logs.logger)
        #expect(pushed.delivered == 41 && pushed.remaining == 0)
        let names = try collector.acceptedSpans()
        #expect(Set(names.map(\.spanID)).isSuperset(of: ids) && names.count == 41)
        try await collector.shutdown()
    }

    @Test("while delivery fails, spans beyond maxQueuedSpans go to the spool; nothing is lost")
    func overflowSpools() async throws {
        let collector = try await FakeOTLPCollector.start { _ in .status(503) }
        var configuration = testConfiguration(endpoint: collector.endpoint)
        configuration.maxBatchSize = 5
        configuration.maxQueuedSpans = 10
        configuration.shutdownGracePeriod = .milliseconds(200)
        let (tracer, exporter) = OTLP.make(configuration: configuration, logger: LogCapture().logger)
        let running = RunningExporter(exporter)
        try await eventually("a first refused request") {
            tracer.startSpan("warm-up", context: .topLevel).end()
            return !collector.requests.isEmpty
        }
        let warmUp = await exporter.currentReport.pending
        for index in 0..<50 { tracer.startSpan("s\(index)", context: .topLevel).end() }
        try await eventually("overflow spooled") { await exporter.currentReport.pending <= 15 }
        let report = try await running.finish()
        #expect(report.exported == 0 && report.dropped == 0)
        #expect(report.spooled == OTLPSpool.pendingSpanCount(in: configuration.spoolDirectory))
        #expect(report.spooled >= 50 + min(warmUp, 1))
        try await collector.shutdown()
    }

    @Test("runs in a ServiceGroup: graceful shutdown flushes; flushAndReport while running")
    func serviceGroup() async throws {
        let collector = try await FakeOTLPCollector.start()
        let (tracer, exporter) = OTLP.make(
            configuration: testConfiguration(endpoint: collector.endpoint), logger: LogCapture().logger)
        let work = ClosureService {
            tracer.withSpan("process_article", context: .topLevel) { span in
                tracer.startSpan("child", context: span.context).end()
            }
            tracer.forceFlush()
            let midway = await exporter.flushAndReport()
            #expect(midway.exported == 2 && midway.pending == 0)
            tracer.startSpan("last", context: .topLevel).end()
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: exporter),
                    .init(
                        service: work, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup),
                ],
                logger: LogCapture().logger))
        try await group.run()
        let report = await exporter.flushAndReport()
        #expect(report.exported == 3 && report.spooled == 0)
        #expect(Set(try collector.acceptedSpans().map(\.name)) == ["process_article", "child", "last"])
        try await collector.shutdown()
    }
}
