import Foundation
import HinboxApp
import HinboxCore
import HinboxPostgres
import HinboxSpawn
import HinboxTesting
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Several `hinbox process --worker` on one PostgreSQL database (docs/POSTGRES.md): 1 and 4
/// workers give the knowledge base one SQLite process gives, and so do runs where a worker, or
/// the resolver role's holder, is killed with SIGKILL mid-run. Needs `HINBOX_TEST_POSTGRES_URL`.
// Serialized: each test runs 2–4 workers of up to 10 connections each, and the test cluster allows 100.
@Suite("PostgreSQL workers", .serialized, .enabled(if: TestPostgres.isAvailable, "needs HINBOX_TEST_POSTGRES_URL (scripts/test.sh)"))
struct PostgresWorkerTests {
    /// Short leases and polls, so a dead worker's claims pass on within the test.
    static let workerArguments = ["--worker", "--no-cache", "--lease-seconds", "2", "--poll-ms", "20"]

    static func launchWorkers(
        _ count: Int, _ workspace: ReliabilityWorkspace, _ server: ScriptedOpenAIServer, _ url: String, extra: [String] = [],
        tracedTo collector: String? = nil
    ) async throws -> [RunningChild] {
        var workers: [RunningChild] = []
        for _ in 0..<count { workers.append(try await workspace.launch(server, database: url, workerArguments + extra, tracedTo: collector)) }
        return workers
    }

    /// What the database must hold after every run: the reference's knowledge, nothing
    /// duplicated, every queued article committed exactly once.
    static func expectEqualToReference(_ location: PostgresLocation, _ url: String, workers: [RunningChild]) async throws {
        let reference = try await KnowledgeSnapshot.reference.value
        let snapshot = try await KnowledgeSnapshot.read(url)
        let output = workers.map { "stdout: \($0.stdout)\nstderr: \($0.stderr)" }.joined(separator: "\n---\n")
        #expect(snapshot.comparable(text: true) == reference.comparable(text: true), "\(output)")
        #expect(snapshot.articles.map(\.id).sorted() == reference.articles.map(\.id).sorted())
        #expect(snapshot.duplicationProblems.isEmpty, "\(snapshot.duplicationProblems)")
        #expect(snapshot.processed == reference.processed)
        let statuses = try await TestPostgres.withStoreAt(location) { try await PostgresWorkQueue(store: $0).statuses() }
        #expect(statuses.map(\.articleID).sorted() == reference.articles.map(\.id).sorted())
        #expect(statuses.allSatisfy { $0.state == "committed" }, "\(statuses)")
    }

    /// Reads the queue until `done` holds, for at most `timeout`.
    static func queue<T: Sendable>(_ location: PostgresLocation, timeout: Duration = .seconds(120),
                         _ read: @escaping @Sendable (PostgresWorkQueue) async throws -> T, until done: (T) -> Bool) async throws -> T {
        try await TestPostgres.withStoreAt(location) { store in
            let queue = PostgresWorkQueue(store: store)
            return try await poll(timeout: timeout, every: .milliseconds(20), { try await read(queue) }, until: done)
        }
    }

    /// Runs `body` with `count` workers launched on a fresh database, against a scripted server
    /// whose replies take `latency` (slow enough to kill a worker mid-run).
    static func withWorkers(
        _ count: Int, latency: Duration, extra: [String] = [], tracedTo collector: String? = nil,
        _ body: (ReliabilityWorkspace, PostgresLocation, String, [RunningChild]) async throws -> Void
    ) async throws {
        let gazetteer = try KnowledgeSnapshot.sampleGazetteer()
        try await TestPostgres.withDatabase { location in
            let workspace = try ReliabilityWorkspace.make()
            defer { workspace.remove() }
            let server = try await ScriptedOpenAIServer.start(latency: latency, handler: ReliabilityScript.handler(gazetteer: gazetteer))
            defer { Task { try? await server.shutdown() } }
            let url = PostgresEndToEndTests.withPassword(location)
            let workers = try await launchWorkers(count, workspace, server, url, extra: extra, tracedTo: collector)
            defer { for worker in workers { worker.cleanUp() } }
            try await body(workspace, location, url, workers)
        }
    }

