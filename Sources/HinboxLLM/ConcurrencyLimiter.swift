/// An async semaphore: at most `limit` operations run at once, the rest wait in FIFO order.
///
/// One limiter is shared by every chat and embedding client of a run, so `llm_concurrency` is a
/// single global bound. Waiting is cancellable.
///
/// ```swift
/// let limiter = ConcurrencyLimiter(limit: 8)
/// let reply = try await limiter.withPermit { try await send(request) }
/// ```
public actor ConcurrencyLimiter {
    /// The most operations that run at once.
    public nonisolated let limit: Int
    private var inUse = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiterID: UInt64 = 0

    /// Creates a limiter; `limit` below 1 is treated as 1.
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Operations running now.
    public var running: Int { inUse }

    /// Operations waiting for a permit now.
    public var waiting: Int { waiters.count }

    /// Runs `body` once a permit is free, and frees it afterwards.
    /// - Throws: `CancellationError` when cancelled while waiting, or what `body` throws.
    public nonisolated(nonsending) func withPermit<T>(
        _ body: nonisolated(nonsending) () async throws -> T
    ) async throws -> T {
        try await acquire()
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
    public func acquire() async throws {
        try Task.checkCancellation()
        if inUse < limit {
            inUse += 1
            return
        }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Returns a permit: hands it to the longest waiter, if any.
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
