import Foundation
import HinboxOTLP
import HinboxTesting

/// A fresh temporary directory for one test's spool.
func makeTemporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "hinbox-otlp-tests/" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A configuration with short delays so tests finish quickly (no test asserts on timing).
func testConfiguration(endpoint: String, spoolDirectory: String = makeTemporaryDirectory()) -> OTLPConfiguration {
    var configuration = OTLPConfiguration(endpoint: endpoint, spoolDirectory: spoolDirectory)
    configuration.resourceAttributes = ["service.name": "hinbox", "openinference.project.name": "hinbox-tests"]
    configuration.scheduleDelay = .milliseconds(20)
    configuration.retryInitialBackoff = .milliseconds(5)
    configuration.retryMaxBackoff = .milliseconds(50)
    // Generous limits: on a loaded 2-core CI machine delivery to the fake collector can be slow,
    // and a test that expects full delivery must not depend on it being fast.
    configuration.requestTimeout = .seconds(10)
    configuration.shutdownGracePeriod = .seconds(30)
    return configuration
}

/// Runs `exporter` in the background; `finish()` requests shutdown and waits for `run()` to return.
struct RunningExporter {
    let exporter: OTLPExporter
    let task: Task<Void, any Error>

    init(_ exporter: OTLPExporter) {
        self.exporter = exporter
        self.task = Task { try await exporter.run() }
    }

    func finish() async throws -> OTLPDeliveryReport {
        exporter.requestShutdown()
        try await task.value
        return await exporter.currentReport
    }
}

/// A port with nothing listening on it (a collector that was started and stopped).
func closedPortEndpoint() async throws -> String {
    let collector = try await FakeOTLPCollector.start()
    try await collector.shutdown()
    return collector.endpoint
}
