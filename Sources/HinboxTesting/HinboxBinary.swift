import Foundation
public import HinboxSpawn

/// Runs the built `hinbox` executable for end-to-end tests.
public struct HinboxBinary: Sendable {
    /// The executable's path.
    public var path: String
    /// The hinbox checkout (for `--config-dir`).
    public var projectRoot: String

    /// The result of one run.
    public struct Result: Sendable {
        public var exitCode: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Finds `hinbox` next to the running test bundle (`swift build` puts them side by side).
    public static func locate(projectRoot: String) -> HinboxBinary? {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleDirectory.appendingPathComponent("hinbox").path,
            "\(projectRoot)/.build/debug/hinbox",
        ]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        return HinboxBinary(path: path, projectRoot: projectRoot)
    }

    /// Runs hinbox with `arguments` and `environment` added to a minimal environment.
    public func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        let outcome = try await ChildProcess.live.run(command(arguments, environment: environment))
        return Result(exitCode: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr)
    }

    /// Starts hinbox in the background (for tests that signal it); call ``RunningChild/cleanUp()`` when done.
    public func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> RunningChild {
        try await ChildProcess.start(command(arguments, environment: environment))
    }

    /// The command for `arguments`: `environment` over a minimal one (PATH, a throwaway HOME, HINBOX_HOME).
    public func command(_ arguments: [String], environment: [String: String]) -> ChildProcess.Command {
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "HINBOX_HOME": projectRoot]
        env.merge(environment) { _, new in new }
        return ChildProcess.Command(path, arguments, environment: env)
    }
}

/// Paths inside the hinbox checkout, found from a test file's `#filePath`.
public enum ProjectPaths {
    /// The checkout root, walking up from `filePath` to the directory holding Package.swift.
    public static func root(from filePath: String) -> String {
        var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
            url.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }

    /// `../shared/data/<name>` next to the checkout, when present (CI and developers have it; a fresh clone may not).
    public static func sharedData(_ name: String, root: String) -> String? {
        let path = URL(fileURLWithPath: root).deletingLastPathComponent().appendingPathComponent("shared/data/\(name)").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
