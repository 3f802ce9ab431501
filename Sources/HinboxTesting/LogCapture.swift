import InMemoryLogging
public import Logging

/// Keeps every line a logger writes, at trace level, for assertions (on swift-log's `InMemoryLogHandler`).
public struct LogCapture: Sendable {
    /// One captured line.
    public struct Line: Sendable, CustomStringConvertible {
        /// The level it was logged at.
        public var level: Logger.Level
        /// The message, then the metadata as `key=value` sorted by key.
        public var text: String
        /// `level text`.
        public var description: String { "\(level) \(text)" }
    }

    private let handler: InMemoryLogHandler

    public init() {
        var handler = InMemoryLogHandler()
        handler.logLevel = .trace
        self.handler = handler
    }

    /// A logger that writes here.
    public var logger: Logger {
        Logger(label: "hinbox-test") { [handler] _ in handler }
    }

    /// What was logged so far, oldest first.
    public var all: [Line] {
        handler.entries.map { entry in
            let metadata = entry.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return Line(level: entry.level, text: "\(entry.message) \(metadata)")
        }
    }

    /// ``all`` as text, one `level text` string a line.
    public var lines: [String] { all.map(\.description) }
}
