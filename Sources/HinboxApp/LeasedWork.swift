import HinboxCore

/// The loop a worker runs over leased work (articles to extract, model calls to make): claims as
/// many as it has free slots, works on each concurrently, renews its leases every third of a
/// lease, and looks again every `idle` when there was nothing to claim.
struct LeasedWork<Item: Sendable, Key: Hashable & Sendable>: Sendable {
    var slots: Int
    var lease: Duration
    var idle: Duration
    var key: @Sendable (Item) -> Key
    var claim: @Sendable (_ limit: Int) async throws -> [Item]
    var renew: @Sendable ([Key]) async throws -> Void
    var work: @Sendable (Item) async throws -> Void

    /// Runs until cancelled, or until nothing was claimable, nothing is in hand and `finished()`.
    func run(until finished: @Sendable () async throws -> Bool = { false }) async throws {
        let inHand = Locked<Set<Key>>([])
        let renewal = Task { [lease, renew] in
            while !Task.isCancelled {
                try? await Task.sleep(for: lease / 3)
                try? await renew(Array(inHand.value))
            }
        }
        defer { renewal.cancel() }
        try await withThrowingDiscardingTaskGroup { group in
            while true {
                try Task.checkCancellation()
                let free = slots - inHand.value.count
                if free <= 0 {
                    try await Task.sleep(for: .milliseconds(5))
                    continue
                }
                let claimed = try await claim(free)
                for item in claimed {
                    let id = key(item)
                    inHand.withLock { _ = $0.insert(id) }
                    group.addTask { [work] in
                        defer { inHand.withLock { _ = $0.remove(id) } }
                        try await work(item)
                    }
                }
                if claimed.isEmpty {
                    if inHand.value.isEmpty, try await finished() { return }
                    try await Task.sleep(for: idle)
                }
            }
        }
    }
}
