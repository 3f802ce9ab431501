import Foundation
import HinboxCore
import HinboxTesting
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tracing is never the pipeline's failure: Phoenix down or refusing costs a warning, never a failed
/// run and never a lost span (the spool, then `hinbox traces push`).
@Suite(
    "Phoenix down or refusing: spool and push", .serialized,
    .enabled(if: PhoenixClient.testURL != nil, "HINBOX_TEST_PHOENIX_URL is set by scripts/test.sh"))
struct PhoenixOutageTests {
    /// A loopback port nothing listens on: bound to get a free one, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0, "socket() failed")
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound, "bind() failed")
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func spooledSpans(_ stderr: String) -> Int? {
        stderr.firstMatch(of: #/([\d,]+) spans could not be delivered/#).flatMap { Int($0.1.replacingOccurrences(of: ",", with: "")) }
    }

    static func spoolFiles(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("spool-") && $0.hasSuffix(".pb") }
    }

    @Test("Phoenix down: exit 0, a warning naming `hinbox traces push`, spans spooled; push delivers them all and empties the spool")
    func downThenPush() async throws {
        let url = try #require(PhoenixClient.testURL)
        try await PhoenixFixture.with(phoenixURL: url) { fixture in
            var down = fixture.environment
            down["PHOENIX_COLLECTOR_ENDPOINT"] = "http://127.0.0.1:\(try Self.closedPort())"
            let result = try await fixture.process(["--limit", "2"], environment: down)
            #expect(result.exitCode == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
            let run = try RunOutput(result)
            #expect(run.processed == 2, "\(result.stdout)")
            let output = result.stdout + result.stderr
            #expect(output.contains("hinbox traces push"), "no hint to push:\n\(output)")
            let spooled = try #require(Self.spooledSpans(result.stderr), "no spooled-spans warning in:\n\(result.stderr)")
            #expect(spooled > run.llmCalls, "spooled \(spooled) spans for \(run.llmCalls) LLM calls")
            #expect(!Self.spoolFiles(fixture.spool).isEmpty, "no spool files in \(fixture.spool)")

            // Nothing reached the real Phoenix yet under this project.
            #expect(try await fixture.phoenix.spans(project: fixture.project).isEmpty)

            // Push to the real Phoenix: every spooled span lands, in the run's project and session.
            let push = try await fixture.hinbox(["traces", "push"])
            #expect(push.exitCode == 0, "stdout: \(push.stdout)\nstderr: \(push.stderr)")
            #expect(push.stdout.contains("Delivered \(spooled) spans"), "\(push.stdout)")
            #expect(Self.spoolFiles(fixture.spool).isEmpty, "left in the spool: \(Self.spoolFiles(fixture.spool))")
            let set = try await poll(every: .milliseconds(250), { SpanSet(spans: try await fixture.phoenix.spans(project: fixture.project)) },
                                     until: { $0.spans.count >= spooled })
            #expect(set.spans.count == spooled, "\(set.spans.count) spans in Phoenix, \(spooled) spooled")
            #expect(set.traceIDs.count == 2)
            #expect(set.roots.count == 2 && set.roots.allSatisfy { $0.name == "process_article" && $0.kind == "AGENT" }, "\(set.roots)")
            #expect(set.danglingParents.isEmpty, "\(set.danglingParents.prefix(5))")
            #expect(set.answeredLLM.count == run.llmCalls)
            #expect(set.spans.allSatisfy { $0.string("session.id") == run.sessionID })
            let rows = try await fixture.articleRows(environment: down)
            #expect(Set(rows.compactMap(\.traceId)) == set.traceIDs)

            // A second push has nothing to do.
            let again = try await fixture.hinbox(["traces", "push"])
            #expect(again.exitCode == 0)
            #expect(again.stdout.contains("No spooled spans"), "\(again.stdout)")
        }
    }

    // MARK: Auth

    /// `scripts/phoenix.sh` (HINBOX_TEST_PHOENIX_SCRIPT), waited for off the concurrency pool.
    static func phoenixScript(_ arguments: [String], environment: [String: String] = [:]) async throws -> (code: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try phoenixScriptBlocking(arguments, environment: environment) })
            }
        }
    }

    /// Runs the script with its output in a file (Phoenix runs on in the background; a pipe would never close).
    ///
    /// posix_spawn + waitpid rather than Foundation's `Process`: `Process.waitUntilExit()` never returned for
    /// `phoenix.sh start` inside the test process (the script exited and stayed a zombie, unnoticed).
    static func phoenixScriptBlocking(_ arguments: [String], environment: [String: String]) throws -> (code: Int32, output: String) {
        let script = try #require(ProcessInfo.processInfo.environment["HINBOX_TEST_PHOENIX_SCRIPT"])
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("phoenix-script-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let argv = ["/bin/bash", script] + arguments
        let env = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }.map { "\($0.key)=\($0.value)" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // No test-process descriptors in the long-lived Phoenix (glibc ≥ 2.34; not exported to Swift, hence dlsym).
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
        }
        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        defer { (cArgv + cEnv).forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArgv, cEnv)
        try #require(spawned == 0, "posix_spawn \(argv[0]) failed: \(spawned)")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let code: Int32 = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    static var canStartPhoenix: Bool {
        guard PhoenixClient.testURL != nil, let script = ProcessInfo.processInfo.environment["HINBOX_TEST_PHOENIX_SCRIPT"] else { return false }
        return FileManager.default.fileExists(atPath: script)
    }

    @Test("auth on: the right PHOENIX_API_KEY lands; a wrong one costs a warning and a spool, never the run",
          .enabled(if: canStartPhoenix, "HINBOX_TEST_PHOENIX_SCRIPT is set by scripts/test.sh"))
    func authenticatedPhoenix() async throws {
        let port = try Self.closedPort()
        let workdir = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-phoenix-auth-\(UUID().uuidString)").path
        let secret = "hinbox-test-secret-\(UUID().uuidString.lowercased())-0a"
        let adminSecret = "hinbox-admin-\(UUID().uuidString.lowercased())-1b"
        let grpcPort = try Self.closedPort()
        let started = try await Self.phoenixScript(
            ["start", "--port", "\(port)", "--workdir", workdir],
            environment: ["PHOENIX_ENABLE_AUTH": "true", "PHOENIX_SECRET": secret, "PHOENIX_ADMIN_SECRET": adminSecret,
                          "PHOENIX_GRPC_PORT": "\(grpcPort)"])
        do {
            try #require(started.code == 0, "could not start an auth Phoenix on port \(port):\n\(started.output)")
            try await Self.checkAuthenticatedPhoenix(port: port, adminSecret: adminSecret)
        } catch {
            _ = try? await Self.phoenixScript(["stop", "--workdir", workdir])
            try? FileManager.default.removeItem(atPath: workdir)
            throw error
        }
        _ = try? await Self.phoenixScript(["stop", "--workdir", workdir])
        try? FileManager.default.removeItem(atPath: workdir)
    }

    static func checkAuthenticatedPhoenix(port: Int, adminSecret: String) async throws {
        let base = "http://127.0.0.1:\(port)"
        let anonymous = PhoenixClient(baseURL: base)
        let denied = try await anonymous.send("GET", "/v1/projects")
        try #require(denied.status == 401, "the Phoenix on \(base) answers \(denied.status) without a key: does \(ProcessInfo.processInfo.environment["HINBOX_TEST_PHOENIX_SCRIPT"] ?? "the script") pass PHOENIX_ENABLE_AUTH/PHOENIX_SECRET through?")
        let key = try await anonymous.createSystemAPIKey(adminSecret: adminSecret, name: "hinbox-test")
        let reader = PhoenixClient(baseURL: base, bearer: key)

        // The right key: spans land, nothing is spooled, the key is never printed.
        try await PhoenixFixture.with(phoenixURL: base) { fixture in
            var environment = fixture.environment
            environment["PHOENIX_API_KEY"] = key
            let result = try await fixture.process(["--limit", "1"], environment: environment)
            #expect(result.exitCode == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains(key), "the API key was printed")
            #expect(Self.spooledSpans(result.stderr) == nil, "\(result.stderr)")
            #expect(Self.spoolFiles(fixture.spool).isEmpty)
            let run = try RunOutput(result)
            let set = try await fixture.waitForSpans(traces: 1, llmSpans: run.llmCalls, client: reader)
            #expect(set.traceIDs.count == 1 && set.roots.count == 1, "\(set.roots)")
            #expect(set.answeredLLM.count == run.llmCalls)
        }

        // A wrong key: exit 0, a warning, the spans spooled; nothing stored under the project.
        try await PhoenixFixture.with(phoenixURL: base) { fixture in
            let wrongKey = "wrong-key-\(UUID().uuidString)"
            var environment = fixture.environment
            environment["PHOENIX_API_KEY"] = wrongKey
            let result = try await fixture.process(["--limit", "1"], environment: environment)
            #expect(result.exitCode == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains(wrongKey), "the API key was printed")
            #expect(result.stderr.contains("warning"), "\(result.stderr)")
            let spooled = Self.spooledSpans(result.stderr) ?? 0
            #expect(spooled > 0, "no spooled-spans warning:\n\(result.stderr)")
            #expect(!Self.spoolFiles(fixture.spool).isEmpty, "nothing in \(fixture.spool)")
            #expect(try await reader.spans(project: fixture.project).isEmpty)

            // Pushing with the right key later delivers them.
            environment["PHOENIX_API_KEY"] = key
            let push = try await fixture.hinbox(["traces", "push"], environment: environment)
            #expect(push.exitCode == 0, "stdout: \(push.stdout)\nstderr: \(push.stderr)")
            #expect(Self.spoolFiles(fixture.spool).isEmpty)
            let set = try await poll(every: .milliseconds(250), { SpanSet(spans: try await reader.spans(project: fixture.project)) }, until: { $0.spans.count >= spooled })
            #expect(set.spans.count == spooled)
        }
    }
}
