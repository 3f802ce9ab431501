public import Foundation
public import HinboxCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An OpenAI-compatible HTTP/1.1 server on 127.0.0.1 for deterministic tests and benchmarks.
///
/// Every request goes to `handler` (``GazetteerScript/handler(gazetteer:)`` is the standard one)
/// unless the ``FaultPlan`` injects a fault; the reply leaves `latency` after the request
/// arrived. Connections are kept alive and served concurrently; the server runs on NIO's shared
/// event loop group and never blocks a thread.
///
/// ```swift
/// let server = try await ScriptedOpenAIServer.start(handler: GazetteerScript.handler(gazetteer: gazetteer))
/// defer { Task { try await server.shutdown() } }
/// // point the client at server.baseURL
/// ```
public final class ScriptedOpenAIServer: Sendable {
    /// One request as received.
    public struct Request: Sendable {
        public var method: String
        /// The path without the query string, e.g. `/v1/chat/completions`.
        public var path: String
        public var headers: [(String, String)]
        /// The body parsed as JSON; `nil` when empty or not JSON.
        public var body: JSONValue?
        /// 0-based arrival order (the index a ``FaultPlan`` is keyed by).
        public var index: Int

        public init(method: String, path: String, headers: [(String, String)] = [], body: JSONValue? = nil, index: Int = 0) {
            self.method = method
            self.path = path
            self.headers = headers
            self.body = body
            self.index = index
        }

        /// The first value of a header, matched case-insensitively.
        public func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
        }
    }

    /// What to answer.
    public enum Reply: Sendable {
        /// A JSON body (`Content-Type: application/json` unless `headers` sets one).
        case json(JSONValue, status: Int = 200, headers: [(String, String)] = [])
        /// A body sent as is.
        case raw(String, status: Int, headers: [(String, String)] = [])
        /// Close the connection without answering.
        case closeConnection
    }

    public typealias Handler = @Sendable (Request) async -> Reply

    let core: ScriptedServerCore
    private let channel: any Channel

    /// The bound port.
    public let port: Int

    /// `http://127.0.0.1:<port>/v1`.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Every request received, in arrival order.
    public var requests: [Request] { core.state.withLock { $0.requests } }

    /// How many TCP connections were accepted (keep-alive clients reuse theirs).
    public var connectionsAccepted: Int { core.state.withLock { $0.connectionsAccepted } }

    /// The faults injected so far, by request index.
    public var faultsInjected: [Int: Fault] { core.state.withLock { $0.faultsInjected } }

    /// Counters for benchmarks: model requests (chat completions and embeddings) received and in flight.
    public struct Stats: Sendable {
        /// Every request received (any method and path).
        public var requests = 0
        /// `POST …/chat/completions`.
        public var chatRequests = 0
        /// `POST …/embeddings`.
        public var embeddingRequests = 0
        /// When the first and the last model request arrived (wall clock).
        public var firstModelRequestAt: Date?
        public var lastModelRequestAt: Date?
        /// When the last model reply was written (wall clock).
        public var lastModelReplyAt: Date?
        /// Model requests received but not yet answered, now and at most.
        public var inFlight = 0
        public var maxInFlight = 0

        /// Chat completions plus embeddings.
        public var modelRequests: Int { chatRequests + embeddingRequests }
    }

    /// The counters since start or the last ``resetStats()``.
    public var stats: Stats { core.state.withLock { $0.stats } }

    /// Zeroes ``stats`` (requests in flight stay counted as in flight).
    public func resetStats() {
        core.state.withLock { state in
            state.stats = Stats(inFlight: state.stats.inFlight, maxInFlight: state.stats.inFlight)
            state.occupancy = []
        }
    }

    private init(core: ScriptedServerCore, channel: any Channel, port: Int) {
        self.core = core
        self.channel = channel
        self.port = port
    }

    /// Binds 127.0.0.1:`port` (0 = an ephemeral port) and starts serving. With `recordsRequests` false,
    /// ``requests`` stays empty (long benchmark runs keep no request bodies); ``stats`` still counts.
    public static func start(
        port: Int = 0, latency: Duration = .zero, faults: FaultPlan = .none, recordsRequests: Bool = true,
        handler: @escaping Handler
    ) async throws -> ScriptedOpenAIServer {
        let core = ScriptedServerCore(latency: latency, faults: faults, recordsRequests: recordsRequests, handler: handler)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                core.register(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ScriptedHTTPHandler(core: core))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        guard let boundPort = channel.localAddress?.port else {
            try? await channel.close()
            throw ScriptedServerError(description: "the server socket has no local port")
        }
        return ScriptedOpenAIServer(core: core, channel: channel, port: boundPort)
    }

    /// Stops accepting, closes every open connection and cancels replies in progress.
    public func shutdown() async throws {
        let children = core.state.withLock { state in
            state.isShutDown = true
            return Array(state.connections.values)
        }
        do {
            try await channel.close()
        } catch ChannelError.alreadyClosed {}
        for child in children {
            try? await child.close()
        }
    }
}

