/// A network fault below HTTP: the server could not be reached, did not answer in time, or
/// dropped the connection.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable { case cannotConnect, timedOut, connectionLost }

    private let code: Code
    /// A short technical detail (`connection refused`, `read timeout`…), never a header.
    public let detail: String

    private init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// The connection could not be made (refused, host unknown, connect timeout).
    public static func cannotConnect(_ detail: String) -> TransportError { .init(.cannotConnect, detail) }
    /// The server did not answer before the request's deadline.
    public static func timedOut(_ detail: String) -> TransportError { .init(.timedOut, detail) }
    /// The connection broke during the exchange.
    public static func connectionLost(_ detail: String) -> TransportError { .init(.connectionLost, detail) }

    /// Whether the server could not be reached at all.
    public var isCannotConnect: Bool { code == .cannotConnect }
    /// Whether the deadline passed.
    public var isTimedOut: Bool { code == .timedOut }

    /// The kind and the detail.
    public var description: String {
        switch code {
        case .cannotConnect: "cannot connect: \(detail)"
        case .timedOut: "timed out: \(detail)"
        case .connectionLost: "connection lost: \(detail)"
        }
    }
}
