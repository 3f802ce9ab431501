import Benchmark
import Foundation
import Synchronization
import HinboxCore
import HinboxStore

/// Store throughput (issue 7): `SQLiteStore.commit` of typical articles — 10 entities (6 new, 4
/// updated), their mentions, profile versions, 384-float vectors and resolution decisions — to a
/// real SQLite file in a temp directory, as fast as the writer takes them.
let benchmarks: @Sendable () -> Void = {
    let bench = StoreBench()
    Benchmark(
        "Store commit, 10-entity articles",
        configuration: .init(
            metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal], warmupIterations: 20,
            maxDuration: .seconds(15), maxIterations: 20_000,
            setup: { try await bench.open() },
            teardown: { bench.close() })
    ) { benchmark in
        let commit = bench.factory.next()
        benchmark.startMeasurement()
        try await bench.store().commit(commit)
        benchmark.stopMeasurement()
    }
}

/// The store under test and the commits fed to it.
final class StoreBench: Sendable {
    let factory = CommitFactory()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-bench-\(UUID().uuidString)")
    private let opened = Mutex<SQLiteStore?>(nil)

    func open() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore.open(path: directory.appendingPathComponent("hinbox.sqlite").path)
        try await store.startRun(RunRecord(
            id: CommitFactory.runID, startedAt: Date(), inputPath: "bench", domain: "news",
            model: "openai/gpt-4o-mini", embeddingModel: CommitFactory.embeddingModel))
        opened.withLock { $0 = store }
    }

    func store() throws -> SQLiteStore {
        guard let store = opened.withLock({ $0 }) else { throw CocoaError(.fileNoSuchFile) }
        return store
    }

    func close() {
        opened.withLock { $0 = nil }
        try? FileManager.default.removeItem(at: directory)
    }
}
