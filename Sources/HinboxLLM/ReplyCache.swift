import Foundation
import HinboxCore

/// Model replies on disk, so `--force` reruns, eval reruns and reruns after changing one prompt
/// pay only for the requests that changed.
///
/// A reply is keyed by a SHA-256 of the model (provider and name), the endpoint's URL and the
/// exact request body —
/// messages, schema, temperature, `max_tokens` — and stored as the HTTP body the server sent, one
/// file per reply, written atomically. Only replies the client could use are stored (a transient
/// fault never is). A hit refreshes the file's time; ``evict()`` removes the least recently used
/// replies beyond ``maxBytes``. Nothing secret is in a key or a reply: the API key is a header.
public final class ReplyCache: Sendable {
    /// Where the replies are (the app puts them under its cache directory).
    public let directory: String
    /// The size the cache is evicted down to.
    public let maxBytes: Int64

    public init(directory: String, maxBytes: Int64 = 1 << 30) {
        self.directory = directory
        self.maxBytes = max(0, maxBytes)
    }

    /// The key of one request to one model on one server (two servers may answer the same model
    /// name differently).
    static func key(_ descriptor: ModelDescriptor, endpoint: String, body: Data) -> String {
        var material = Data("\(descriptor.description)\n\(endpoint)\n".utf8)
        material.append(body)
        return Hashing.sha256Hex(material)
    }

    private func path(_ key: String) -> String { "\(directory)/\(key.prefix(2))/\(key).json" }

    /// The stored reply body, refreshing its time; nil on a miss.
    func read(_ key: String) -> Data? {
        let file = path(key)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: file)
        return data
    }

    /// Stores a reply body (best effort: a cache that cannot write only costs a later call).
    func write(_ key: String, _ body: Data) {
        let file = path(key)
        let folder = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? body.write(to: URL(fileURLWithPath: file), options: .atomic)
    }

    /// Forgets one reply (one that could not be read back).
    func remove(_ key: String) {
        try? FileManager.default.removeItem(atPath: path(key))
    }

    /// How many replies are stored and their size.
    public func stats() -> (replies: Int, bytes: Int64) {
        let files = entries()
        return (files.count, files.reduce(0) { $0 + $1.bytes })
    }

    /// Removes every reply; returns how many there were.
    @discardableResult
    public func clear() throws -> Int {
        let count = entries().count
        if FileManager.default.fileExists(atPath: directory) { try FileManager.default.removeItem(atPath: directory) }
        return count
    }

    /// Removes the least recently used replies until the cache fits ``maxBytes``; returns how many.
    @discardableResult
    public func evict() -> Int {
        var files = entries()
        var total = files.reduce(0) { $0 + $1.bytes }
        guard total > maxBytes else { return 0 }
        files.sort { $0.used < $1.used }
        var removed = 0
        for file in files where total > maxBytes {
            guard (try? FileManager.default.removeItem(atPath: file.path)) != nil else { continue }
            total -= file.bytes
            removed += 1
        }
        return removed
    }

    private func entries() -> [(path: String, bytes: Int64, used: Date)] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [(path: String, bytes: Int64, used: Date)] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".json") else { continue }
            let path = "\(directory)/\(relative)"
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
            let bytes = (attributes[.size] as? NSNumber)?.int64Value ?? 0
            files.append((path, bytes, attributes[.modificationDate] as? Date ?? .distantPast))
        }
        return files
    }
}
