import HinboxCore
import HinboxOTLP
import HinboxPostgres
import Tracing

/// The resolver holder's chat model for profiles and grounding: each call is handed out through
/// `model_call` (``PostgresCallRelay``) and made by whichever worker claims it, so those calls use
/// every worker's slots. One poller collects the answers of all pending calls at once.
actor RelayedChatModel: ChatModel {
    nonisolated let descriptor: ModelDescriptor
    private let relay: PostgresCallRelay
    private let epoch: Int64
    private let poll: Duration
    /// The global rank of the article at each turn of the holder's run (its ``RequestOrder`` rank).
    private let ranks: [Int]
    private var waiting: [Int64: CheckedContinuation<PostgresCallRelay.Answer, any Error>] = [:]
    private var poller: Task<Void, Never>?

    init(descriptor: ModelDescriptor, relay: PostgresCallRelay, epoch: Int64, poll: Duration, ranks: [Int]) {
        self.descriptor = descriptor
        self.relay = relay
        self.epoch = epoch
        self.poll = poll
        self.ranks = ranks
    }

    nonisolated func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let turn = RequestOrder.rank
        let id = try await relay.submit(
            request, epoch: epoch, traceparent: ServiceContext.current?.otlpSpanContext?.traceparent,
            rank: ranks.indices.contains(turn) ? ranks[turn] : Int(Int32.max))
        let answer = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                Task { await self.wait(id, continuation) }
            }
        } onCancel: {
            Task { await self.resume(id, with: .failure(CancellationError())) }
        }
        switch answer {
        case .reply(let response): return response
        case .failure(let message, let transient): throw RelayedCallFailed(description: message, isTransient: transient)
        }
    }

    private func wait(_ id: Int64, _ continuation: CheckedContinuation<PostgresCallRelay.Answer, any Error>) {
        waiting[id] = continuation
        guard poller == nil else { return }
        poller = Task { await self.pollAnswers() }
    }

    private func resume(_ id: Int64, with result: Result<PostgresCallRelay.Answer, any Error>) {
        waiting.removeValue(forKey: id)?.resume(with: result)
    }

    private func pollAnswers() async {
        var failingSince: ContinuousClock.Instant?
        while !waiting.isEmpty {
            do {
                let collected = try await relay.collect(Array(waiting.keys))
                failingSince = nil
                for (id, answer) in collected.answers { resume(id, with: .success(answer)) }
                for id in collected.withdrawn {
                    resume(id, with: .failure(RelayedCallFailed(
                        description: "the model call was withdrawn: another worker took the resolver role", isTransient: false)))
                }
            } catch {
                // The calls are still in the table: a passing database failure (a lock, a dropped
                // connection) costs a poll; one that lasts a minute fails the calls waiting.
                let since = failingSince ?? .now
                failingSince = since
                if ContinuousClock.now - since > Self.patience {
                    for id in Array(waiting.keys) { resume(id, with: .failure(error)) }
                }
            }
            try? await Task.sleep(for: poll)
        }
        poller = nil
    }

    /// How long database failures may last before the calls waiting fail.
    static let patience = Duration.seconds(60)
}

/// A model call another worker made failed (after its client's retries).
struct RelayedCallFailed: TransientFailure, CustomStringConvertible {
    let description: String
    let isTransient: Bool
}
