import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// One POST of an encoded batch, classified for the retry logic.
struct OTLPHTTPSender: Sendable {
    /// What happened to one request.
    enum Outcome: Sendable {
        /// 2xx: the collector has the spans.
        case delivered
        /// Worth retrying later: 408/429/502/503/504, a timeout or a connection error.
        case retryable(reason: String, retryAfter: Duration?, isConnectionFailure: Bool)
        /// The collector refused the batch (other 4xx/5xx): keep it in the spool, do not retry now.
        case rejected(status: Int, reason: String)
        /// The task was cancelled.
        case cancelled
    }

    let client: HTTPClient
    let url: String
    let headers: [(String, String)]

    /// A client that does not trace its own requests and fails fast on refused connections.
    static func makeClient(requestTimeout: Duration) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.tracing.tracer = nil
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = TimeAmount(requestTimeout)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// POSTs `body` with `content-type: application/x-protobuf`, waiting at most `timeout`.
    func send(_ body: [UInt8], timeout: Duration) async -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/x-protobuf")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: TimeAmount(timeout))
            let text = (try? await response.body.collect(upTo: 16 * 1024)).map { String(buffer: $0) } ?? ""
            return Self.classify(
                status: Int(response.status.code), body: text, retryAfter: response.headers.first(name: "retry-after"))
        } catch is CancellationError {
            return .cancelled
        } catch {
            if Task.isCancelled { return .cancelled }
            return .retryable(reason: Self.describe(error), retryAfter: nil, isConnectionFailure: true)
        }
    }

    static func classify(status: Int, body: String, retryAfter retryAfterHeader: String?) -> Outcome {
        let summary = body.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(body.prefix(200))"
        switch status {
        case 200..<300:
            return .delivered
        case 408, 429, 502, 503, 504:
            let retryAfter = retryAfterHeader.flatMap { Int($0.filter { $0 != " " }) }.map { Duration.seconds($0) }
            return .retryable(reason: summary, retryAfter: retryAfter, isConnectionFailure: false)
        default:
            return .rejected(status: status, reason: summary)
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "HTTP client error: \(error)" }
        return String(describing: error)
    }
}
