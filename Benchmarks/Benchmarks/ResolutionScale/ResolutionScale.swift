import Benchmark
import Foundation
import BenchmarkSupport
import HinboxCore

/// Candidate search at scale (issue 7): one `CandidateSearch.candidates` call per incoming entity —
/// the call `EntityResolver` makes — against 10k and 100k stored entities with 384-dim vectors.
let benchmarks: @Sendable () -> Void = {
    let cpu = BenchmarkMetric.custom("CPU ns per lookup (thread)")
    for fixture in [ResolutionFixture.small, ResolutionFixture.large] {
        let label = "\(fixture.count / 1000)k"
        Benchmark(
            "Candidate search, \(label) entities",
            configuration: .init(
                metrics: [.wallClock, cpu, .mallocCountTotal], warmupIterations: 20,
                maxDuration: .seconds(10), maxIterations: 3_000,
                setup: { _ = fixture.index.count })
        ) { benchmark in
            let (entity, vector) = fixture.incoming[benchmark.currentIteration % fixture.incoming.count]
            let start = CPUClock.thread()
            let candidates = fixture.search.candidates(for: entity, vector: vector, model: SyntheticEntities.model, in: fixture.index)
            benchmark.measurement(cpu, CPUClock.thread() - start)
            blackHole(candidates)
        }
        Benchmark(
            "Index memory, \(label) entities",
            configuration: .init(
                metrics: [.custom("RSS bytes per entity")],
                warmupIterations: 0, maxIterations: 1,
                setup: { _ = fixture.index.count })
        ) { benchmark in
            benchmark.measurement(.custom("RSS bytes per entity"), fixture.residentBytesPerEntity)
        }
    }
}

/// A corpus and its index, built once per process on first use (outside the measured time),
/// with the memory the index holds.
final class ResolutionFixture: Sendable {
    static let small = ResolutionFixture(count: 10_000)
    static let large = ResolutionFixture(count: 100_000)

    let count: Int
    let incoming: [(entity: ExtractedEntity, vector: [Float])]
    let index: EntityIndex
    let search: CandidateSearch
    let residentBytesPerEntity: Int

    init(count: Int) {
        self.count = count
        let residentBefore = MemoryProbe.residentBytes()
        let (index, incoming, incomingBytes) = Self.build(count: count)
        // What stays is the index (holding every entity) and the incoming entities.
        residentBytesPerEntity = (MemoryProbe.residentBytes() - residentBefore - incomingBytes) / count
        self.index = index
        self.incoming = incoming
        let domain = try? DomainConfig.load(name: "news", configDirectory: Self.configDirectory)
        search = CandidateSearch(domain: domain ?? DomainConfig(name: "news", description: "News", categories: [:]))
    }

    /// The index and the incoming entities, and the resident bytes the incoming ones take.
    private static func build(count: Int) -> (EntityIndex, [(entity: ExtractedEntity, vector: [Float])], Int) {
        let known = SyntheticEntities.known(count: count)
        let index = EntityIndex(known)
        let before = MemoryProbe.residentBytes()
        let incoming = SyntheticEntities.incoming(2_000, against: known)
        return (index, incoming, MemoryProbe.residentBytes() - before)
    }

    /// The repository's `config/`, found from this file's path.
    static var configDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../config").standardized.path
    }
}
