import Synchronization

/// The hand-off between ending spans and the export loop: unbounded, non-blocking, never drops.
///
/// Spans that end after the exporter has finished go to `lateSpanHandler` (which spools them).
final class OTLPSpanQueue: Sendable {
    private struct State {
        var spans: [OTLPFinishedSpan] = []
        var signalled = false
        var waiter: CheckedContinuation<Void, Never>?
        var shutdownRequestedAt: ContinuousClock.Instant?
        var closed = false
    }

    private let state = Mutex(State())
    private let signalThreshold: Int
    private let lateSpanHandler: @Sendable ([OTLPFinishedSpan]) -> Void

    init(signalThreshold: Int, lateSpanHandler: @escaping @Sendable ([OTLPFinishedSpan]) -> Void) {
        self.signalThreshold = max(1, signalThreshold)
        self.lateSpanHandler = lateSpanHandler
    }

    /// Queues an ended span; wakes the exporter each time another full batch is waiting.
    func append(_ span: OTLPFinishedSpan) {
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            guard !state.closed else { return (false, nil) }
            state.spans.append(span)
            guard state.spans.count % signalThreshold == 0 else { return (true, nil) }
            return (true, Self.takeWaiter(&state))
        }
        waiter?.resume()
        if !accepted { lateSpanHandler([span]) }
    }

    /// Number of queued spans.
    var count: Int { state.withLock { $0.spans.count } }

    /// Whether a graceful shutdown was requested.
    var isShutdownRequested: Bool { state.withLock { $0.shutdownRequestedAt != nil } }

    /// When graceful shutdown was first requested.
    var shutdownRequestedAt: ContinuousClock.Instant? { state.withLock { $0.shutdownRequestedAt } }

    /// Removes and returns up to `limit` spans, oldest first.
    func take(upTo limit: Int) -> [OTLPFinishedSpan] {
        state.withLock { state in
            let taken = Array(state.spans.prefix(limit))
            state.spans.removeFirst(taken.count)
            return taken
        }
    }

    /// Removes and returns the newest spans beyond `limit` (the overflow to spool).
    func takeOverflow(beyond limit: Int) -> [OTLPFinishedSpan] {
        state.withLock { state in
            guard state.spans.count > limit else { return [] }
            let overflow = Array(state.spans[limit...])
            state.spans.removeLast(overflow.count)
            return overflow
        }
    }

    /// Closes the queue and returns what is left; spans ending later go to the late-span handler.
    func close() -> [OTLPFinishedSpan] {
        let (rest, waiter) = state.withLock { state in
            state.closed = true
            defer { state.spans = [] }
            return (state.spans, Self.takeWaiter(&state))
        }
        waiter?.resume()
        return rest
    }

    /// Wakes the exporter (flush now).
    func signal() {
        state.withLock { Self.takeWaiter(&$0) }?.resume()
    }

    /// Marks graceful shutdown and wakes the exporter.
    func requestShutdown() {
        state.withLock { state in
            if state.shutdownRequestedAt == nil { state.shutdownRequestedAt = .now }
            return Self.takeWaiter(&state)
        }?.resume()
    }

    /// Waits until signalled, `timeout` elapses, or the task is cancelled.
    func wait(upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.waitForSignal() }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.signalled || state.shutdownRequestedAt != nil || state.closed || Task.isCancelled {
                        state.signalled = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiter.take() }?.resume()
        }
    }

    /// Takes the waiter to resume, or remembers the signal for the next wait.
    private static func takeWaiter(_ state: inout State) -> CheckedContinuation<Void, Never>? {
        if let waiter = state.waiter.take() { return waiter }
        state.signalled = true
        return nil
    }
}
