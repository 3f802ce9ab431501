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
