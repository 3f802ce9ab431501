import Foundation
import HinboxCore
import HinboxStore
import HinboxTesting
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `hinbox serve` binary: prints its URL, serves while another writer commits, and
/// stops cleanly on Ctrl-C (SIGINT).
@Suite("hinbox serve command", .serialized)
struct ServeCommandTests {
    static let root = ProjectPaths.root(from: #filePath)

    @Test("Prints its URL, shows a newly committed article on reload, exits 0 on SIGINT",
          .enabled(if: HinboxBinary.locate(projectRoot: root) != nil, "build the hinbox executable first (swift build)"))
    func serveAndInterrupt() async throws {
        let binary = try #require(HinboxBinary.locate(projectRoot: Self.root))
        let fixture = try await KnowledgeFixture.make()
        defer { fixture.remove() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary.path)
        process.arguments = ["serve", "--db", fixture.databasePath, "--port", "0", "--config-dir", Self.root]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "HINBOX_NO_TRACE": "1"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let line = try await Self.firstLine(of: output, containing: "http://127.0.0.1:", deadline: .seconds(60))
        let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))
        #expect(line.contains("read-only"))
        #expect(try await Self.get(url + "article/a5").status == 404)

        // Another process's writer commits while the server runs: a reload shows it.
        let writer = try SQLiteStore.open(path: fixture.databasePath)
        let article = Article(id: "a5", title: "Late news", content: "Something new happened.", source: "a5.md")
        try await writer.commit(ArticleCommit(article: ArticleRecord(
            article: article, status: .processed, runID: "run-web-1", traceID: nil, processedAt: Date())))
        let page = try await Self.get(url + "article/a5")
        #expect(page.status == 200 && page.body.contains("Late news"))

        process.interrupt()
        try await Self.waitForExit(process, deadline: .seconds(30))
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    /// Reads `pipe` on a dispatch thread until a line contains `marker`.
    static func firstLine(of pipe: Pipe, containing marker: String, deadline: Duration) async throws -> String {
        try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { continuation in
                    DispatchQueue.global().async {
                        var text = ""
                        while true {
                            let data = pipe.fileHandleForReading.availableData
                            if data.isEmpty { return continuation.resume(throwing: RunningServer.Timeout()) }
                            text += String(decoding: data, as: UTF8.self)
                            if let line = text.split(separator: "\n").first(where: { $0.contains(marker) }) {
                                return continuation.resume(returning: String(line))
                            }
                        }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: deadline)  // a deadline, not synchronisation
                throw RunningServer.Timeout()
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Polls until `process` exited, failing after `deadline`.
    static func waitForExit(_ process: Process, deadline: Duration) async throws {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while process.isRunning {
            guard clock.now < end else { throw RunningServer.Timeout() }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
