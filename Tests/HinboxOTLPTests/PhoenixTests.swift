import AsyncHTTPClient
import Foundation
import HinboxOTLP
import HinboxTesting
import NIOCore
import NIOHTTP1
import Testing
import Tracing

/// Against a real Phoenix: set `HINBOX_TEST_PHOENIX_URL` (e.g. `http://127.0.0.1:6006`) to run.
@Suite(
    "OTLP export to a real Phoenix",
    .enabled(if: ProcessInfo.processInfo.environment["HINBOX_TEST_PHOENIX_URL"] != nil))
struct PhoenixTests {
    @Test("Phoenix stores every span with its parent, kind and attributes", .timeLimit(.minutes(1)))
    func phoenixStoresSpans() async throws {
        let base = try #require(ProcessInfo.processInfo.environment["HINBOX_TEST_PHOENIX_URL"])
        let project = "hinbox-otlp-test-\(UUID().uuidString.prefix(8).lowercased())"
        var configuration = testConfiguration(endpoint: base)
        configuration.resourceAttributes["openinference.project.name"] = project
        if let key = ProcessInfo.processInfo.environment["PHOENIX_API_KEY"] {
            configuration.headers = [("authorization", "Bearer \(key)")]
        }
        let (tracer, exporter) = OTLP.make(configuration: configuration, logger: LogCapture().logger)
        let running = RunningExporter(exporter)
        let root = tracer.startSpan("process_article", context: .topLevel)
        root.attributes["openinference.span.kind"] = "AGENT"
        root.attributes["session.id"] = UUID().uuidString
        let llm = tracer.startSpan("ChatCompletion", context: root.context, ofKind: .client)
        llm.attributes["openinference.span.kind"] = "LLM"
        llm.attributes["llm.token_count.total"] = 42
        llm.attributes["tag.tags"] = SpanAttribute.stringArray(["a", "b"])
        llm.recordError(PollTimeout(description: "rate limited"))
        llm.setStatus(.init(code: .error, message: "rate limited"))
        llm.end()
        root.setStatus(.init(code: .ok))
        root.end()
        let report = try await running.finish()
        #expect(report.exported == 2 && report.spooled == 0, "\(report)")
        let traceID = try #require(OTLP.traceID(of: root))

        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        var spans: [[String: Any]] = []
        var failure: (any Error)?
        do {
            try await eventually("Phoenix to store both spans") {
                spans = try await Self.spans(client, base, project, traceID, configuration)
                return spans.count >= 2
            }
        } catch {
            failure = error
        }
        try await client.shutdown()
        if let failure { throw failure }
        let byName = Dictionary(uniqueKeysWithValues: spans.map { ($0["name"] as? String ?? "", $0) })
        let storedRoot = try #require(byName["process_article"])
        let storedLLM = try #require(byName["ChatCompletion"])
        let rootContext = try #require(storedRoot["context"] as? [String: Any])
        #expect(rootContext["trace_id"] as? String == traceID)
        #expect(storedLLM["parent_id"] as? String == rootContext["span_id"] as? String)
        #expect(storedRoot["span_kind"] as? String == "AGENT" && storedLLM["span_kind"] as? String == "LLM")
        #expect(storedLLM["status_code"] as? String == "ERROR")
        let attributes = storedLLM["attributes"] as? [String: Any]
        #expect(attributes?["llm.token_count.total"] as? Int == 42)
    }

    @Test(
        "a burst beyond Phoenix's ingest rate: every span is exported or spooled, and the spool pushes later",
        .enabled(if: ProcessInfo.processInfo.environment["HINBOX_TEST_PHOENIX_BURST"] != nil),
        .timeLimit(.minutes(10)))
    func burst() async throws {
        let environment = ProcessInfo.processInfo.environment
        let base = try #require(environment["HINBOX_TEST_PHOENIX_URL"])
        let count = Int(environment["HINBOX_TEST_PHOENIX_BURST"] ?? "") ?? 20_000
        var configuration = OTLPConfiguration(endpoint: base, spoolDirectory: makeTemporaryDirectory())
        configuration.resourceAttributes = ["openinference.project.name": "hinbox-otlp-burst"]
        let logs = LogCapture()
        let (tracer, exporter) = OTLP.make(configuration: configuration, logger: logs.logger)
        let running = RunningExporter(exporter)
        let started = ContinuousClock.now
        for index in 0..<count {
            let span = tracer.startSpan("burst-\(index)", context: .topLevel)
            span.attributes["input.value"] = String(repeating: "x", count: 200)
            span.end()
        }
        let report = try await running.finish()
        let exitTook = ContinuousClock.now - started
        #expect(report.exported + report.spooled == count && report.dropped == 0, "\(report)")
        let pushStarted = ContinuousClock.now
        let pushed = await OTLPSpool.push(configuration: configuration, logger: logs.logger)
        let summary =
            "burst \(count): exit took \(exitTook), exported \(report.exported), spooled \(report.spooled), "
            + "push took \(ContinuousClock.now - pushStarted): \(pushed)"
        #expect(report.exported + pushed.delivered == count, "\(summary)")
    }

    /// `GET /v1/projects/{project}/spans?trace_id=…` → the `data` array (empty until Phoenix has ingested).
    private static func spans(
        _ client: HTTPClient, _ base: String, _ project: String, _ traceID: String, _ configuration: OTLPConfiguration
    ) async throws -> [[String: Any]] {
        var request = HTTPClientRequest(url: "\(base)/v1/projects/\(project)/spans?trace_id=\(traceID)&limit=100")
        for (name, value) in configuration.headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok,
            let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        else { return [] }
        return json["data"] as? [[String: Any]] ?? []
    }
}
