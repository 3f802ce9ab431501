// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "hinbox",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hinbox", targets: ["hinbox"]),
        .library(name: "HinboxCore", targets: ["HinboxCore"]),
        .library(name: "HinboxParquet", targets: ["HinboxParquet"]),
        .library(name: "HinboxTesting", targets: ["HinboxTesting"]),
        .library(name: "HinboxLLM", targets: ["HinboxLLM"]),
        .library(name: "HinboxStore", targets: ["HinboxStore"]),
        .library(name: "HinboxPostgres", targets: ["HinboxPostgres"]),
        .library(name: "HinboxOTLP", targets: ["HinboxOTLP"]),
        .library(name: "HinboxTracing", targets: ["HinboxTracing"]),
        .library(name: "HinboxWeb", targets: ["HinboxWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.25.0"),
    ],
    targets: [
        // libxml2's HTML parser, for turning .html articles into text.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // zlib and libzstd, for GZIP and ZSTD Parquet pages.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // A small Parquet reader (footer, flat columns, PLAIN/dictionary, four codecs), no hinbox dependencies.
        .target(
            name: "HinboxParquet",
            dependencies: ["CZlib", "CZstd"],
            swiftSettings: strictSettings
        ),
        // Attribute namespaces and span helpers (OpenInference + gen_ai). No exporter, no network.
        .target(
            name: "HinboxTracing",
            dependencies: [
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        // Domain model, seams and pipeline: no network, no database, no globals.
        .target(
            name: "HinboxCore",
            dependencies: [
                "HinboxTracing",
                "HinboxParquet",
                "CLibXML2",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        // Child processes (helper scripts, the hinbox binary in tests) on swift-subprocess.
        .target(
            name: "HinboxSpawn",
            dependencies: [.product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: strictSettings
        ),
        // OpenAI-compatible chat + embeddings client on AsyncHTTPClient.
        .target(
            name: "HinboxLLM",
            dependencies: [
                "HinboxCore",
                "HinboxTracing",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        // SQLite store on GRDB.
        .target(
            name: "HinboxStore",
            dependencies: [
                "HinboxCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        // PostgreSQL store on postgres-nio: the same data model as HinboxStore, for a shared database.
        .target(
            name: "HinboxPostgres",
            dependencies: [
                "HinboxCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Our own OTLP/HTTP protobuf tracer + exporter with back-off and a local spool.
        .target(
            name: "HinboxOTLP",
            dependencies: [
                "HinboxTracing",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // Test support: scripted OpenAI-compatible server, fixtures.
        .target(
            name: "HinboxTesting",
            dependencies: [
                "HinboxCore", "HinboxSpawn", "HinboxPostgres",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        // `hinbox serve`: the web UI over the knowledge base (pages rendered in Swift, CSS in the binary).
        .target(
            name: "HinboxWeb",
            dependencies: [
                "HinboxCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Wiring: configuration from flags/env/YAML, clients, tracing, the process run, output.
        .target(
            name: "HinboxApp",
            dependencies: [
                "HinboxCore", "HinboxLLM", "HinboxStore", "HinboxPostgres", "HinboxOTLP", "HinboxTracing", "HinboxSpawn", "HinboxWeb",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The CLI: one file per subcommand, nothing else.
        .executableTarget(
            name: "hinbox",
            dependencies: [
                "HinboxApp", "HinboxCore", "HinboxWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        // A scripted OpenAI-compatible server as a program, for manual runs and benchmarks.
        .executableTarget(
            name: "hinbox-scripted-server",
            dependencies: ["HinboxCore", "HinboxTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HinboxCoreTests",
            dependencies: [
                "HinboxCore", "HinboxTesting", "HinboxTracing",
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HinboxParquetTests",
            dependencies: ["HinboxParquet"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HinboxLLMTests",
            dependencies: ["HinboxLLM", "HinboxCore", "HinboxTesting", "HinboxApp",
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HinboxStoreTests",
            dependencies: ["HinboxStore", "HinboxPostgres", "HinboxCore", "HinboxTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HinboxPostgresTests",
            dependencies: ["HinboxPostgres", "HinboxStore", "HinboxCore", "HinboxTesting", "HinboxApp"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HinboxOTLPTests",
            dependencies: ["HinboxOTLP", "HinboxTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "HinboxCore", "HinboxTesting", "HinboxStore", "HinboxApp", "HinboxWeb", "HinboxSpawn",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["HinboxCore", "HinboxTesting", "HinboxStore", "HinboxPostgres", "HinboxApp", "HinboxSpawn",
                .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