    /// The number after `word` in a worker's closing line (`worker …: extracted N articles; made K…`); -1 when missing.
    static func count(_ word: Substring, in stdout: String) -> Int {
        guard let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix("worker ") }) else { return -1 }
        let words = line.split(separator: " ")
        return words.firstIndex(of: word).flatMap { Int(words[$0 + 1]) } ?? -1
    }

    /// The pid of a worker that holds claims and is not the resolver (waits for one).
    static func workerHoldingClaims(_ location: PostgresLocation) async throws -> Int32 {
        let owner = try await queue(location, { queue in
            let holder = try await queue.resolverHolder().holder
            return try await queue.statuses().first { $0.state == "extracting" && $0.owner != nil && $0.owner != holder }?.owner
        }, until: { $0 != nil })
        return try #require(owner.flatMap(pid), "no worker other than the resolver held a claim")
    }

    /// The pid in a worker name (`host:pid:run`).
    static func pid(of owner: String) -> Int32? {
        let parts = owner.split(separator: ":")
        return parts.count >= 3 ? Int32(parts[parts.count - 2]) : nil
    }

    @Test("1 worker and 4 workers give the knowledge base one SQLite process gives", .timeLimit(.minutes(6)))
    func equalToOneProcess() async throws {
        let reference = try await KnowledgeSnapshot.reference.value
        try await PostgresEndToEndTests.withSetup { workspace, server, location in
            let url = PostgresEndToEndTests.withPassword(location)
            let one = try await workspace.process(server, database: url, Self.workerArguments)
            #expect(one.exitCode == 0, "stdout: \(one.stdout)\nstderr: \(one.stderr)")
            #expect(one.stdout.contains("worker "), "\(one.stdout)")
            let doctor = try await workspace.hinbox(["doctor"], database: url)
            #expect(doctor.stdout.contains("queue: 10 committed; resolver role: epoch 1, last taken by "), "\(doctor.stdout)")
            let snapshot = try await KnowledgeSnapshot.read(url)
            #expect(snapshot.comparable(text: true) == reference.comparable(text: true))
            #expect(snapshot.duplicationProblems.isEmpty)
        }
        try await PostgresEndToEndTests.withSetup { workspace, server, location in
            let url = PostgresEndToEndTests.withPassword(location)
            let workers = try await Self.launchWorkers(4, workspace, server, url)
            defer { for worker in workers { worker.cleanUp() } }
            for worker in workers {
                let code = await worker.waitForExit()
                #expect(code == 0, "stdout: \(worker.stdout)\nstderr: \(worker.stderr)")
            }
            try await Self.expectEqualToReference(location, url, workers: workers)
            // Each article extracted once in a clean run, whoever extracted it.
            let extracted = workers.map { Self.count("extracted", in: $0.stdout) }
            #expect(extracted.count == 4 && extracted.reduce(0, +) == reference.articles.count, "\(extracted)")
            // The holder's profile and grounding calls went through the table.
            let relayed = workers.map { Self.count("made", in: $0.stdout) }
            #expect(relayed.reduce(0, +) > 0, "\(relayed)")
        }
    }

    @Test("kill -9 of a worker holding claims: its leases lapse, the others finish, nothing lost or duplicated", .timeLimit(.minutes(6)))
    func killedWorker() async throws {
        try await Self.withWorkers(3, latency: .milliseconds(300)) { _, location, url, workers in
            let pid = try await Self.workerHoldingClaims(location)
            let killed = try #require(workers.first { $0.pid == pid })
            killed.signal(SIGKILL)
            _ = await killed.waitForExit()
            for worker in workers where worker.pid != pid {
                let code = await worker.waitForExit()
                #expect(code == 0, "stdout: \(worker.stdout)\nstderr: \(worker.stderr)")
            }
            try await Self.expectEqualToReference(location, url, workers: workers)
            let statuses = try await TestPostgres.withStoreAt(location) { try await PostgresWorkQueue(store: $0).statuses() }
            #expect(statuses.contains { $0.attempts >= 2 }, "no article was claimed again after the kill: \(statuses)")
        }
    }

    @Test("kill -9 of the resolver role's holder: another worker takes the role and resumes, equal to a clean run", .timeLimit(.minutes(6)))
    func killedResolver() async throws {
        try await Self.withWorkers(3, latency: .milliseconds(200)) { workspace, location, url, workers in
            // Mid-run: the holder has committed some articles, not all.
            let total = workspace.articleIDs.count
            let seen = try await Self.queue(location, { queue in
                (try await queue.resolverHolder(), try await queue.statuses().count { $0.state == "committed" })
            }, until: { $0.0.holder != nil && $0.1 >= 2 })
            #expect(seen.1 < total, "the run finished before the holder could be killed")
            let first = try #require(seen.0.holder)
            let killed = try #require(workers.first { $0.pid == Self.pid(of: first) })
            killed.signal(SIGKILL)
            _ = await killed.waitForExit()
            for worker in workers where worker !== killed {
                let code = await worker.waitForExit()
                #expect(code == 0, "stdout: \(worker.stdout)\nstderr: \(worker.stderr)")
            }
            try await Self.expectEqualToReference(location, url, workers: workers)
            let role = try await TestPostgres.withStoreAt(location) { try await PostgresWorkQueue(store: $0).resolverHolder() }
            #expect(role.epoch > seen.0.epoch && role.holder != first, "the role did not pass on: \(role), first \(seen.0)")
        }
    }

    @Test("One trace per article across workers: extraction spans made by any worker hang under the root the resolver emits", .timeLimit(.minutes(4)))
    func oneTracePerArticle() async throws {
        let collector = try await FakeOTLPCollector.start()
        defer { Task { try? await collector.shutdown() } }
        try await PostgresEndToEndTests.withSetup { workspace, server, location in
            let traced = workspace.tracedEnvironment(baseURL: server.baseURL, endpoint: collector.endpoint)
            let url = PostgresEndToEndTests.withPassword(location)
            var workers: [RunningChild] = []
            for _ in 0..<2 {
                workers.append(try await workspace.binary.start(
                    ["process", workspace.articles] + Self.workerArguments + ["--db", url], environment: traced))
            }
            defer { for worker in workers { worker.cleanUp() } }
            for worker in workers {
                let code = await worker.waitForExit()
                #expect(code == 0, "stdout: \(worker.stdout)\nstderr: \(worker.stderr)")
            }
        }
        let spans = try collector.acceptedSpans()
        let roots = spans.filter { $0.name == "process_article" }
        #expect(roots.count == 10 && roots.allSatisfy { ($0.parentSpanID ?? "").isEmpty }, "\(roots.map(\.parentSpanID))")
        #expect(Set(roots.map(\.traceID)).count == roots.count, "articles share a trace")
        let ids = Set(spans.map(\.spanID))
        let orphans = spans.filter { span in span.parentSpanID.map { !$0.isEmpty && !ids.contains($0) } ?? false }
        #expect(orphans.isEmpty, "spans whose parent is in no trace: \(orphans.map(\.name))")
        let rootOf = Dictionary(uniqueKeysWithValues: roots.map { ($0.spanID, $0.traceID) })
        let extractions = spans.filter { $0.name.hasPrefix("extract.") }
        #expect(!extractions.isEmpty)
        #expect(extractions.allSatisfy { span in span.parentSpanID.flatMap { rootOf[$0] } == span.traceID },
                "extraction spans not under their article's root")
    }

    /// A holder that stops mid-article has started that article's root span under the identity
    /// queued with it; the next holder emits the root again, so the stopped one must not export its copy.
    @Test("SIGTERM of the resolver role's holder, traced: each article's root span reaches the trace once", .timeLimit(.minutes(4)))
    func handedOverRootsOnce() async throws {
        let collector = try await FakeOTLPCollector.start()
        defer { Task { try? await collector.shutdown() } }
        var articles = 0
        try await Self.withWorkers(3, latency: .milliseconds(300), tracedTo: collector.endpoint) { workspace, location, url, workers in
            articles = workspace.articleIDs.count
            let seen = try await Self.queue(location, { queue in
                (try await queue.resolverHolder(), try await queue.statuses().count { $0.state == "committed" })
            }, until: { $0.0.holder != nil && $0.1 >= 2 })
            #expect(seen.1 < workspace.articleIDs.count, "the run finished before the holder could be stopped")
            let holder = try #require(workers.first { $0.pid == seen.0.holder.flatMap(Self.pid) })
            holder.signal(SIGTERM)
            #expect(await holder.waitForExit() == 130, "stdout: \(holder.stdout)\nstderr: \(holder.stderr)")
            for worker in workers where worker !== holder {
                let code = await worker.waitForExit()
                #expect(code == 0, "stdout: \(worker.stdout)\nstderr: \(worker.stderr)")
            }
            try await Self.expectEqualToReference(location, url, workers: workers)
        }
        let roots = try collector.acceptedSpans().filter { $0.name == "process_article" }
        let copies = Dictionary(grouping: roots, by: \.spanID).filter { $0.value.count > 1 }
        #expect(copies.isEmpty, "root spans emitted more than once: \(copies.mapValues(\.count))")
        #expect(Set(roots.map(\.spanID)).count == articles, "\(roots.count) roots for \(articles) articles")
    }

    @Test("SIGTERM of a worker holding claims hands them back at once: the others finish long before its 60-s lease would end", .timeLimit(.minutes(4)))
    func stoppedWorkerHandsBack() async throws {
        let lease = ["--lease-seconds", "60"]
        try await Self.withWorkers(3, latency: .milliseconds(300), extra: lease) { _, location, url, workers in
            let pid = try await Self.workerHoldingClaims(location)
            let stopped = try #require(workers.first { $0.pid == pid })
            let clock = ContinuousClock()
            let signalled = clock.now
            stopped.signal(SIGTERM)
            #expect(await stopped.waitForExit() == 130, "stdout: \(stopped.stdout)\nstderr: \(stopped.stderr)")
            for worker in workers where worker !== stopped {
                let code = await worker.waitForExit()
                #expect(code == 0, "stdout: \(worker.stdout)\nstderr: \(worker.stderr)")
            }
            #expect(clock.now - signalled < .seconds(45), "the others waited for the stopped worker's leases")
            try await Self.expectEqualToReference(location, url, workers: workers)
            let statuses = try await TestPostgres.withStoreAt(location) { try await PostgresWorkQueue(store: $0).statuses() }
            #expect(statuses.allSatisfy { $0.attempts == 1 }, "a handed-back claim counted as an attempt: \(statuses)")
        }
    }

    @Test("A plain run is refused while articles queued by workers are unsettled, saying how to finish them", .timeLimit(.minutes(2)))
    func plainRunRefusedWithOpenQueue() async throws {
        try await PostgresEndToEndTests.withSetup { workspace, server, location in
            try await TestPostgres.withStoreAt(location) { store in
                let queue = PostgresWorkQueue(store: store)
                let article = Article(id: "queued", title: "Queued", content: "Dana Whitfield spoke.", source: "test")
                try await queue.enqueue([.init(article: article, traceparent: nil)], inputPath: "in", runID: "r", plannedAt: try await queue.serverNow())
            }
            let refused = try await workspace.process(server, database: PostgresEndToEndTests.withPassword(location))
            #expect(refused.exitCode == 1)
            #expect(refused.stderr.contains("1 articles queued by `hinbox process --worker` are not finished"), "\(refused.stderr)")
            #expect(server.requests.isEmpty, "the refused run called the model")
            // A worker finishes them (and the folder), and then a plain run goes ahead.
            #expect(try await workspace.process(server, database: PostgresEndToEndTests.withPassword(location), Self.workerArguments).exitCode == 0)
            let plain = try await workspace.process(server, database: PostgresEndToEndTests.withPassword(location))
            #expect(plain.exitCode == 0, "\(plain.stdout)\n\(plain.stderr)")
        }
    }
}