/// A failure to start the scripted server.
public struct ScriptedServerError: Error, CustomStringConvertible {
    public var description: String
}

// MARK: - Core

/// The state shared between the server object and its connection handlers.
final class ScriptedServerCore: Sendable {
    struct State {
        var requests: [ScriptedOpenAIServer.Request] = []
        var faultsInjected: [Int: Fault] = [:]
        var connections: [ObjectIdentifier: any Channel] = [:]
        var connectionsAccepted = 0
        var isShutDown = false
        var requestCount = 0
        var stats = ScriptedOpenAIServer.Stats()
        var occupancy: [ScriptedOpenAIServer.InFlightChange] = []
    }

    let latency: Duration
    let faults: FaultPlan
    let handler: ScriptedOpenAIServer.Handler
    let recordsRequests: Bool
    let state = Mutex(State())

    init(latency: Duration, faults: FaultPlan, recordsRequests: Bool = true, handler: @escaping ScriptedOpenAIServer.Handler) {
        self.latency = latency
        self.faults = faults
        self.recordsRequests = recordsRequests
        self.handler = handler
    }

    static func isModelRequest(method: String, path: String) -> Bool {
        method == "POST" && (path.hasSuffix("/chat/completions") || path.hasSuffix("/embeddings"))
    }

    /// Counts a model reply as written.
    func answered(_ request: ScriptedOpenAIServer.Request) {
        guard Self.isModelRequest(method: request.method, path: request.path) else { return }
        let now = Date()
        state.withLock { state in
            state.stats.inFlight = max(0, state.stats.inFlight - 1)
            state.stats.lastModelReplyAt = now
            state.occupancy.append(.init(at: now, inFlight: state.stats.inFlight))
        }
    }

    func register(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let accepted = state.withLock { state in
            guard !state.isShutDown else { return false }
            state.connections[id] = channel
            state.connectionsAccepted += 1
            return true
        }
        guard accepted else {
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLock { $0.connections.removeValue(forKey: id) }
        }
    }

    /// Records a complete request and decides its fault.
    func receive(method: String, path: String, headers: [(String, String)], body: JSONValue?)
        -> (request: ScriptedOpenAIServer.Request, fault: Fault?)
    {
        let faultable = Self.isModelRequest(method: method, path: path)
        let now = Date()
        return state.withLock { state in
            let request = ScriptedOpenAIServer.Request(
                method: method, path: path, headers: headers, body: body, index: state.requestCount)
            state.requestCount += 1
            if recordsRequests { state.requests.append(request) }
            state.stats.requests += 1
            if faultable {
                if path.hasSuffix("/embeddings") { state.stats.embeddingRequests += 1 } else { state.stats.chatRequests += 1 }
                if state.stats.firstModelRequestAt == nil { state.stats.firstModelRequestAt = now }
                state.stats.lastModelRequestAt = now
                state.stats.inFlight += 1
                state.stats.maxInFlight = max(state.stats.maxInFlight, state.stats.inFlight)
                state.occupancy.append(.init(at: now, inFlight: state.stats.inFlight))
            }
            let fault = faultable ? faults.fault(forRequest: request.index) : nil
            if let fault { state.faultsInjected[request.index] = fault }
            return (request, fault)
        }
    }

    /// The reply, `latency` after the request arrived: it is worked out meanwhile, so the
    /// script's own time does not add to the latency a benchmark sets.
    func respond(to request: ScriptedOpenAIServer.Request, fault: Fault?) async -> ScriptedOpenAIServer.Reply {
        let due = ContinuousClock.now + latency
        let reply = await reply(to: request, fault: fault)
        if latency > .zero { try? await Task.sleep(until: due) }
        return Task.isCancelled ? .closeConnection : reply
    }

