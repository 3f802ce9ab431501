import AsyncHTTPClient
import Foundation
import Logging
public import ServiceLifecycle

/// Delivers the spans of an ``OTLPTracer`` to an OTLP/HTTP collector (Phoenix) in the background.
///
/// Batches of up to `maxBatchSize` spans go out when full or every `scheduleDelay`. Retryable answers
/// (408/429/502/503/504, timeouts, connection errors) are retried with jittered exponential back-off for as
/// long as the service runs; refused batches (other 4xx) are spooled with one warning per status.
/// On graceful shutdown it keeps trying for at most `shutdownGracePeriod` (less when the collector is
/// unreachable), spools whatever is left, and returns. Nothing is dropped silently.
///
/// ```swift
/// let group = ServiceGroup(configuration: .init(services: [
///     .init(service: exporter),   // first → shut down last, after the work has ended its spans
///     .init(service: work, successTerminationBehavior: .gracefullyShutdownGroup,
///           failureTerminationBehavior: .gracefullyShutdownGroup),
/// ], logger: logger))
/// try await group.run()
/// let report = await exporter.flushAndReport()
/// ```
public actor OTLPExporter: Service {
    /// An encoded batch and how many spans it holds.
    struct Batch {
        var body: [UInt8]
        var count: Int
    }

    let configuration: OTLPConfiguration
    let encoder: OTLPEncoder
    let queue: OTLPSpanQueue
    let logger: Logger
    var report = OTLPDeliveryReport()
    var inFlight: Batch?
    private var warnedStatuses: Set<Int> = []
    private var state = RunState.idle
    private var idleWaiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    private enum RunState { case idle, running, finished }

    init(configuration: OTLPConfiguration, encoder: OTLPEncoder, queue: OTLPSpanQueue, logger: Logger) {
        self.configuration = configuration
        self.encoder = encoder
        self.queue = queue
        self.logger = logger
    }

    /// Exports until graceful shutdown (or ``requestShutdown()``), then flushes within `shutdownGracePeriod`,
    /// spools what is left and returns. On cancellation it spools at once. Runs at most once.
    public func run() async throws {
        guard state == .idle else { return }
        state = .running
        let client = OTLPHTTPSender.makeClient(requestTimeout: configuration.requestTimeout)
        let sender = OTLPHTTPSender(client: client, url: configuration.tracesURL, headers: configuration.headers)
        await withGracefulShutdownHandler {
            await exportUntilShutdown(sender)
        } onGracefulShutdown: { [queue] in
            queue.requestShutdown()
        }
        await drainAtShutdown(sender)
        try? await client.shutdown()
        state = .finished
        resumeIdleWaiters(force: true)
    }

    /// Starts the graceful shutdown of ``run()`` without a `ServiceGroup`.
    public nonisolated func requestShutdown() {
        queue.requestShutdown()
    }

    /// Sends what is queued now and returns the report.
    ///
    /// While ``run()`` is running this waits (at most `shutdownGracePeriod`) until the queue is empty and no
    /// batch is in flight; after `run()` has returned it returns the final report at once.
    public func flushAndReport() async -> OTLPDeliveryReport {
        if state == .running && !isIdle {
            queue.signal()
            let id = UUID()
            let timer = Task { [grace = configuration.shutdownGracePeriod] in
                try? await Task.sleep(for: grace)
                self.resumeIdleWaiter(id)
            }
            await withCheckedContinuation { idleWaiters[id] = $0 }
            timer.cancel()
        }
        return currentReport
    }

    /// The report so far, with the current number of pending spans.
    public var currentReport: OTLPDeliveryReport {
        var current = report
        current.pending = queue.count + (inFlight?.count ?? 0)
        return current
    }

    // MARK: - Running

    private var isIdle: Bool { inFlight == nil && queue.count == 0 }

    private func exportUntilShutdown(_ sender: OTLPHTTPSender) async {
        while !queue.isShutdownRequested && !Task.isCancelled {
            await queue.wait(upTo: configuration.scheduleDelay)
            await drainWhileRunning(sender)
            resumeIdleWaiters(force: false)
        }
    }

    /// Sends every queued batch; retries a failing one until it goes through or shutdown begins.
    private func drainWhileRunning(_ sender: OTLPHTTPSender) async {
        var backoff = OTLPBackoff(initial: configuration.retryInitialBackoff, maximum: configuration.retryMaxBackoff)
        while !queue.isShutdownRequested && !Task.isCancelled, let batch = inFlight ?? nextBatch() {
            inFlight = batch
            switch await sender.send(batch.body, timeout: configuration.requestTimeout) {
            case .delivered:
                delivered(batch)
                backoff.reset()
            case .rejected(let status, let reason):
                rejected(batch, status: status, reason: reason)
            case .retryable(let reason, let retryAfter, _):
                report.lastError = reason
                logger.debug("OTLP export failed; will retry", metadata: ["reason": "\(reason)"])
                spoolOverflow()
                await waitWhileRunning(backoff.next(retryAfter: retryAfter))
            case .cancelled:
                return
            }
        }
    }

    /// Sleeps for `delay`, returning early when shutdown begins.
    private func waitWhileRunning(_ delay: Duration) async {
        let deadline = ContinuousClock.now + delay
        while !queue.isShutdownRequested && !Task.isCancelled && ContinuousClock.now < deadline {
            await queue.wait(upTo: deadline - .now)
        }
    }

    // MARK: - Shutdown

    /// Keeps delivering until the grace period ends or the collector proves unreachable, then spools the rest.
    private func drainAtShutdown(_ sender: OTLPHTTPSender) async {
        let deadline = (queue.shutdownRequestedAt ?? .now) + configuration.shutdownGracePeriod
        let announcer = Task {
            try await Task.sleep(for: .seconds(1))
            self.announceWaiting()
        }
        defer { announcer.cancel() }
        var backoff = OTLPBackoff(initial: configuration.retryInitialBackoff, maximum: configuration.retryMaxBackoff)
        var connectionFailures = 0
        delivery: while !Task.isCancelled, connectionFailures < 2, ContinuousClock.now < deadline,
            let batch = inFlight ?? nextBatch()
        {
            inFlight = batch
            let timeout = min(configuration.requestTimeout, deadline - .now)
            switch await sender.send(batch.body, timeout: timeout) {
            case .delivered:
                delivered(batch)
                connectionFailures = 0
            case .rejected(let status, let reason):
                rejected(batch, status: status, reason: reason)
            case .retryable(let reason, let retryAfter, let isConnectionFailure):
                report.lastError = reason
                connectionFailures = isConnectionFailure ? connectionFailures + 1 : 0
                let delay = min(backoff.next(retryAfter: retryAfter), deadline - .now)
                if connectionFailures < 2 && delay > .zero { try? await Task.sleep(for: delay) }
            case .cancelled:
                break delivery
            }
        }
        spoolRemaining()
    }

    private func announceWaiting() {
        let pending = queue.count + (inFlight?.count ?? 0)
        guard pending > 0 else { return }
        logger.notice("waiting for \(configuration.endpoint) to accept \(Self.grouped(pending)) spans…")
    }

    // MARK: - Bookkeeping

    private func nextBatch() -> Batch? {
        let spans = queue.take(upTo: configuration.maxBatchSize)
        return spans.isEmpty ? nil : Batch(body: encoder.encode(spans), count: spans.count)
    }

    private func delivered(_ batch: Batch) {
        inFlight = nil
        report.exported += batch.count
    }

    private func rejected(_ batch: Batch, status: Int, reason: String) {
        inFlight = nil
        report.lastError = reason
        if warnedStatuses.insert(status).inserted {
            logger.warning(
                "OTLP collector refused spans; they are kept in the spool",
                metadata: [
                    "endpoint": "\(configuration.tracesURL)", "status": "\(status)", "reason": "\(reason)",
                    "spool": "\(configuration.spoolDirectory)",
                ])
        }
        spool(batch)
    }

    private func resumeIdleWaiter(_ id: UUID) {
        idleWaiters.removeValue(forKey: id)?.resume()
    }

    private func resumeIdleWaiters(force: Bool) {
        guard force || isIdle else { return }
        let waiters = idleWaiters.values
        idleWaiters = [:]
        for waiter in waiters { waiter.resume() }
    }

    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        return String(digits.enumerated().flatMap { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? [",", digit] : [digit]
        })
    }
}
