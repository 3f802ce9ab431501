public import AsyncHTTPClient
import Foundation
import HinboxCore
import NIOCore
import NIOHTTP1

/// The live ``HTTPTransport`` on a shared AsyncHTTPClient `HTTPClient`.
///
/// Create the client with ``makeClientConfiguration(connectTimeout:)``: it switches off AHC's
/// own request spans (hinbox makes its own LLM spans) and makes a refused connection fail at
/// once instead of being retried silently until the connect timeout.
///
/// ```swift
/// let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
///                       configuration: AsyncHTTPTransport.makeClientConfiguration())
/// defer { try? await http.shutdown() }
/// let transport = AsyncHTTPTransport(client: http)
/// ```
public struct AsyncHTTPTransport: HTTPTransport {
    /// The shared client (owned and shut down by the caller).
    public let client: HTTPClient
    /// The largest response body accepted.
    public var maxResponseBytes: Int

    /// Wraps `client`.
    public init(client: HTTPClient, maxResponseBytes: Int = 64 << 20) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    /// The `HTTPClient` configuration hinbox uses: no AHC tracing, connection failures reported
    /// at once, `connectTimeout` (default 10 s) to open a connection.
    public static func makeClientConfiguration(connectTimeout: Duration = .seconds(10)) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.tracing.tracer = nil
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .milliseconds(connectTimeout.milliseconds)
        return configuration
    }

    /// Runs `body` with an `HTTPClient` made from ``makeClientConfiguration(connectTimeout:)``
    /// and shuts the client down afterwards, whether `body` returns or throws.
    public nonisolated(nonsending) static func withHTTPClient<T>(
        connectTimeout: Duration = .seconds(10),
        _ body: nonisolated(nonsending) (HTTPClient) async throws -> T
    ) async throws -> T {
        let client = HTTPClient(configuration: makeClientConfiguration(connectTimeout: connectTimeout))
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Sends a POST; never logs (AHC gets no logger, so headers cannot reach a log).
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(request.body)
        do {
            let response = try await client.execute(outgoing, timeout: .milliseconds(request.timeout.milliseconds))
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            var headers: [String: String] = [:]
            for header in response.headers { headers[header.name.lowercased()] = header.value }
            return TransportResponse(status: Int(response.status.code), headers: headers, body: Data(buffer.readableBytesView))
        } catch {
            throw Self.classify(error)
        }
    }

    /// Maps AHC / NIO errors onto ``TransportError`` (cancellation passes through).
    static func classify(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
        if let error = error as? HTTPClientError {
            if error == .cancelled { return CancellationError() }
            if error == .connectTimeout { return TransportError.cannotConnect("connect timeout") }
            if [.readTimeout, .writeTimeout, .deadlineExceeded].contains(error) {
                return TransportError.timedOut(error.shortDescription)
            }
            if error == .remoteConnectionClosed { return TransportError.connectionLost("the server closed the connection") }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) { return TransportError.cannotConnect("invalid URL") }
            return TransportError.connectionLost(error.shortDescription)
        }
        // NIO's connect errors (NIOConnectionError, IOError ECONNREFUSED, DNS failures) are not
        // visible to this module's imports, so they are recognised by type name and text.
        let type = String(reflecting: Swift.type(of: error))
        let text = String(describing: error)
        let lower = text.lowercased()
        if type.contains("NIOConnectionError") || type.contains("SocketAddressError")
            || lower.contains("connection refused") || lower.contains("econnrefused")
            || lower.contains("network is unreachable") || lower.contains("no route to host")
            || lower.contains("could not resolve") || lower.contains("dns")
        {
            return TransportError.cannotConnect(lower.contains("refused") ? "connection refused" : String(text.prefix(120)))
        }
        if lower.contains("timeout") || lower.contains("timed out") { return TransportError.timedOut(String(text.prefix(120))) }
        return TransportError.connectionLost(String(text.prefix(120)))
    }
}

extension HTTPClientError {
    fileprivate var shortDescription: String {
        String(String(describing: self).replacingOccurrences(of: "HTTPClientError.", with: "").prefix(120))
    }
}
