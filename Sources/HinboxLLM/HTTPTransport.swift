public import Foundation

/// The seam between the clients and the network: one request in, one response out.
///
/// ``AsyncHTTPTransport`` is the live side; tests script their own. Implementations throw
/// ``TransportError`` for network faults and return every HTTP status as a response.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and collects the whole response.
    func send(_ request: TransportRequest) async throws -> TransportResponse
}

/// An HTTP POST with a JSON body.
public struct TransportRequest: Sendable {
    /// The absolute URL.
    public var url: String
    /// Header names and values (the `Authorization` header is among them: never log these).
    public var headers: [String: String]
    /// The request body.
    public var body: Data
    /// How long the attempt may take in total.
    public var timeout: Duration

    /// Creates a request.
    public init(url: String, headers: [String: String], body: Data, timeout: Duration) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A collected HTTP response.
public struct TransportResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Header values by lower-cased name.
    public var headers: [String: String]
    /// The response body.
    public var body: Data

    /// Creates a response; header names are lower-cased.
    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }
}
