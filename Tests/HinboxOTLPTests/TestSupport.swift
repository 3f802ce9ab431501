import Foundation
import HinboxOTLP
import HinboxTesting
import Logging
import Synchronization

/// Records log lines (level, message and metadata rendered to text) for assertions.
final class LogRecorder: Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let text: String
    }

    private let entries = Mutex<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    var logger: Logger {
        Logger(label: "hinbox.otlp.test") { _ in Handler(recorder: self) }
    }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            recorder.append(Entry(level: event.level, text: "\(event.message) \(rendered)"))
        }
    }
}

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

struct PollTimeout: Error, CustomStringConvertible {
    let description: String
}

/// Polls `condition` until it holds, failing after `timeout`.
func eventually(
    _ what: String,
    timeout: Duration = .seconds(20),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw PollTimeout(description: "timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(10))
    }
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
