// swift-tools-version: 6.1
import PackageDescription

// hinbox's micro-benchmarks (issue 7), kept out of the root package so `swift build` and
// `swift test` never build them. Run them with scripts/bench/micro.sh.

let benchmarkDependencies: [Target.Dependency] = [
    .product(name: "Benchmark", package: "benchmark"),
    "BenchmarkSupport",
]

// HINBOX_BENCH_ROOT measures another checkout of hinbox (say, a clean snapshot while the working
// tree is mid-edit) without rebuilding the dependencies.
let hinboxRoot = Context.environment["HINBOX_BENCH_ROOT"] ?? ".."

let package = Package(
    name: "hinbox-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Only the malloc interposer: the runtime interposer is not in the package mirror.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(name: "hinbox", path: hinboxRoot),
        // The same versions the root package uses; named here for the OTLP sink and the tracer.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
    ],
    targets: [
        // CPU clocks and memory probes shared by the benchmarks.
        .target(name: "BenchmarkSupport", path: "Sources/BenchmarkSupport"),
        // Candidate search over 10k and 100k stored entities.
        .executableTarget(
            name: "ResolutionScale",
            dependencies: benchmarkDependencies + [.product(name: "HinboxCore", package: "hinbox")],
            path: "Benchmarks/ResolutionScale",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // CPU per traced chat call: client + structured chat + schema validation + OTLP tracing.
        .executableTarget(
            name: "LLMCallOverhead",
            dependencies: benchmarkDependencies + [
                .product(name: "HinboxCore", package: "hinbox"),
                .product(name: "HinboxLLM", package: "hinbox"),
                .product(name: "HinboxOTLP", package: "hinbox"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            path: "Benchmarks/LLMCallOverhead",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Articles per second committed to a real SQLite file.
        .executableTarget(
            name: "StoreCommit",
            dependencies: benchmarkDependencies + [
                .product(name: "HinboxCore", package: "hinbox"),
                .product(name: "HinboxStore", package: "hinbox"),
            ],
            path: "Benchmarks/StoreCommit",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
