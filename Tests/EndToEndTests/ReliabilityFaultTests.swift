import Foundation
import HinboxCore
import HinboxStore
import HinboxTesting
import Testing

/// A provider that misbehaves on a share of its calls, on every endpoint (429 with Retry-After,
/// 500, 503, broken JSON, cut-off JSON, `choices: []`, no content, a reply slower than the request
/// timeout) costs retries, not articles: faults are retried by the client and steps again in
/// place, so the first run processes (nearly) everything and its database is a clean run's.
@Suite("Reliability: a flaky provider", .serialized)
struct ReliabilityFaultTests {
    static let faults: [Fault] = [
        .rateLimited, .serverError, .unavailable, .malformedJSON, .truncatedJSON, .emptyChoices, .noContent, .slow(.seconds(3)),
    ]
    /// 20 generated articles (Tests/Fixtures/flaky-news/README.md).
    static let corpus = "\(ReliabilityWorkspace.root)/Tests/Fixtures/flaky-news"

    static func gazetteer() throws -> Gazetteer {
        try Gazetteer(contentsOf: URL(fileURLWithPath: "\(corpus)/gazetteer.json"))
    }

    static func workspace() throws -> ReliabilityWorkspace {
        try ReliabilityWorkspace.make(articlesFrom: "\(corpus)/articles", settings: ["request_timeout_seconds": "1"])
    }

