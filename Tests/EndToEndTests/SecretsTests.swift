import Foundation
import HinboxCore
import HinboxSpawn
import HinboxTesting
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The API key goes to the provider in the Authorization header and nowhere else: not to stdout or
/// stderr (even `--verbose`, even when the provider echoes it back in errors), not into any span,
/// not into the database or any file the run writes.
@Suite("Secrets: the API key never leaks from a real run", .serialized)
struct SecretsTests {
    static let key = "sk-test-PLANTED-secret-42"
    static let marker = "PLANTED"

    enum Scenario: String, CaseIterable, Sendable {
        case healthy
        /// Faults, plus errors that echo the Authorization header back.
        case faulty
        /// kill -9 after 3 committed articles, so the -wal is left as written.
        case killed
    }

    /// Replies from the gazetteer, except that every seventh chat request gets a 500 whose body
    /// quotes the request's Authorization header (as some proxies do).
    static func echoingHandler(_ gazetteer: Gazetteer) -> ScriptedOpenAIServer.Handler {
        let base = ReliabilityScript.handler(gazetteer: gazetteer)
        return { request in
            if request.index % 7 == 3, let auth = request.header("Authorization") {
                return ScriptedReplies.error("upstream failed for request with Authorization: \(auth)", type: "server_error", status: 500)
            }
            if request.index % 11 == 5, let auth = request.header("Authorization") {
                return .raw("<html>proxy error; your key \(auth.replacingOccurrences(of: "Bearer ", with: "")) is fine</html>", status: 502)
            }
            return await base(request)
        }
    }

    @Test("Planted OPENAI_API_KEY: absent from stdout, stderr, every span and the database files", arguments: Scenario.allCases)
    func plantedKeyNeverLeaks(_ scenario: Scenario) async throws {
        let workspace = try ReliabilityWorkspace.make(settings: ["request_timeout_seconds": "2"])
        defer { workspace.remove() }
        let gazetteer = try KnowledgeSnapshot.sampleGazetteer()
        let server: ScriptedOpenAIServer
        switch scenario {
        case .healthy:
            server = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: gazetteer))
        case .faulty:
            server = try await ScriptedOpenAIServer.start(
                faults: .random(rate: 0.2, seed: 42, faults: Fault.allCases.filter { $0 != .slow(.seconds(5)) } + [.slow(.seconds(3))]),
                handler: Self.echoingHandler(gazetteer))
        case .killed:
            server = try await HoldingServer.start(gazetteer: gazetteer, holding: [workspace.articleIDs[3]]).server
        }
        defer { Task { try? await server.shutdown() } }
        let collector = try await FakeOTLPCollector.start()
        defer { Task { try? await collector.shutdown() } }

        var environment = workspace.environment(baseURL: nil)
        environment.removeValue(forKey: "HINBOX_NO_TRACE")
        environment["HINBOX_MODEL"] = "openai/gpt-4o-mini"
        environment["HINBOX_EMBEDDING_MODEL"] = "openai/text-embedding-3-small"
        environment["OPENAI_API_KEY"] = Self.key
        environment["OPENAI_BASE_URL"] = server.baseURL
        environment["PHOENIX_COLLECTOR_ENDPOINT"] = collector.endpoint
        environment["HINBOX_MAX_ATTEMPTS"] = "2"
        let arguments = ["process", workspace.articles, "--db", workspace.database, "--verbose"]
        let run: (exitCode: Int32, stdout: String, stderr: String)
        if scenario == .killed {
            let launched = try await workspace.binary.start(arguments, environment: environment)
            defer { launched.cleanUp() }
            let wal = workspace.database + "-wal"
            try await waitUntilLocked(launched, database: workspace.database)
            let committed = try await poll(timeout: .seconds(120), { try await processedCount(workspace.database) }, until: { $0 >= 3 })
            #expect(committed >= 3, "stderr: \(launched.stderr)")
            #expect(launched.isRunning)
            launched.signal(SIGKILL)
            run = (await launched.waitForExit(), launched.stdout, launched.stderr)
            let walBytes = try #require(FileManager.default.contents(atPath: wal), "kill -9 left no -wal")
            #expect(walBytes.count > 0)
        } else {
            let result = try await workspace.binary.run(arguments, environment: environment)
            run = (result.exitCode, result.stdout, result.stderr)
        }
        let output = "exit \(run.exitCode)\nstdout: \(run.stdout)\nstderr: \(run.stderr)"
        switch scenario {
        case .healthy: #expect(run.exitCode == 0, "\(output)")
        case .faulty: #expect(run.exitCode == 0 || run.exitCode == 1, "\(output)")
        case .killed: #expect(run.exitCode == SIGKILL, "\(output)")
        }

        // The key did reach the provider, so the run had it to leak.
        #expect(!server.requests.isEmpty)
        #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer \(Self.key)" })
        if scenario == .faulty {
            #expect(!server.faultsInjected.isEmpty)
            // The echoed key reached hinbox's error path and was scrubbed there.
            #expect((run.stdout + run.stderr).contains("[REDACTED]"), "\(output)")
        }

        #expect(!run.stdout.contains(Self.marker), "stdout leaks the key:\n\(Self.lines(run.stdout))")
        #expect(!run.stderr.contains(Self.marker), "stderr leaks the key:\n\(Self.lines(run.stderr))")

        // Every exported span: decoded attributes, events, status and resource, and the raw bytes.
        let requests = collector.requests
        if scenario != .killed { #expect(!requests.isEmpty, "no spans were exported\n\(output)") }
        var spanCount = 0
        for request in requests {
            #expect(!Self.contains(request.body, Self.marker), "an OTLP request body holds the key")
            for (name, value) in request.headers { #expect(!value.contains(Self.marker), "OTLP header \(name) holds the key") }
            let decoded = try FakeOTLPCollector.decode(request.body)
            spanCount += decoded.spans.count
            var texts = Self.strings(decoded.resourceAttributes)
            for span in decoded.spans {
                texts += [span.name, span.statusMessage ?? ""] + Self.strings(span.attributes)
                for event in span.events { texts += [event.name] + Self.strings(event.attributes) }
            }
            let leaks = texts.filter { $0.contains(Self.marker) }
            #expect(leaks.isEmpty, "spans leak the key: \(leaks.prefix(3))")
        }
        if scenario != .killed { #expect(spanCount > 0) }

        // Every file the run wrote: the database, its -wal and -shm, the lock, the cache and spool.
        let files = FileManager.default.enumerator(atPath: workspace.directory.path)?.compactMap { $0 as? String } ?? []
        let written = files.filter { !$0.hasPrefix("home/") && !$0.hasPrefix("articles/") }
        #expect(written.contains("kb.sqlite"))
        if scenario == .killed { #expect(written.contains("kb.sqlite-wal")) }
        for file in written {
            let path = workspace.directory.appendingPathComponent(file).path
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            #expect(!Self.contains(Array(data), Self.marker), "\(file) holds the key")
        }
    }

    static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        Data(bytes).range(of: Data(needle.utf8)) != nil
    }

    static func strings(_ attributes: [String: FakeOTLPCollector.Value]) -> [String] {
        attributes.flatMap { key, value in [key] + strings(value) }
    }

    static func strings(_ value: FakeOTLPCollector.Value) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let values): values.flatMap(strings)
        case .bool, .int, .double: []
        }
    }

    static func lines(_ text: String) -> String {
        text.split(separator: "\n").filter { $0.contains(marker) }.prefix(5).joined(separator: "\n")
    }
}
