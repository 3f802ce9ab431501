/// The ordered side of a run: the entity index and the two turns every article passes in input
/// order.
///
/// In its **resolve turn** an article decides its entities against the index, applies them to the
/// index provisionally and schedules its profile versions (a known entity's updates wait for the
/// end of their block, ``ProfileBlocks``); the profiles are then written concurrently with other
/// articles (an entity's successive versions chain on one another); in its **commit turn** it
/// writes everything in one transaction. The index an article resolves against is therefore what
/// a strictly one-at-a-time run would have, and so is the database.
///
/// A step that fails is tried again in place (``StepRetry``) before its turn passes. When an
/// article still fails after its resolve turn, its provisional changes are rolled back by
/// reloading the index from the store; the articles that resolved meanwhile are redone one at a
/// time in their commit turns, and new articles wait to resolve until those are through.
///
/// Turns are taken only through ``withTurns(_:_:)`` (see ``ArticleTurns``).
actor TurnCoordinator {
    /// What an article's resolve turn produced.
    struct Scheduled: Sendable {
        var turn: Int
        var epoch: Int
        var resolved: [EntityResolver.Resolved]
        var updates: [EntityUpdate]
        var schedule: VersionSchedule
        /// The profiles of `schedule.versions`, in order.
        var profiles: [ProfileVersionTasks]
    }

    /// What the store holds: the entities and the mentions waiting for their block's update.
    struct Stored: Sendable {
        var entities: [KnownEntity]
        var waiting: [WaitingMention]
    }

    private(set) var index: EntityIndex
    /// Per entity, the mentions whose profile update waits for the end of their block.
    private(set) var waiting: [String: [WaitingMention]]
    /// Per entity, the latest profile still being written and the turn that scheduled it.
    private var pending: [String: (turn: Int, tasks: ProfileVersionTasks)] = [:]
    /// Bumped by every rollback; an article that resolved in an older epoch is redone.
    private var epoch = 0
    /// The highest turn that has begun resolving.
    private var resolving = -1
    /// Turns up to this one resolved against rolled-back state (-1: none).
    private var staleThrough = -1
    private let reload: @Sendable () async throws -> Stored

    private nonisolated let resolveGate = TurnGate()
    private nonisolated let commitGate = TurnGate()

    init(_ stored: Stored, reload: @escaping @Sendable () async throws -> Stored) {
        index = EntityIndex(stored.entities)
        waiting = Self.grouped(stored.waiting)
        self.reload = reload
    }

    private static func grouped(_ mentions: [WaitingMention]) -> [String: [WaitingMention]] {
        Dictionary(grouping: mentions, by: \.key.entityID)
    }

    /// Runs `body` with article `number`'s two turns; the turns it did not take are passed on when
    /// it ends, on every path. The only way to take a turn.
    nonisolated func withTurns<T: Sendable>(
        _ number: Int, ledger: WaitLedger? = nil, _ body: (ArticleTurns) async throws -> T
    ) async throws -> T {
        let turns = ArticleTurns(number: number, resolveGate: resolveGate, commitGate: commitGate, ledger: ledger)
        do {
            let result = try await body(turns)
            await turns.passRemaining()
            return result
        } catch {
            await turns.passRemaining()
            throw error
        }
    }

    /// Starts turn `turn`'s resolution: waits until every redone article is committed, then
    /// returns the index to resolve against, the waiting mentions and the epoch they belong to.
    func beginResolve(_ turn: Int) async -> (index: EntityIndex, waiting: [String: [WaitingMention]], epoch: Int) {
        resolving = turn
        if staleThrough >= 0 { await commitGate.waitUntilEnded(staleThrough) }
        return (index, waiting, epoch)
    }

    /// The profile an entity has or will have once its pending version is written.
    func profile(of entityID: String) async -> Profile? {
        try? await baseProfile(of: entityID)?.final.value
    }

    /// What a new version of `entityID` builds on: the version still being written, else the
    /// latest one as of now (an article that committed since the index was read counts).
    func baseProfile(of entityID: String) -> ProfileVersionTasks? {
        if let pending = pending[entityID] { return pending.tasks }
        guard let latest = index.entities[entityID]?.latestProfile else { return nil }
        return .written(latest)
    }

    /// Records the end of a resolve turn: applies its updates to the index and registers its
    /// profiles, unless a rollback happened meanwhile (the article is then redone).
    func register(_ scheduled: Scheduled) {
        guard scheduled.epoch == epoch else { return }
        apply(scheduled.schedule.touched, waiting: scheduled.schedule)
        for (version, tasks) in zip(scheduled.schedule.versions, scheduled.profiles) {
            pending[version.entity.record.id] = (scheduled.turn, tasks)
        }
    }

    /// The entities as `touched` left them (keeping the latest profile the index has) and the
    /// waiting mentions as the schedule left them.
    private func apply(_ touched: [KnownEntity], waiting schedule: VersionSchedule) {
        for var entity in touched {
            entity.latestProfile = index.entities[entity.record.id]?.latestProfile
            index.upsert(entity)
        }
        for mention in schedule.waiting { waiting[mention.key.entityID, default: []].append(mention) }
        let folded = Set(schedule.folded)
        for id in Set(folded.map(\.entityID)) {
            waiting[id]?.removeAll { folded.contains($0.key) }
            if waiting[id]?.isEmpty == true { waiting[id] = nil }
        }
    }

    /// Whether the article must be redone in its commit turn.
    func isStale(_ scheduled: Scheduled) -> Bool {
        scheduled.epoch != epoch
    }

    /// After a commit: the written profiles become the entities' latest, unless a later article
    /// has already scheduled the next version.
    func committed(_ scheduled: Scheduled, profiles: [Profile]) {
        for (version, profile) in zip(scheduled.schedule.versions, profiles) {
            let id = version.entity.record.id
            guard pending[id]?.turn == scheduled.turn, var entity = index.entities[id] else { continue }
            pending[id] = nil
            entity.latestProfile = profile
            index.upsert(entity)
        }
    }

    /// After a redone (one-at-a-time) article committed: its entities as they now are, and the
    /// mentions left waiting.
    func apply(_ entities: [KnownEntity], schedule: VersionSchedule) {
        apply([], waiting: schedule)
        for entity in entities { index.upsert(entity) }
    }

    /// Undoes every provisional change: the index becomes what the store holds. Called in the
    /// commit turn of an article that failed after resolving.
    func rollBack() async throws {
        epoch += 1
        staleThrough = resolving
        for entry in pending.values { entry.tasks.cancel() }
        pending = [:]
        let stored = try await reload()
        index = EntityIndex(stored.entities)
        waiting = Self.grouped(stored.waiting)
    }
}
