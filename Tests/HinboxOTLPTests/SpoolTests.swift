import Foundation
import HinboxTesting
import Logging
import Testing
import Tracing

@testable import HinboxOTLP

@Suite("OTLP spool", .timeLimit(.minutes(1)))
struct SpoolTests {
    /// Writes `files` spool files of `spansPerFile` spans each and returns their span names.
    private func spool(files: Int, spansPerFile: Int, in directory: String) throws -> [String] {
        let encoder = OTLPEncoder(resourceAttributes: ["service.name": "hinbox"])
        var names: [String] = []
        for file in 0..<files {
            let spans = (0..<spansPerFile).map { index in
                let name = "f\(file)-s\(index)"
                names.append(name)
                return OTLPFinishedSpan(
                    name: name, spanContext: .newRoot(), kind: .internal, startNanos: 1, endNanos: 2,
                    attributes: [:], events: [], status: nil)
            }
            _ = try OTLPSpool.write(encoder.encode(spans), to: directory)
        }
        return names
    }

    @Test("files are written atomically with sortable names, counted, and survive a malformed neighbour")
    func writeAndCount() throws {
        let directory = makeTemporaryDirectory() + "/nested/spool"
        _ = try spool(files: 3, spansPerFile: 4, in: directory)
        let files = OTLPSpool.pendingFiles(in: directory)
        #expect(files.count == 3 && files == files.sorted())
        #expect(files.allSatisfy { ($0 as NSString).lastPathComponent.hasPrefix("spool-") && $0.hasSuffix(".pb") })
        let all = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(!all.contains { $0.hasSuffix(".tmp") })
        #expect(OTLPSpool.pendingSpanCount(in: directory) == 12)
        #expect(OTLPSpool.spanCount(of: [0x0A, 0xFF]) == 0)
    }

    @Test("push keeps retrying 503s while within its patience and delivers every file")
    func pushThroughBusyCollector() async throws {
        let collector = try await FakeOTLPCollector.start { index in index < 5 ? .status(503) : .accept }
        var configuration = testConfiguration(endpoint: collector.endpoint)
        configuration.pushPatience = .seconds(30)
        let names = try spool(files: 3, spansPerFile: 5, in: configuration.spoolDirectory)
        let result = await OTLPSpool.push(configuration: configuration, logger: LogCapture().logger)
        #expect(result.delivered == 15 && result.deliveredFiles == 3 && result.remaining == 0)
        #expect(try collector.acceptedSpans().map(\.name).sorted() == names.sorted())
        #expect(OTLPSpool.pendingFiles(in: configuration.spoolDirectory).isEmpty)
        try await collector.shutdown()
    }

    @Test("push gives up on busy answers after its patience and keeps the files")
    func pushGivesUp() async throws {
        let collector = try await FakeOTLPCollector.start { _ in .status(503) }
        var configuration = testConfiguration(endpoint: collector.endpoint)
        configuration.pushPatience = .milliseconds(100)
        _ = try spool(files: 2, spansPerFile: 3, in: configuration.spoolDirectory)
        let result = await OTLPSpool.push(configuration: configuration, logger: LogCapture().logger)
        #expect(result.delivered == 0 && result.remaining == 6 && result.remainingFiles == 2)
        #expect(result.lastError?.contains("503") == true)
        #expect(OTLPSpool.pendingFiles(in: configuration.spoolDirectory).count == 2)
        try await collector.shutdown()
    }

    @Test("a batch refused with 400 stays in the spool; the others are delivered")
    func pushSkipsRefusedBatch() async throws {
        let collector = try await FakeOTLPCollector.start { index in index == 0 ? .status(400) : .accept }
        let configuration = testConfiguration(endpoint: collector.endpoint)
        _ = try spool(files: 3, spansPerFile: 2, in: configuration.spoolDirectory)
        let logs = LogCapture()
        let result = await OTLPSpool.push(configuration: configuration, logger: logs.logger)
        #expect(result.delivered == 4 && result.remaining == 2 && result.remainingFiles == 1)
        #expect(logs.all.contains { $0.level == .warning && $0.text.contains("400") })
        #expect(OTLPSpool.pendingFiles(in: configuration.spoolDirectory).count == 1)
        try await collector.shutdown()
    }

    @Test("push to an unreachable collector stops at once and keeps everything")
    func pushUnreachable() async throws {
        let configuration = testConfiguration(endpoint: try await closedPortEndpoint())
        _ = try spool(files: 2, spansPerFile: 2, in: configuration.spoolDirectory)
        let result = await OTLPSpool.push(configuration: configuration, logger: LogCapture().logger)
        #expect(result.delivered == 0 && result.remaining == 4 && result.lastError != nil)
    }
}
