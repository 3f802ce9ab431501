/// An async semaphore: at most `limit` operations run at once; the rest wait, and a freed permit
/// goes to the waiter with the lowest rank, first come first served within a rank.
///
/// One limiter is shared by every chat and embedding client of a run, so `llm_concurrency` is a
/// single global bound; the clients rank requests by ``RequestOrder/rank``. Waiting is
/// cancellable.
///
/// ```swift
/// let limiter = ConcurrencyLimiter(limit: 8)
/// let reply = try await limiter.withPermit { try await send(request) }
/// ```
public actor ConcurrencyLimiter {
    /// The most operations that run at once.
    public nonisolated let limit: Int
    private var inUse = 0
    /// Sorted by rank, then arrival: the first one gets the next permit.
    private var waiters: [Waiter] = []
    private var nextWaiterID: UInt64 = 0

    /// Creates a limiter; `limit` below 1 is treated as 1.
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Operations running now.
    public var running: Int { inUse }

    /// Operations waiting for a permit now.
    public var waiting: Int { waiters.count }

    private struct Waiter {
        var rank: Int
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    /// Runs `body` once a permit is free, and frees it afterwards.
    /// - Parameter rank: Among waiters, the lowest rank gets a permit first.
    /// - Throws: `CancellationError` when cancelled while waiting, or what `body` throws.
    public nonisolated(nonsending) func withPermit<T>(
        rank: Int = .max, _ body: nonisolated(nonsending) () async throws -> T
    ) async throws -> T {
        try await acquire(rank: rank)
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    /// Takes a permit, waiting if none is free.
    /// - Parameter rank: Among waiters, the lowest rank gets a permit first.
    public func acquire(rank: Int = .max) async throws {
        try Task.checkCancellation()
        if inUse < limit {
            inUse += 1
            return
        }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // After every waiter of a lower or equal rank; searched from the back, where new
                // articles' requests belong.
                let position = waiters.lastIndex { $0.rank <= rank }.map { $0 + 1 } ?? 0
                waiters.insert(Waiter(rank: rank, id: id, continuation: continuation), at: position)
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Returns a permit: hands it to the first waiter, if any.
    public func release() {
        if waiters.isEmpty {
            inUse = max(0, inUse - 1)
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
