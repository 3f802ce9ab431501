import Benchmark
import BenchmarkSupport
import HinboxCore
import Tracing

/// CPU per LLM call inside hinbox (issue 7), the network out of the picture: a structured chat
/// call (request JSON, `OpenAICompatibleClient`, reply decoding, JSON parse, schema validation)
/// against an instant canned reply, traced by hinbox's own `OTLPTracer` whose exporter encodes
/// and POSTs every span to a local collector that discards them.
///
/// CPU is the whole process's (`CLOCK_PROCESS_CPUTIME_ID`), so the exporter's background
/// encoding and HTTP work is counted: it lands on the calls it overlaps (the p99) and is spread
/// evenly in the "×1000" mean.
let benchmarks: @Sendable () -> Void = {
    let perCall = BenchmarkMetric.custom("process CPU ns per call")
    let meanPerCall = BenchmarkMetric.custom("mean process CPU ns per call", useScalingFactor: false)
    let environment = LLMEnvironment.shared
    let single = Benchmark.Configuration(
        metrics: [.wallClock, perCall, .mallocCountTotal], warmupIterations: 200,
        maxDuration: .seconds(8), maxIterations: 20_000,
        setup: { try await environment.start() })

    Benchmark("Structured chat call, traced", configuration: single) { benchmark in
        let chat = try environment.chat()
        let start = CPUClock.process()
        blackHole(try await chat.complete(environment.request))
        benchmark.measurement(perCall, CPUClock.process() - start)
    }

    Benchmark("Structured chat call, tracing off", configuration: single) { benchmark in
        let chat = try environment.chat()
        try await withTracer(NoOpTracer()) {
            let start = CPUClock.process()
            blackHole(try await chat.complete(environment.request))
            benchmark.measurement(perCall, CPUClock.process() - start)
        }
    }

    Benchmark("Extraction step (request, chat, quality check), traced", configuration: single) { benchmark in
        let extractor = try environment.extractor()
        let start = CPUClock.process()
        blackHole(try await extractor.extract(.person, from: environment.article))
        benchmark.measurement(perCall, CPUClock.process() - start)
    }

    Benchmark(
        "Structured chat call ×1000, traced",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, meanPerCall], warmupIterations: 1, scalingFactor: .kilo,
            maxDuration: .seconds(10), maxIterations: 20,
            setup: { try await environment.start() })
    ) { benchmark in
        let chat = try environment.chat()
        let start = CPUClock.process()
        for _ in benchmark.scaledIterations {
            blackHole(try await chat.complete(environment.request))
        }
        benchmark.measurement(meanPerCall, (CPUClock.process() - start) / benchmark.scaledIterations.count)
    }
}
