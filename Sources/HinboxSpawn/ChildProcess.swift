import Foundation
import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// The one way hinbox starts another program: helper scripts, and the `hinbox` binary in tests.
///
/// A value is a seam (``run``) with a live side (``live``, ``start(_:)``) on swift-subprocess.
/// Output goes to temporary files, never pipes: the scripts hinbox runs start long-lived servers
/// in the background, which inherit the child's stdout; with a pipe, reading to its end would wait
/// for those servers to exit.
public struct ChildProcess: Sendable {
    /// What to run: an executable path, its arguments and its whole environment (nothing inherited).
    public struct Command: Sendable, Equatable {
        /// An absolute path: no PATH lookup.
        public var executable: String
        public var arguments: [String]
        /// The child's whole environment.
        public var environment: [String: String]
        /// Sends stderr to the same file as stdout (`2>&1`), so ``Outcome/stdout`` reads as a terminal would show it.
        public var mergesStandardError: Bool

        public init(_ executable: String, _ arguments: [String], environment: [String: String], mergesStandardError: Bool = false) {
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
            self.mergesStandardError = mergesStandardError
        }
    }

    /// How a finished child ended and what it wrote.
    public struct Outcome: Sendable, Equatable {
        /// The exit status; for a child ended by a signal, the signal's number (as Foundation's `Process` reports it).
        public var status: Int32
        /// Everything written to stdout (and stderr, when merged), decoded as UTF-8.
        public var stdout: String
        /// Empty when the command ``Command/mergesStandardError``.
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Runs a command to its end without blocking a thread.
    public var run: @Sendable (Command) async throws -> Outcome

    public init(run: @escaping @Sendable (Command) async throws -> Outcome) {
        self.run = run
    }

    /// Spawns real processes.
    public static let live = ChildProcess { command in
        let child = try await start(command)
        defer { child.removeOutputFiles() }
        let status = await child.waitForExit()
        return Outcome(status: status, stdout: child.stdout, stderr: child.stderr)
    }

    /// Starts `command` in the background and returns once it runs (for tests that signal it).
    ///
    /// Call ``RunningChild/cleanUp()`` when done with it.
    public static func start(_ command: Command) async throws -> RunningChild {
        let files = try OutputFiles(separateStandardError: !command.mergesStandardError)
        let configuration = Configuration(
            executable: .path(FilePath(command.executable)),
            arguments: Arguments(command.arguments),
            environment: .custom(Dictionary(uniqueKeysWithValues: command.environment.compactMap { key, value in
                Environment.Key(rawValue: key).map { ($0, value) }
            })))
        let startup = Startup(files: files)
        return try await withCheckedThrowingContinuation { continuation in
            startup.set(continuation)
            Task {
                do {
                    let output = FileDescriptorOutput.fileDescriptor(files.stdout, closeAfterSpawningProcess: true)
                    if let stderr = files.stderr {
                        try await run(configuration, output: output, error: .fileDescriptor(stderr, closeAfterSpawningProcess: true), startup)
                    } else {
                        try await run(configuration, output: output, error: .combinedWithOutput, startup)
                    }
                } catch {
                    startup.failed(error)
                }
            }
        }
    }

    /// Runs the child to its end, handing it to `startup` once spawned.
    private static func run(
        _ configuration: Configuration, output: FileDescriptorOutput, error: some ErrorOutputProtocol, _ startup: Startup
    ) async throws {
        let result = try await Subprocess.run(configuration, input: .none, output: output, error: error) { execution in
            startup.started(pid: execution.processIdentifier.value)
        }
        result.closureResult.finished(status(result.terminationStatus))
    }

    static func status(_ termination: TerminationStatus) -> Int32 {
        switch termination {
        case .exited(let code): code
        case .signaled(let signal): signal
        }
    }
}

extension ChildProcess {
    /// Where a child's output goes: temporary files, read once it has ended (or at any time, for tests).
    struct OutputFiles: Sendable {
        let stdoutPath: String
        let stderrPath: String?
        let stdout: FileDescriptor
        let stderr: FileDescriptor?

        init(separateStandardError: Bool) throws {
            let directory = FileManager.default.temporaryDirectory.path
            let id = UUID().uuidString
            stdoutPath = "\(directory)/hinbox-child-\(id).out"
            stderrPath = separateStandardError ? "\(directory)/hinbox-child-\(id).err" : nil
            let options: FileDescriptor.OpenOptions = [.create, .truncate]
            stdout = try FileDescriptor.open(FilePath(stdoutPath), .writeOnly, options: options, permissions: [.ownerReadWrite])
            stderr = try stderrPath.map {
                try FileDescriptor.open(FilePath($0), .writeOnly, options: options, permissions: [.ownerReadWrite])
            }
        }

        func read() -> (stdout: String, stderr: String) {
            ((try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
             stderrPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "")
        }

        func remove() {
            try? FileManager.default.removeItem(atPath: stdoutPath)
            if let stderrPath { try? FileManager.default.removeItem(atPath: stderrPath) }
        }
    }

    /// Hands the started child (or the failure to start it) to ``start(_:)`` exactly once.
    final class Startup: Sendable {
        private let state = Mutex<(continuation: CheckedContinuation<RunningChild, any Error>?, child: RunningChild?)>((nil, nil))
        let files: OutputFiles

        init(files: OutputFiles) {
            self.files = files
        }

        func set(_ continuation: CheckedContinuation<RunningChild, any Error>) {
            state.withLock { $0.continuation = continuation }
        }

        func started(pid: Int32) -> RunningChild {
            let child = RunningChild(pid: pid, files: files)
            state.withLock { state in
                state.child = child
                return state.continuation.take()
            }?.resume(returning: child)
            return child
        }

        /// Before the spawn: ``start(_:)`` throws. After it (waiting failed): the child ends with status -1.
        func failed(_ error: any Error) {
            let (continuation, child) = state.withLock { state in (state.continuation.take(), state.child) }
            if let continuation {
                files.remove()
                continuation.resume(throwing: error)
            } else {
                child?.finished(-1)
            }
        }
    }
}