    /// A clean, uninterrupted run of the corpus (computed once per test process).
    static let reference: Task<KnowledgeSnapshot, any Error> = Task {
        let workspace = try Self.workspace()
        defer { workspace.remove() }
        let server = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: try gazetteer()))
        let result = try await workspace.process(server)
        try await server.shutdown()
        guard result.exitCode == 0, result.stdout.contains("20 processed, 0 failed") else {
            throw ReliabilityError("the clean reference run failed: \(result.stdout)\n\(result.stderr)")
        }
        return try await KnowledgeSnapshot.read(workspace.database)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        /// `HINBOX_MAX_ATTEMPTS`; nil for the default (4).
        var maxAttempts: Int?
        var testDescription: String { "seed \(seed), \(maxAttempts.map { "\($0) attempts per call" } ?? "default attempts")" }
    }

    @Test("20% faults: every article processed in the first run, the database equal to a clean run's row by row",
          arguments: [Case(seed: 20_250_314, maxAttempts: nil), Case(seed: 7, maxAttempts: 2)])
    func twentyPercent(_ scenario: Case) async throws {
        let reference = try await Self.reference.value
        let workspace = try Self.workspace()
        defer { workspace.remove() }
        let faulty = try await ScriptedOpenAIServer.start(
            faults: .random(rate: 0.2, seed: scenario.seed, faults: Self.faults), handler: ReliabilityScript.handler(gazetteer: try Self.gazetteer()))
        defer { Task { try? await faulty.shutdown() } }
        var environment: [String: String] = [:]
        if let attempts = scenario.maxAttempts { environment["HINBOX_MAX_ATTEMPTS"] = String(attempts) }

        let first = try await workspace.process(faulty, environment: environment)
        let output = "exit \(first.exitCode)\nstdout: \(first.stdout)\nstderr: \(first.stderr)"
        let injected = Set(faulty.faultsInjected.values.map(\.description))
        #expect(injected.isSuperset(of: ["emptyChoices", "noContent", "malformedJSON", "truncatedJSON", "rateLimited"]), "\(injected)")
        #expect(faulty.requests.contains { $0.path.hasSuffix("/embeddings") && faulty.faultsInjected[$0.index] != nil },
                "no embeddings request got a fault")
        #expect(first.exitCode == 0, "\(output)")
        #expect(first.stdout.contains("20 processed, 0 failed, 0 skipped"), "\(output)")
        let afterFaults = try await KnowledgeSnapshot.read(workspace.database)
        #expect(afterFaults.processed == 20)
        Self.expectEqual(afterFaults, reference)

        // A rerun has nothing to do and changes nothing.
        let healthy = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: try Self.gazetteer()))
        defer { Task { try? await healthy.shutdown() } }
        let rerun = try await workspace.process(healthy)
        #expect(rerun.stdout.contains("0 processed, 0 failed, 20 skipped"), "\(rerun.stdout)")
        Self.expectEqual(try await KnowledgeSnapshot.read(workspace.database), reference)
        #expect(try SQLiteStore.open(path: workspace.database).integrityCheck() == ["ok"])
    }

    @Test("40% faults: every article processed or failed with a reason, nothing duplicated; a rerun completes them to a clean run's database")
    func fortyPercent() async throws {
        let reference = try await Self.reference.value
        let workspace = try Self.workspace()
        defer { workspace.remove() }
        let faulty = try await ScriptedOpenAIServer.start(
            faults: .random(rate: 0.4, seed: 40, faults: Self.faults), handler: ReliabilityScript.handler(gazetteer: try Self.gazetteer()))
        defer { Task { try? await faulty.shutdown() } }

        let first = try await workspace.process(faulty)
        let output = "exit \(first.exitCode)\nstdout: \(first.stdout)\nstderr: \(first.stderr)"
        let afterFaults = try await KnowledgeSnapshot.read(workspace.database)
        #expect(afterFaults.articles.count == 20, "\(output)")
        let failed = afterFaults.articles.filter { $0.status == .failed }
        for article in failed {
            let reason = article.error ?? ""
            #expect(!reason.trimmingCharacters(in: .whitespaces).isEmpty, "\(article.id) failed without a reason")
            #expect(!reason.contains("base URL"), "a flaky provider is blamed on the base URL: \(reason)")
        }
        #expect(first.exitCode == (failed.isEmpty ? 0 : 1), "\(output)")
        #expect(first.stdout.contains("\(afterFaults.processed) processed, \(failed.count) failed"), "\(output)")
        #expect(afterFaults.duplicationProblems.isEmpty, "\(afterFaults.duplicationProblems)\n\(output)")
        let mentioned = Set(afterFaults.entities.flatMap(\.articleIDs))
        for article in failed { #expect(!mentioned.contains(article.id), "failed \(article.id) has mentions") }

        let (rerun, final) = try await workspace.rerunHealthy(gazetteer: try Self.gazetteer())
        #expect(rerun.stdout.contains("\(failed.count) processed, 0 failed, \(afterFaults.processed) skipped"), "\(rerun.stdout)")
        #expect(final.processed == 20)
        if failed.isEmpty {
            Self.expectEqual(final, reference)
        } else {
            // An article that failed for good was processed after the ones that follow it: both
            // runs say so, and the result is a clean run's in the order the resume met them.
            #expect(first.stdout.contains("articles after it in the input were processed without it"), "\(first.stdout)")
            #expect(rerun.stdout.contains("processed after articles that follow them"), "\(rerun.stdout)")
            let healthy = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: try Self.gazetteer()))
            defer { Task { try? await healthy.shutdown() } }
            Self.expectEqual(final, try await Self.cleanRun(in: workspace, failedFirst: Set(failed.map(\.id)), server: healthy))
        }
    }

    /// Row-by-row equality: entity ids, names, aliases, versions, articles, decisions, latest text.
    static func expectEqual(_ actual: KnowledgeSnapshot, _ expected: KnowledgeSnapshot, sourceLocation: SourceLocation = #_sourceLocation) {
        let (rows, expectedRows) = (actual.comparable(text: true), expected.comparable(text: true))
        #expect(rows == expectedRows, """
            only in this run: \(Set(rows).subtracting(expectedRows).sorted())
            only in the clean run: \(Set(expectedRows).subtracting(rows).sorted())
            """, sourceLocation: sourceLocation)
    }

    /// A clean run over the articles in the order a resume meets them: the first run's successes,
    /// then the articles that failed.
    static func cleanRun(in workspace: ReliabilityWorkspace, failedFirst failedIDs: Set<String>, server: ScriptedOpenAIServer)
        async throws -> KnowledgeSnapshot
    {
        let order = workspace.articleIDs
        let ordered = try ReliabilityWorkspace.make(articlesFrom: nil)
        defer { ordered.remove() }
        try FileManager.default.removeItem(atPath: ordered.articles)
        try workspace.copyArticles(in: [order.filter { !failedIDs.contains($0) }, order.filter(failedIDs.contains)], to: ordered.articles)
        let clean = try await ordered.process(server)
        #expect(clean.exitCode == 0, "stdout: \(clean.stdout)\nstderr: \(clean.stderr)")
        return try await KnowledgeSnapshot.read(ordered.database)
    }
}
