/// An internal inconsistency that fails one article (recorded, run goes on) instead of the process.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = "internal error: \(description); please report it with `hinbox articles show <id>`"
    }
}
