import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One `hinbox process` per database at a time: an exclusive `flock` on `<db>.lock`, holding the
/// holder's pid.
///
/// The kernel drops the lock when its process ends, however it ends (kill -9 included), so a lock
/// is never stale; the file itself stays (deleting it would let two processes lock two different
/// files of the same name). The descriptor is close-on-exec, so a model server hinbox starts never
/// inherits the lock.
///
/// ```swift
/// let lock = try RunLock.acquire(databasePath: "hinbox.sqlite")
/// defer { lock.release() }
/// ```
public final class RunLock: Sendable {
    /// The lock file, `<db>.lock`.
    public let path: String
    private let descriptor: Int32
    private let released = Mutex(false)

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Another process holds the lock (or the lock file cannot be used).
    public struct Refused: Error, CustomStringConvertible, Sendable {
        public var databasePath: String
        /// The holder's pid, when it could be read.
        public var holderPID: Int32?
        /// Set when the lock file itself could not be opened or locked.
        public var failure: String?

        public var description: String {
            if let failure { return "cannot lock \(databasePath): \(failure)" }
            let who = holderPID.map { "another hinbox process (pid \($0))" } ?? "another hinbox process"
            return "\(who) is processing \(databasePath); wait for it to finish or use another --db"
        }
    }

    /// The lock file of a database.
    public static func lockPath(forDatabase databasePath: String) -> String { databasePath + ".lock" }

    /// Takes the lock at once or throws ``Refused`` naming the holder; never waits.
    public static func acquire(databasePath: String) throws -> RunLock {
        let path = lockPath(forDatabase: databasePath)
        // So the lock can also be taken before the database is created.
        try? FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Refused(databasePath: databasePath, failure: "cannot open \(path) (\(String(cString: strerror(errno))))")
        }
        var result: Int32
        repeat { result = flock(descriptor, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
        guard result == 0 else {
            let error = errno
            let holder = readPID(descriptor)
            close(descriptor)
            if error == EWOULDBLOCK {
                throw Refused(databasePath: databasePath, holderPID: holder)
            }
            throw Refused(databasePath: databasePath, failure: "cannot lock \(path) (\(String(cString: strerror(error))))")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return RunLock(path: path, descriptor: descriptor)
    }

    /// Releases the lock (closing the descriptor at deinit would too). The file keeps no pid.
    public func release() {
        released.withLock { released in
            guard !released else { return }
            released = true
            _ = ftruncate(descriptor, 0)
            _ = flock(descriptor, LOCK_UN)
        }
    }

    /// The pid written in the lock file, if any.
    private static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text).flatMap { $0 > 0 ? $0 : nil }
    }
}
