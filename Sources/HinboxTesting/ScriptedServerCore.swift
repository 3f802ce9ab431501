import Foundation
import HinboxCore
import NIOCore
import NIOHTTP1
import Synchronization

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
