/// A file (or a record inside one) that could not be ingested, and why.
public struct IngestProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, with `:N` for a line of a JSONL file or `#N` for an element of a JSON array.
    public var location: String
    public var reason: String

    public init(location: String, reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { "\(location): \(reason)" }
}
