import Foundation
import Synchronization

/// A child started by ``ChildProcess/start(_:)``: its pid, its output so far, and its end.
public final class RunningChild: Sendable {
    /// The child's process id.
    public let pid: Int32
    let files: ChildProcess.OutputFiles
    private let exit = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

    init(pid: Int32, files: ChildProcess.OutputFiles) {
        self.pid = pid
        self.files = files
    }

    /// Whether the child has not ended yet.
    public var isRunning: Bool { exit.withLock { $0.status == nil } }

    /// What the child has written to stdout so far.
    public var stdout: String { files.read().stdout }
    /// What the child has written to stderr so far (empty when merged into stdout).
    public var stderr: String { files.read().stderr }

    /// Sends `signal` (e.g. `SIGKILL`) to the child while it runs.
    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// The exit status (for a signal, its number), without blocking a thread.
    public func waitForExit() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = exit.withLock { state -> Int32? in
                if state.status == nil { state.waiters.append(continuation) }
                return state.status
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Kills the child if it still runs (a failed test must not leave it behind) and removes its output files.
    public func cleanUp() {
        signal(SIGKILL)
        removeOutputFiles()
    }

    func removeOutputFiles() {
        files.remove()
    }

    func finished(_ status: Int32) {
        let waiters = exit.withLock { state in
            state.status = status
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }
}
