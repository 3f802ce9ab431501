import Foundation
import HinboxCore
import HinboxPostgres
import HinboxTesting
import Testing

/// The work queue of `hinbox process --worker` and the resolver role's fence, on a real server.
/// Needs `HINBOX_TEST_POSTGRES_URL` (scripts/test.sh).
@Suite("PostgreSQL work queue", .enabled(if: TestPostgres.isAvailable, "needs HINBOX_TEST_POSTGRES_URL (scripts/test.sh)"))
struct PostgresWorkQueueTests {
    static func items(_ ids: [String]) -> [PostgresWorkQueue.Item] {
        ids.map { PostgresWorkQueue.Item(article: Article(id: $0, title: $0, content: "About \($0).", source: "test"), traceparent: nil) }
    }

    @Test("Queued once in order; claims are disjoint; a lapsed lease is claimed again; past maxAttempts the article is handed over failed")
    func claims() async throws {
        try await TestPostgres.withStore { store in
            var queue = PostgresWorkQueue(store: store)
            queue.maxAttempts = 2
            let planned = try await queue.serverNow()
            #expect(try await queue.enqueue(Self.items(["a", "b", "c"]), inputPath: "in", runID: "r", plannedAt: planned) == 3)
            // A second worker planning at the same time queues nothing again.
            #expect(try await queue.enqueue(Self.items(["a", "b", "c"]), inputPath: "in", runID: "r2", plannedAt: planned) == 0)

            let first = try await queue.claim(owner: "w1", limit: 2, lease: .seconds(60))
            let second = try await queue.claim(owner: "w2", limit: 5, lease: .milliseconds(100))
            #expect(first.map(\.article.id) == ["a", "b"])
            #expect(second.map(\.article.id) == ["c"])
            #expect(try await queue.finish("a", owner: "w1", extraction: .irrelevant(reason: "off", key: nil)))
            #expect(try await queue.extraction(of: "a") == .irrelevant(reason: "off", key: nil))
            #expect(try await queue.extraction(of: "b") == nil)

            // w2's lease on c lapses: w3 claims it; w2's late hand-over is refused.
            let again = try await poll(timeout: .seconds(10), every: .milliseconds(20), {
                try await queue.claim(owner: "w3", limit: 5, lease: .milliseconds(100))
            }, until: { !$0.isEmpty })
            #expect(again.map(\.article.id) == ["c"])
            #expect(try await queue.finish("c", owner: "w2", extraction: .prepared([])) == false)
            // Claimed twice (maxAttempts) and lapsed again: handed over failed.
            let failed = try await poll(timeout: .seconds(10), every: .milliseconds(20), {
                _ = try await queue.claim(owner: "w4", limit: 5, lease: .seconds(60))
                return try await queue.extraction(of: "c")
            }, until: { $0 != nil })
            guard case .failed(let reason)? = failed else {
                Issue.record("c was not handed over failed: \(String(describing: failed))")
                return
            }
            #expect(reason.contains("abandoned after 2 attempts"))
            #expect(try await queue.openCount() == 3)
            #expect(try await queue.statuses().map(\.state) == ["extracted", "extracting", "extracted"])
        }
    }

    @Test("One resolver at a time; a holder whose role passed on cannot write, the new holder can and settles the article")
    func fence() async throws {
        try await TestPostgres.withDatabase { location in
            try await TestPostgres.withStoreAt(location) { store in
                let queue = PostgresWorkQueue(store: store)
                try await queue.enqueue(Self.items(["a"]), inputPath: "in", runID: "r", plannedAt: try await queue.serverNow())
                try await store.startRun(RunRecord(id: "r", startedAt: Date(), inputPath: "in", domain: "news", model: "m", embeddingModel: "e"))
                let oldSeat = try await PostgresResolverRole.connect(location, holder: "old")
                let newSeat = try await PostgresResolverRole.connect(location, holder: "new")
                let old = try #require(try await oldSeat.tryTake())
                #expect(try await newSeat.tryTake() == nil)
                // The old holder's session ends (as when its connection dies); the other takes the role.
                await oldSeat.close()
                let new = try #require(try await newSeat.tryTake())
                #expect(new.epoch == old.epoch + 1)
                #expect(try await queue.resolverHolder().holder == "new")

                let article = Article(id: "a", title: "a", content: "About a.", source: "test")
                let record = ArticleRecord(article: article, status: .failed, error: "boom", runID: "r", traceID: nil, processedAt: Date())
                let lost = Locked<[ResolverFence.Lost]>([])
                let stale = FencedKnowledgeStore(base: store, fence: old) { gone in lost.withLock { $0.append(gone) } }
                await #expect(throws: CancellationError.self) { try await stale.recordFailure(record) }
                #expect(lost.value.map(\.current) == [new.epoch])
                #expect(try await store.article(id: "a") == nil)
                #expect(try await queue.openCount() == 1)

                let current = FencedKnowledgeStore(base: store, fence: new) { _ in Issue.record("the current holder was fenced off") }
                try await current.recordFailure(record)
                #expect(try await store.article(id: "a")?.status == .failed)
                #expect(try await queue.statuses().map(\.state) == ["failed"])
                await newSeat.close()
            }
        }
    }

    @Test("A model call handed out is made once per lease: a lapsed claim passes on, the late answer is refused; collected once; withdrawn calls are named")
    func relay() async throws {
        try await TestPostgres.withStore { store in
            let relay = PostgresCallRelay(store: store)
            let request = ChatRequest(messages: [ChatMessage(.user, "Write a profile.")], temperature: 0)
            let id = try await relay.submit(request, epoch: 1, traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", rank: 5)
            let first = try await relay.claim(owner: "w1", limit: 4, lease: .milliseconds(100))
            #expect(first.map(\.id) == [id] && first.first?.request.messages == request.messages)
            #expect(first.first?.traceparent == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" && first.first?.rank == 5)
            let second = try await poll(timeout: .seconds(10), every: .milliseconds(20), {
                try await relay.claim(owner: "w2", limit: 4, lease: .seconds(60))
            }, until: { !$0.isEmpty })
            #expect(second.map(\.id) == [id])
            try await relay.answer(id, owner: "w1", with: .reply(ChatResponse(content: "late")))
            #expect(try await relay.collect([id]).answers.isEmpty)
            try await relay.answer(id, owner: "w2", with: .reply(ChatResponse(content: "A profile.")))
            let collected = try await relay.collect([id])
            guard case .reply(let response)? = collected.answers[id] else {
                Issue.record("no answer collected: \(collected)")
                return
            }
            #expect(response.content.contains("A profile."))
            // Collected once: the row is gone, so asking again names it withdrawn.
            #expect(try await relay.collect([id]).withdrawn == [id])

            let old = try await relay.submit(request, epoch: 1, traceparent: nil, rank: 0)
            let current = try await relay.submit(request, epoch: 2, traceparent: nil, rank: 0)
            try await relay.withdraw(before: 2)
            let after = try await relay.collect([old, current])
            #expect(after.withdrawn == [old] && after.answers.isEmpty)
            // The oldest article's call first, whenever it was asked.
            _ = try await relay.claim(owner: "w3", limit: 10, lease: .seconds(60))
            let later = try await relay.submit(request, epoch: 2, traceparent: nil, rank: 9)
            let older = try await relay.submit(request, epoch: 2, traceparent: nil, rank: 1)
            #expect(try await relay.claim(owner: "w3", limit: 1, lease: .seconds(60)).map(\.id) == [older])
            #expect(try await relay.claim(owner: "w3", limit: 1, lease: .seconds(60)).map(\.id) == [later])
        }
    }
}
