import Foundation

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
    ///
    /// Waits for the process without blocking a thread of the concurrency pool: on a 2-core
    /// machine, blocked test threads would starve the in-process scripted server hinbox talks to.
    public func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking(arguments, environment: environment) })
            }
        }
    }

    private func runBlocking(_ arguments: [String], environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "HINBOX_HOME": projectRoot]
        env.merge(environment) { _, new in new }
        process.environment = env
        let stdoutFile = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-out-\(UUID().uuidString)")
        let stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdoutFile)
            try? FileManager.default.removeItem(at: stderrFile)
        }
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        process.waitUntilExit()
        return Result(
            exitCode: process.terminationStatus,
            stdout: (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "")
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
