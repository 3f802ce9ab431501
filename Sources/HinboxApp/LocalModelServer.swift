import Foundation
import HinboxCore
public import HinboxSpawn

/// The embedded default model server (llama-server with SmolLM2-135M and MiniLM on 127.0.0.1).
///
/// When a `local/` model is configured, hinbox reuses a server that is already running, or
/// starts the installed one itself (and stops it at exit), or says which command installs it.
/// The work is done by `scripts/local-models.sh`, the same script people run by hand.
public struct LocalModelServer: Sendable {
    public var script: String
    public var port: Int
    public var environment: [String: String]
    /// Whether the configuration needs the embedded server (see ``isNeeded(by:)``).
    public var isNeeded: Bool
    public var childProcess = ChildProcess.live

    public init(configuration: AppConfiguration) {
        script = "\(configuration.projectRoot)/scripts/local-models.sh"
        port = configuration.localPort
        environment = configuration.environment
        isNeeded = Self.isNeeded(by: configuration)
    }

    /// Runs `body`, which calls its argument once the server is needed (after the cheap checks
    /// that may end the command first); stops the server afterwards if that call started it.
    ///
    /// A scope rather than a `defer`: stopping awaits the script, and `defer` cannot await.
    public func scoped<T>(_ body: (_ ensureRunning: () async throws -> Void) async throws -> T) async throws -> T {
        var started = false
        do {
            let result = try await body { if isNeeded && !started { started = try await ensureRunning() } }
            if started { await stop() }
            return result
        } catch {
            if started { await stop() }
            throw error
        }
    }

    /// Whether the configuration needs the embedded server (a `local/` model, no other base URL).
    public static func isNeeded(by configuration: AppConfiguration) -> Bool {
        configuration.baseURL == nil && configuration.localURL == nil
            && (configuration.model.hasPrefix("local/") || configuration.embeddingModel.hasPrefix("local/"))
    }

    /// Makes sure the server answers; returns true when this call started it (stop it with ``stop()``).
    public func ensureRunning() async throws -> Bool {
        if try await run(["status", "--port", String(port)]).status == 0 { return false }
        let paths = try await run(["path"]).output
        let server = paths.split(separator: "\n").first { $0.hasPrefix("server=") }.map { String($0.dropFirst("server=".count)) }
        guard let server, FileManager.default.isExecutableFile(atPath: server) else {
            throw ConfigError("""
                the embedded model server is not installed. Install it once (about 10 minutes) with:
                    scripts/local-models.sh install
                or point hinbox at another model, e.g. --model openai/gpt-4o-mini (see README, "Models").
                """)
        }
        Console.out("starting the embedded model server on 127.0.0.1:\(port)…")
        let started = try await run(["start", "--port", String(port)])
        guard started.status == 0 else {
            throw ConfigError("the embedded model server did not start: \(started.output.suffix(600)) (log: ~/.cache/hinbox/local/server.log)")
        }
        return true
    }

    /// Stops the server this process started. llama-server answers SIGTERM only after the
    /// generation in progress ends (measured: 12.5 s after a Ctrl-C with the demo model), and
    /// nothing waits for that reply any more, so it gets 2 s before SIGKILL.
    public func stop() async {
        _ = try? await run(["stop", "--grace", "2"])
    }

    private func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw ConfigError("\(script) is missing; hinbox's embedded default needs the hinbox checkout's scripts/")
        }
        let outcome = try await childProcess.run(.init("/bin/bash", [script] + arguments, environment: environment, mergesStandardError: true))
        return (outcome.status, outcome.stdout)
    }
}
