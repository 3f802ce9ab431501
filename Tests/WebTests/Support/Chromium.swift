import Foundation

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

    /// Runs chromium with a private profile; killed when it outlives `deadline`.
    private static func run(_ arguments: [String], deadline: TimeInterval = 90) async throws -> String {
        guard let path else { throw Failure(description: "chromium is not installed; run scripts/system-deps.sh --browser") }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--user-data-dir=\(profile.path)",
        ] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Blocking reads go to a dispatch thread, not the test's cooperative pool.
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + deadline) {
                if process.isRunning { process.terminate() }
            }
            DispatchQueue.global().async {
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                if process.terminationStatus == 0 {
                    continuation.resume(returning: String(decoding: data, as: UTF8.self))
                } else {
                    continuation.resume(throwing: Failure(
                        description: "chromium \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)"))
                }
            }
        }
    }
}
