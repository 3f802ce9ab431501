import Foundation
import HinboxSpawn

/// Debian's `chromium`, driven headless as a subprocess: the DOM after scripts ran, and screenshots.
enum Chromium {
    /// The binary, when installed (`scripts/system-deps.sh --browser`, run by `scripts/test.sh`).
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var isInstalled: Bool { path != nil }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The serialised DOM of `url` once loaded and its scripts (if any) had 3 s of virtual time.
    static func dumpDOM(_ url: String) async throws -> String {
        try await run(["--virtual-time-budget=3000", "--dump-dom", url])
    }

    /// A 1400×1000 PNG of `url` at `file`.
    static func screenshot(_ url: String, to file: String) async throws {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: file).deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = try await run(["--virtual-time-budget=3000", "--hide-scrollbars", "--window-size=1400,1000", "--screenshot=\(file)", url])
        guard FileManager.default.fileExists(atPath: file) else { throw Failure(description: "chromium wrote no screenshot of \(url)") }
    }

    /// Runs chromium with a private profile through ``ChildProcess`` (output in a file, so
    /// helpers chromium leaves behind cannot hold a pipe open); killed when it outlives `deadline`.
    private static func run(_ arguments: [String], deadline: Duration = .seconds(90)) async throws -> String {
        guard let path else { throw Failure(description: "chromium is not installed; run scripts/system-deps.sh --browser") }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let child = try await ChildProcess.start(.init(path, [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--user-data-dir=\(profile.path)",
        ] + arguments, environment: ProcessInfo.processInfo.environment))
        defer { child.cleanUp() }
        let watchdog = Task {
            try await Task.sleep(for: deadline)
            child.signal(SIGTERM)
        }
        let status = await child.waitForExit()
        watchdog.cancel()
        guard status == 0 else {
            throw Failure(description: "chromium \(arguments.joined(separator: " ")) exited with \(status)")
        }
        return child.stdout
    }
}
