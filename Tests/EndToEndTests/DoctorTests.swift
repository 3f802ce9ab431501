import Foundation
import HinboxApp
import HinboxCore
import HinboxStore
import HinboxTesting
import Testing

/// Runs the built `hinbox doctor` against the scripted OpenAI-compatible server.
@Suite("hinbox doctor, end to end", .serialized)
struct DoctorTests {
    static let root = ProjectPaths.root(from: #filePath)
    static let phoenixURL = ProcessInfo.processInfo.environment["HINBOX_TEST_PHOENIX_URL"]

    /// A scripted server, a temp directory (database, cache) and the binary.
    struct Fixture {
        var server: ScriptedOpenAIServer
        var binary: HinboxBinary
        var directory: URL
        /// A loopback port nothing listens on.
        var closedPort: Int

        var database: String { directory.appendingPathComponent("kb.sqlite").path }
        var cache: String { directory.appendingPathComponent("cache").path }
        /// Phoenix under test, or a closed port when no test Phoenix runs.
        var phoenix: String { DoctorTests.phoenixURL ?? "http://127.0.0.1:\(closedPort)" }

        static func make() async throws -> Fixture {
            let binary = try #require(HinboxBinary.locate(projectRoot: root), "build hinbox first (swift build)")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-doctor-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let gazetteer = try Gazetteer(contentsOf: URL(fileURLWithPath: "\(root)/Tests/Fixtures/gazetteer.json"))
            let server = try await ScriptedOpenAIServer.start(handler: GazetteerScript.handler(gazetteer: gazetteer))
            let closed = try await ScriptedOpenAIServer.start(handler: { _ in .closeConnection })
            let closedPort = closed.port
            try await closed.shutdown()
            return Fixture(server: server, binary: binary, directory: directory, closedPort: closedPort)
        }

        /// `hinbox doctor --db <temp>` with the scripted models, Phoenix as above and `environment` on top.
        func doctor(_ environment: [String: String] = [:]) async throws -> HinboxBinary.Result {
            var env = [
                "HINBOX_MODEL": "scripted", "HINBOX_EMBEDDING_MODEL": "scripted-embeddings",
                "HINBOX_BASE_URL": server.baseURL, "HINBOX_CACHE": cache, "PHOENIX_COLLECTOR_ENDPOINT": phoenix,
            ]
            env.merge(environment) { _, new in new }
            return try await DoctorTests.run(binary, ["doctor", "--db", database], environment: env.filter { !$0.value.isEmpty })
        }

        func tearDown() async throws {
            try await server.shutdown()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func run(_ binary: HinboxBinary, _ arguments: [String], environment: [String: String]) async throws -> HinboxBinary.Result {
        try await binary.run(arguments, environment: environment)
    }

    static func lines(_ result: HinboxBinary.Result) -> [String] {
        result.stdout.split(separator: "\n").map(String.init)
    }

    static func line(_ result: HinboxBinary.Result, _ prefix: String) -> String? {
        lines(result).first { $0.hasPrefix(prefix) }
    }

    @Test("all green against the scripted server (Phoenix as configured for the test run)")
    func allGreen() async throws {
        let fixture = try await Fixture.make()
        defer { Task { try? await fixture.tearDown() } }

        // No database yet: "not created yet" is not a failure.
        let first = try await fixture.doctor()
        let output = "stdout: \(first.stdout)\nstderr: \(first.stderr)"
        for name in ["config", "domain", "prompts", "chat model", "embedding model", "chat", "embeddings", "database"] {
            #expect(Self.line(first, "✓ \(name):") != nil, "\(name) passes\n\(output)")
        }
        #expect(Self.line(first, "✓ database:")?.contains("not created yet") == true, "\(output)")
        #expect(Self.line(first, "✓ chat:")?.contains("json_schema") == true, "\(output)")
        #expect(Self.line(first, "✓ embeddings:")?.contains("1 vector of") == true, "\(output)")
        #expect(!FileManager.default.fileExists(atPath: fixture.database), "doctor must not create the database")
        // The chat check sent a real json_schema request; the embedding check one text.
        let chatRequests = fixture.server.requests.filter { $0.path.hasSuffix("/chat/completions") }
        #expect(chatRequests.count == 1)
        #expect(chatRequests.first?.body?["response_format"]?["type"]?.stringValue == "json_schema")
        #expect(fixture.server.requests.filter { $0.path.hasSuffix("/embeddings") }.count == 1)

        // An existing database: opened, integrity-checked, counted.
        _ = try SQLiteStore.open(path: fixture.database)
        let second = try await fixture.doctor()
        let database = try #require(Self.line(second, "✓ database:"), "\(second.stdout)")
        #expect(database.contains("integrity ok") && database.contains("0 entities"), "\(database)")

        for result in [first, second] {
            if Self.phoenixURL != nil {
                #expect(result.exitCode == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
                #expect(Self.line(result, "✓ phoenix:")?.contains("is ready") == true, "\(result.stdout)")
                #expect(result.stdout.contains("checks passed"))
            } else {
                // No test Phoenix: Phoenix (pointed at a closed port) is the one failing check.
                #expect(result.exitCode == 1, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
                let failures = Self.lines(result).filter { $0.hasPrefix("✗") }
                #expect(failures.count == 1, "\(failures)")
                #expect(failures.first?.hasPrefix("✗ phoenix: cannot reach \(fixture.phoenix)") == true, "\(failures)")
                #expect(failures.first?.contains("fix:") == true)
                #expect(result.stdout.contains("1 of ") && result.stdout.contains("checks failed"))
            }
        }
    }

    @Test("a model server on a closed port and a file that is not a database: exit 1, ✗ lines say why")
    func failingChecks() async throws {
        let fixture = try await Fixture.make()
        defer { Task { try? await fixture.tearDown() } }
        try "not a database".write(toFile: fixture.database, atomically: true, encoding: .utf8)
        let closedURL = "http://127.0.0.1:\(fixture.closedPort)/v1"
        let result = try await fixture.doctor(["HINBOX_BASE_URL": closedURL])
        let output = "stdout: \(result.stdout)\nstderr: \(result.stderr)"
        #expect(result.exitCode == 1, "\(output)")
        let chat = try #require(Self.line(result, "✗ chat:"), "\(output)")
        #expect(chat.contains("Cannot reach \(closedURL)") && chat.contains("connection refused"), "\(chat)")
        let embeddings = try #require(Self.line(result, "✗ embeddings:"), "\(output)")
        #expect(embeddings.contains("Cannot reach \(closedURL)"), "\(embeddings)")
        let database = try #require(Self.line(result, "✗ database:"), "\(output)")
        #expect(database.contains("not a SQLite database"), "\(database)")
        // The configuration itself is fine.
        #expect(Self.line(result, "✓ config:") != nil && Self.line(result, "✓ chat model:") != nil, "\(output)")
        #expect(fixture.server.requests.isEmpty)
    }

    @Test("cloud models: a missing key is named, a present key is never printed")
    func apiKeys() async throws {
        let fixture = try await Fixture.make()
        defer { Task { try? await fixture.tearDown() } }

        let missing = try await fixture.doctor([
            "HINBOX_MODEL": "openai/gpt-4o-mini", "HINBOX_EMBEDDING_MODEL": "openai/text-embedding-3-small",
            "HINBOX_BASE_URL": "",
        ])
        #expect(missing.exitCode == 1)
        let chatModel = try #require(Self.line(missing, "✗ chat model:"), "\(missing.stdout)")
        #expect(chatModel.contains("OPENAI_API_KEY"), "\(chatModel)")
        #expect(Self.line(missing, "✗ chat:")?.contains("not checked") == true, "\(missing.stdout)")

        let secret = "sk-doctor-test-\(UUID().uuidString)"
        let present = try await fixture.doctor(["HINBOX_MODEL": "openai/gpt-4o-mini", "OPENAI_API_KEY": secret])
        #expect(Self.line(present, "✓ chat model:")?.contains("key from OPENAI_API_KEY") == true, "\(present.stdout)")
        #expect(Self.line(present, "✓ chat:") != nil, "\(present.stdout)\n\(present.stderr)")
        #expect(!present.stdout.contains(secret) && !present.stderr.contains(secret))
        #expect(fixture.server.requests.contains { $0.header("Authorization") == "Bearer \(secret)" })
    }

    @Test("local/ models without the embedded server: says how to install or start it, starts nothing")
    func embeddedServerMissing() async throws {
        let fixture = try await Fixture.make()
        defer { Task { try? await fixture.tearDown() } }
        let result = try await fixture.doctor([
            "HINBOX_MODEL": "local/smollm2-135m-instruct", "HINBOX_EMBEDDING_MODEL": "local/all-minilm-l6-v2",
            "HINBOX_BASE_URL": "",
        ])
        let server = try #require(Self.lines(result).first { $0.contains(" embedded server:") }, "\(result.stdout)")
        if server.hasPrefix("✗") {
            // The cache is empty, so it cannot be installed (unless something else answers on 8080).
            #expect(result.exitCode == 1, "\(result.stdout)")
            #expect(server.contains("not installed"), "\(server)")
            #expect(server.contains("local-models.sh install") && server.contains("local-models.sh start --port 8080"), "\(server)")
            #expect(Self.line(result, "✗ chat:")?.contains("not checked") == true, "\(result.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(fixture.cache)/local/server.pid"), "doctor must not start the server")
    }

    @Test("Phoenix: a rejected PHOENIX_API_KEY fails (never printed); tracing off is not checked")
    func phoenixKey() async throws {
        let fixture = try await Fixture.make()
        defer { Task { try? await fixture.tearDown() } }
        let key = "phx-\(UUID().uuidString)"
        var environment = [
            "HINBOX_HOME": Self.root, "HINBOX_MODEL": "scripted", "HINBOX_EMBEDDING_MODEL": "scripted-embeddings",
            "HINBOX_BASE_URL": fixture.server.baseURL, "HINBOX_CACHE": fixture.cache,
            "PHOENIX_COLLECTOR_ENDPOINT": "http://phoenix.test:6006", "PHOENIX_API_KEY": key,
        ]
        var overrides = AppConfiguration.Overrides()
        overrides.database = fixture.database
        var doctor = HinboxApp.Doctor(overrides: overrides, environment: environment, logger: CLILogging.logger(verbose: false))
        let seen = RequestLog()
        doctor.httpGet = { url, headers in
            seen.append(url, headers: headers)
            return url.hasSuffix("/readyz") ? 200 : 401
        }
        let checks = await doctor.run()
        let phoenix = try #require(checks.first { $0.name == "phoenix" })
        #expect(!phoenix.passed)
        #expect(phoenix.line.contains("rejected PHOENIX_API_KEY (HTTP 401)"), "\(phoenix.line)")
        #expect(!checks.contains { $0.line.contains(key) })
        #expect(seen.urls == ["http://phoenix.test:6006/readyz", "http://phoenix.test:6006/v1/projects"])
        #expect(seen.sentKey(key))
        #expect(HinboxApp.Doctor.exitCode(checks) == 1)
        #expect(checks.filter { !$0.passed }.map(\.name) == ["phoenix"], "\(checks.map(\.line))")

        environment["HINBOX_NO_TRACE"] = "1"
        doctor.environment = environment
        let off = await doctor.run()
        #expect(off.first { $0.name == "phoenix" }?.line.contains("tracing is off") == true)
        #expect(HinboxApp.Doctor.exitCode(off) == 0, "\(off.map(\.line))")
        #expect(seen.urls.count == 2, "no Phoenix request when tracing is off")
    }

    final class RequestLog: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [(url: String, headers: [(String, String)])] = []
        func append(_ url: String, headers: [(String, String)]) { lock.withLock { entries.append((url, headers)) } }
        var urls: [String] { lock.withLock { entries.map(\.url) } }
        func sentKey(_ key: String) -> Bool {
            lock.withLock { entries.contains { $0.headers.contains { $0.1.contains(key) } } }
        }
    }
}
