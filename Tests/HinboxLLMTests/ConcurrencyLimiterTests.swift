import HinboxCore
import HinboxLLM
import HinboxTesting
import Synchronization
import Testing

@Suite("ConcurrencyLimiter")
struct ConcurrencyLimiterTests {
    @Test("Never runs more than the limit at once; every task completes")
    func bound() async throws {
        let limiter = ConcurrencyLimiter(limit: 3)
        let counters = PeakCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await limiter.withPermit {
                        counters.enter()
                        await Task.yield()
                        counters.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(counters.peak <= 3)
        #expect(await limiter.running == 0)
    }

    @Test("A cancelled waiter throws CancellationError and frees its place")
    func cancellation() async throws {
        let limiter = ConcurrencyLimiter(limit: 1)
        try await limiter.acquire()
        let waiter = Task { try await limiter.acquire() }
        while await limiter.waiting == 0 { await Task.yield() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await limiter.waiting == 0)
        await limiter.release()
        #expect(await limiter.running == 0)
    }

    @Test("One limiter bounds chat and embedding calls of several clients together")
    func sharedAcrossClients() async throws {
        let limiter = ConcurrencyLimiter(limit: 2)
        let inFlight = PeakCounter()
        let step: ScriptedTransport.Step = { request in
            inFlight.enter()
            defer { inFlight.leave() }
            return request.url.hasSuffix("embeddings") ? try ScriptedTransport.embeddings(request) : try ScriptedTransport.chat("x")(request)
        }
        let logs = LogCapture()
        let chat = OpenAICompatibleClient(route: try openAIRoute(), transport: ScriptedTransport([], otherwise: step), limiter: limiter, logger: logs.logger)
        let embed = OpenAICompatibleClient(route: try openAIRoute(), transport: ScriptedTransport([], otherwise: step), limiter: limiter, embeddingBatchSize: 1, logger: logs.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask { _ = try await chat.complete(ChatRequest(messages: [ChatMessage(.user, "hi")])) }
                group.addTask { _ = try await embed.embed(["text 1", "text 2"]) }
            }
            try await group.waitForAll()
        }
        #expect(inFlight.peak <= 2)
    }

    @Test("A freed permit goes to the lowest rank waiting, first come first served within a rank")
    func rankedWaiters() async throws {
        let limiter = ConcurrencyLimiter(limit: 1)
        try await limiter.acquire()
        let served = ServedOrder()
        var waiters: [Task<Void, any Error>] = []
        for (label, rank) in [("5", 5), ("2a", 2), ("none", Int.max), ("9", 9), ("2b", 2)] {
            let queued = waiters.count
            waiters.append(Task {
                try await limiter.acquire(rank: rank)
                served.append(label)
            })
            // Queue them one by one, so arrival order is known.
            while await limiter.waiting == queued { await Task.yield() }
        }
        for count in 1...waiters.count {
            await limiter.release()
            while served.labels.count < count { await Task.yield() }
        }
        for waiter in waiters { try await waiter.value }
        #expect(served.labels == ["2a", "2b", "5", "9", "none"])
        await limiter.release()
        #expect(await limiter.running == 0)
    }
}

/// The order in which waiters got their permits.
private final class ServedOrder: Sendable {
    private let state = Mutex<[String]>([])
    func append(_ label: String) { state.withLock { $0.append(label) } }
    var labels: [String] { state.withLock { $0 } }
}