    private func reply(to request: ScriptedOpenAIServer.Request, fault: Fault?) async -> ScriptedOpenAIServer.Reply {
        guard let fault else { return await handler(request) }
        let isEmbeddings = request.path.hasSuffix("/embeddings")
        switch fault {
        case .rateLimited:
            return ScriptedReplies.error("Rate limit reached; retry after 1s", type: "rate_limit_error", status: 429,
                                         headers: [("Retry-After", "1")])
        case .serverError:
            return ScriptedReplies.error("Internal server error (scripted fault)", type: "server_error", status: 500)
        case .unavailable:
            return ScriptedReplies.error("Service unavailable (scripted fault)", type: "server_error", status: 503)
        case .malformedJSON:
            if isEmbeddings {
                return .raw(#"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0123,"#,
                            status: 200, headers: [("Content-Type", "application/json")])
            }
            return .json(ScriptedReplies.chatCompletion(content: #"{"entities": [ {"name": "#, request: request))
        case .truncatedJSON:
            return ScriptedReplies.truncated(await handler(request))
        case .slow(let delay):
            try? await Task.sleep(for: delay)
            guard !Task.isCancelled else { return .closeConnection }
            return await handler(request)
        case .closeConnection:
            return .closeConnection
        case .emptyChoices:
            if isEmbeddings { return .json(["object": "list", "data": [], "model": "scripted"]) }
            return .json(ScriptedReplies.chatCompletion(choices: [], request: request))
        case .noContent:
            if isEmbeddings { return .raw("", status: 200, headers: [("Content-Type", "application/json")]) }
            return .json(ScriptedReplies.chatCompletion(
                choices: [["index": 0, "message": ["role": "assistant"], "finish_reason": "stop"]], request: request))
        }
    }
}

// MARK: - Connection handler

/// Collects one request, answers it from a task, and cancels that task when the connection closes.
/// NIO's pipelining assistance holds back the next request until the reply's `.end` is written.
final class ScriptedHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let core: ScriptedServerCore
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var inFlight: Task<Void, Never>?

    init(core: ScriptedServerCore) {
        self.core = core
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            self.head = nil
            let text = body.readString(length: body.readableBytes) ?? ""
            let path = String(head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            let received = core.receive(
                method: head.method.rawValue, path: path,
                headers: head.headers.map { ($0.name, $0.value) },
                body: text.isEmpty ? nil : JSONValue.parse(text))
            inFlight = Self.serve(received.request, fault: received.fault, core: core, channel: context.channel,
                                  version: head.version, keepAlive: head.isKeepAlive)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inFlight?.cancel()
        inFlight = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private static func serve(
        _ request: ScriptedOpenAIServer.Request, fault: Fault?, core: ScriptedServerCore, channel: any Channel,
        version: HTTPVersion, keepAlive: Bool
    ) -> Task<Void, Never> {
        Task {
            let reply = await core.respond(to: request, fault: fault)
            // Counted before writing, so the client never sees a reply the counters still call in flight.
            core.answered(request)
            write(reply, to: channel, version: version, keepAlive: keepAlive)
        }
    }

    private static func write(_ reply: ScriptedOpenAIServer.Reply, to channel: any Channel, version: HTTPVersion, keepAlive: Bool) {
        let status: Int
        let text: String
        var headers: HTTPHeaders
        let contentType: String
        switch reply {
        case .closeConnection:
            channel.close(promise: nil)
            return
        case .json(let value, let code, let extra):
            status = code
            text = value.jsonString
            headers = HTTPHeaders(extra)
            contentType = "application/json"
        case .raw(let value, let code, let extra):
            status = code
            text = value
            headers = HTTPHeaders(extra)
            contentType = "text/plain; charset=utf-8"
        }
        if !headers.contains(name: "Content-Type") { headers.add(name: "Content-Type", value: contentType) }
        headers.replaceOrAdd(name: "Content-Length", value: String(text.utf8.count))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: headers)
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: text))), promise: nil)
        let done = channel.writeAndFlush(HTTPServerResponsePart.end(nil))
        if !keepAlive {
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
