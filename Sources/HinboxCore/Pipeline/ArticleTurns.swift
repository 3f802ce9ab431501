/// One article's place in the run's two ordered turns — resolve, then commit — handed out only
/// by ``TurnCoordinator/withTurns(_:_:)``, which passes on every turn the article did not take
/// when its body ends, however it ends (returned, threw, cancelled, failed before its turn). A
/// later article therefore never waits for a turn that will not come.
///
/// Each turn is taken at most once, in order: taking the commit turn first passes the resolve
/// turn on.
struct ArticleTurns: Sendable {
    /// The article's position in the input (0-based), which is also its turn number.
    let number: Int
    private let resolveGate: TurnGate
    private let commitGate: TurnGate
    private let taken = Locked<(resolve: Bool, commit: Bool)>((false, false))
    /// Where the time spent waiting for a turn is added.
    private let ledger: WaitLedger?

    init(number: Int, resolveGate: TurnGate, commitGate: TurnGate, ledger: WaitLedger?) {
        self.number = number
        self.resolveGate = resolveGate
        self.commitGate = commitGate
        self.ledger = ledger
    }

    /// Runs `body` in the resolve turn: after every earlier article's resolve turn ended.
    func resolve<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        let state = taken.value
        precondition(!state.resolve && !state.commit, "resolve turn \(number) taken twice or after its commit turn")
        taken.value.resolve = true
        return try await take(resolveGate, waitingAs: .resolveTurn, body)
    }

    /// Runs `body` in the commit turn: after every earlier article's commit turn ended.
    func commit<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        precondition(!taken.value.commit, "commit turn \(number) taken twice")
        if !taken.value.resolve { await pass(resolve: true, commit: false) }
        taken.value.commit = true
        return try await take(commitGate, waitingAs: .commitTurn, body)
    }

    private func take<T: Sendable>(_ gate: TurnGate, waitingAs kind: Waits.Kind, _ body: @Sendable () async throws -> T) async throws -> T {
        let asked = ContinuousClock.now
        return try await gate.withTurn(number) { [ledger] in
            ledger?.add(ContinuousClock.now - asked, to: kind)
            return try await body()
        }
    }

    /// Passes on the turns not taken, in order (called once the article's body ended).
    func passRemaining() async {
        let state = taken.value
        await pass(resolve: !state.resolve, commit: !state.commit)
    }

    private func pass(resolve: Bool, commit: Bool) async {
        if resolve {
            taken.value.resolve = true
            await resolveGate.withTurn(number) {}
        }
        if commit {
            taken.value.commit = true
            await commitGate.withTurn(number) {}
        }
    }
}
