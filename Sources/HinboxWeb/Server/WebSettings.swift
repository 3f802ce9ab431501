/// How `hinbox serve` runs. Copy `.default`, change what you need.
///
/// ```swift
/// var settings = WebSettings.default
/// settings.port = 0            // any free port (tests)
/// settings.allowEdits = true   // merge/split from the review queue
/// ```
public struct WebSettings: Sendable, Hashable {
    /// Interface to bind; loopback unless asked otherwise.
    public var host: String
    /// TCP port; 0 picks a free one.
    public var port: Int
    /// Phoenix base URL for session and trace links (nil: no links).
    public var phoenixURL: String?
    /// Whether the review queue may merge and split (otherwise every write is refused).
    public var allowEdits: Bool

    public init(host: String = "127.0.0.1", port: Int = 5001, phoenixURL: String? = nil, allowEdits: Bool = false) {
        self.host = host
        self.port = port
        self.phoenixURL = phoenixURL
        self.allowEdits = allowEdits
    }

    public static let `default` = WebSettings()
}
