import AsyncHTTPClient
import Foundation
import HinboxCore
public import HinboxLLM
public import HinboxSpawn
public import Logging
import NIOCore
import NIOHTTP1

/// One line of `hinbox doctor`: what was checked, whether it passed, and what to do if not.
public struct DoctorCheck: Sendable, Hashable {
    /// Short name: `config`, `domain`, `chat`, `database`, `phoenix`…
    public var name: String
    public var passed: Bool
    /// What was found (never an API key).
    public var detail: String
    /// What to do about a failure.
    public var fix: String?

    public init(_ name: String, passed: Bool, _ detail: String, fix: String? = nil) {
        self.name = name
        self.passed = passed
        self.detail = detail
        self.fix = fix
    }

    static func pass(_ name: String, _ detail: String) -> DoctorCheck { DoctorCheck(name, passed: true, detail) }
    static func fail(_ name: String, _ detail: String, fix: String? = nil) -> DoctorCheck {
        DoctorCheck(name, passed: false, detail, fix: fix)
    }

    /// `✓ name: detail` or `✗ name: detail — fix: …`.
    public var line: String {
        "\(passed ? "✓" : "✗") \(name): \(detail)" + (fix.map { " — fix: \($0)" } ?? "")
    }
}

/// `hinbox doctor`: checks the configuration, the model server, the database and Phoenix, and
/// says what to fix. Read-only apart from opening the database (which brings an older schema up
/// to date); never starts the embedded model server.
///
/// The network and the helper script are injectable (``childProcess``, ``httpGet``, ``transport``).
public struct Doctor: Sendable {
    /// A GET with headers; returns the HTTP status.
    public typealias HTTPGet = @Sendable (_ url: String, _ headers: [(String, String)]) async throws -> Int

    public var overrides: AppConfiguration.Overrides
    public var environment: [String: String]
    public var logger: Logger
    /// How long to wait for a connection to a server.
    public var connectTimeout: Duration = .seconds(5)
    /// The longest time a Phoenix request may take.
    public var phoenixTimeout: Duration = .seconds(10)
    /// Runs `scripts/local-models.sh` (status and path only).
    public var childProcess = ChildProcess.live
    /// `nil`: GETs go through the doctor's own HTTP client.
    public var httpGet: HTTPGet?
    /// `nil`: model calls go through the doctor's own HTTP client.
    public var transport: (any HTTPTransport)?
    /// The directory commands are run from (for printing script paths relative to it).
    public var currentDirectory = FileManager.default.currentDirectoryPath

    public init(overrides: AppConfiguration.Overrides, environment: [String: String], logger: Logger) {
        self.overrides = overrides
        self.environment = environment
        self.logger = logger
    }

    /// Runs every check, calling `onCheck` with each line as soon as it is known.
    public func run(onCheck: @Sendable (DoctorCheck) -> Void = { _ in }) async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        func add(_ check: DoctorCheck) {
            checks.append(check)
            onCheck(check)
        }
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: AsyncHTTPTransport.makeClientConfiguration(connectTimeout: connectTimeout))
        let context = Context(
            transport: transport ?? AsyncHTTPTransport(client: http),
            get: httpGet ?? { url, headers in try await Self.get(url, headers: headers, client: http, timeout: phoenixTimeout) })

        let configuration = checkConfiguration(add)
        if let configuration {
            checkDomainAndPrompts(configuration, add)
            await checkModels(configuration, context: context, add)
        }
        await checkDatabase(configuration, add)
        await checkPhoenix(configuration, context: context, add)
        try? await http.shutdown()
        return checks
    }

    /// 0 when every check passed, else 1.
    public static func exitCode(_ checks: [DoctorCheck]) -> Int32 {
        checks.allSatisfy(\.passed) ? 0 : 1
    }

    /// `all 11 checks passed` or `2 of 11 checks failed`.
    public static func summary(_ checks: [DoctorCheck]) -> String {
        let failed = checks.filter { !$0.passed }.count
        return failed == 0 ? "all \(checks.count) checks passed" : "\(failed) of \(checks.count) checks failed"
    }

    struct Context: Sendable {
        var transport: any HTTPTransport
        var get: HTTPGet
    }

    // MARK: - Defaults

    /// Runs `bash script arguments…` with `environment`, stdout and stderr together; `nil` when it cannot be run.
    func runScript(_ script: String, _ arguments: [String], _ environment: [String: String]) async -> (status: Int32, output: String)? {
        guard FileManager.default.isReadableFile(atPath: script) else { return nil }
        let command = ChildProcess.Command("/bin/bash", [script] + arguments, environment: environment, mergesStandardError: true)
        guard let outcome = try? await childProcess.run(command) else { return nil }
        return (outcome.status, outcome.stdout)
    }

    static func get(_ url: String, headers: [(String, String)], client: HTTPClient, timeout: Duration) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let (seconds, attoseconds) = timeout.components
        let response = try await client.execute(request, timeout: .milliseconds(seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        _ = try? await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}
