import Foundation
import HinboxSpawn
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("ChildProcess on swift-subprocess")
struct ChildProcessTests {
    static let environment = ["PATH": "/usr/bin:/bin"]

    @Test("stdout, stderr and the exit status come back, separately or merged")
    func output() async throws {
        let script = "echo out; echo err >&2; exit 3"
        let separate = try await ChildProcess.live.run(.init("/bin/bash", ["-c", script], environment: Self.environment))
        #expect(separate == .init(status: 3, stdout: "out\n", stderr: "err\n"))
        let merged = try await ChildProcess.live.run(
            .init("/bin/bash", ["-c", script], environment: Self.environment, mergesStandardError: true))
        #expect(merged == .init(status: 3, stdout: "out\nerr\n", stderr: ""))
    }

    @Test("The environment is exactly the one given")
    func environment() async throws {
        let outcome = try await ChildProcess.live.run(.init("/usr/bin/env", [], environment: ["ONLY": "this"]))
        #expect(outcome.stdout == "ONLY=this\n")
    }

    /// The hang the hand-written spawner existed for: `local-models.sh start` leaves the server
    /// running with the script's stdout; reading a pipe to its end would wait for the server.
    @Test("A script that leaves a process running in the background returns when the script ends", .timeLimit(.minutes(1)))
    func backgroundChild() async throws {
        let started = ContinuousClock.now
        let outcome = try await ChildProcess.live.run(.init(
            "/bin/bash", ["-c", "sleep 30 & echo $! ; echo started"], environment: Self.environment, mergesStandardError: true))
        #expect(ContinuousClock.now - started < .seconds(20))
        let lines = outcome.stdout.split(separator: "\n")
        #expect(outcome.status == 0 && lines.last == "started", "\(outcome)")
        if let pid = lines.first.flatMap({ Int32($0) }) { kill(pid, SIGKILL) }
    }

    @Test("A started child can be signalled; its status is the signal's number")
    func signal() async throws {
        let child = try await ChildProcess.start(.init("/bin/sleep", ["30"], environment: Self.environment))
        defer { child.cleanUp() }
        #expect(child.isRunning)
        child.signal(SIGKILL)
        #expect(await child.waitForExit() == SIGKILL)
        #expect(!child.isRunning)
    }

    @Test("A missing executable is an error, not a status")
    func missing() async {
        await #expect(throws: (any Error).self) {
            try await ChildProcess.live.run(.init("/nonexistent/program", [], environment: Self.environment))
        }
    }
}
