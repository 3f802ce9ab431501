import Foundation
import HinboxCore
import HinboxStore
import HinboxTesting
import Testing

/// A provider that fails one request in five (429, 500, 503, broken JSON, cut-off JSON, a reply
/// slower than the request timeout): every article ends processed or failed with a reason, no
/// retry duplicates anything, and a rerun on a healthy provider gives the clean run's result.
@Suite("Reliability: faults at 20%", .serialized)
struct ReliabilityFaultTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        /// `HINBOX_MAX_ATTEMPTS`; nil for the default. A small budget makes some articles fail.
        var maxAttempts: Int?
        var testDescription: String { "seed \(seed), \(maxAttempts.map { "\($0) attempts" } ?? "default attempts")" }
    }

    static let faults: [Fault] = [.rateLimited, .serverError, .unavailable, .malformedJSON, .truncatedJSON, .slow(.seconds(3))]

    @Test("Every article processed or failed with a reason, nothing duplicated, rerun completes to the clean result",
          arguments: [Case(seed: 20_250_314, maxAttempts: nil), Case(seed: 7, maxAttempts: 2)])
    func faultsThenRerun(_ scenario: Case) async throws {
        let reference = try await KnowledgeSnapshot.reference.value
        let workspace = try ReliabilityWorkspace.make(settings: ["request_timeout_seconds": "1"])
        defer { workspace.remove() }
        let gazetteer = try KnowledgeSnapshot.sampleGazetteer()
        let faulty = try await ScriptedOpenAIServer.start(
            faults: .random(rate: 0.2, seed: scenario.seed, faults: Self.faults), handler: GazetteerScript.handler(gazetteer: gazetteer))
        defer { Task { try? await faulty.shutdown() } }
        var environment: [String: String] = [:]
        if let attempts = scenario.maxAttempts { environment["HINBOX_MAX_ATTEMPTS"] = String(attempts) }

        let first = try await workspace.process(faulty, environment: environment)
        let output = "exit \(first.exitCode)\nstdout: \(first.stdout)\nstderr: \(first.stderr)"
        #expect(!faulty.faultsInjected.isEmpty, "no fault was injected")
        let afterFaults = try await KnowledgeSnapshot.read(workspace.database)
        // Every article is accounted for: processed, or failed with its reason.
        #expect(afterFaults.articles.count == reference.articles.count, "\(afterFaults.articles.map(\.id))\n\(output)")
        for article in afterFaults.articles where article.status == .failed {
            #expect(!(article.error ?? "").trimmingCharacters(in: .whitespaces).isEmpty, "\(article.id) failed without a reason")
        }
        let failed = afterFaults.articles.filter { $0.status == .failed }
        #expect(first.exitCode == (failed.isEmpty ? 0 : 1), "\(output)")
        #expect(first.stdout.contains("\(afterFaults.processed) processed, \(failed.count) failed"), "\(output)")
        // The same through the CLI.
        let listed = try await workspace.hinbox(["articles", "list", "--json"])
        #expect(listed.exitCode == 0, "\(listed.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.count == reference.articles.count)
        for row in rows {
            let status = row["status"] as? String
            #expect(status == "processed" || (status == "failed" && !((row["error"] as? String) ?? "").isEmpty), "\(row)")
        }
        // Retries duplicated nothing.
        #expect(afterFaults.duplicationProblems.isEmpty, "\(afterFaults.duplicationProblems)\n\(output)")
        // Processed articles keep their mentions; a failed one left nothing behind.
        let mentioned = Set(afterFaults.entities.flatMap(\.articleIDs))
        for article in failed { #expect(!mentioned.contains(article.id), "failed \(article.id) has mentions") }

        // A healthy provider finishes the job, and the result is the clean run's.
        let healthy = try await ScriptedOpenAIServer.start(handler: GazetteerScript.handler(gazetteer: gazetteer))
        defer { Task { try? await healthy.shutdown() } }
        let rerun = try await workspace.process(healthy)
        #expect(rerun.exitCode == 0, "stdout: \(rerun.stdout)\nstderr: \(rerun.stderr)")
        #expect(rerun.stdout.contains("\(failed.count) processed, 0 failed, \(afterFaults.processed) skipped"), "\(rerun.stdout)")
        let final = try await KnowledgeSnapshot.read(workspace.database)
        #expect(final.processed == reference.articles.count)
        #expect(final.duplicationProblems.isEmpty, "\(final.duplicationProblems)")
        let finalProfiles = final.comparable(text: false)
        let cleanProfiles = reference.comparable(text: false)
        #expect(finalProfiles == cleanProfiles, """
            after faults (failed: \(failed.map(\.id))):
            only in resumed: \(Set(finalProfiles).subtracting(cleanProfiles).sorted())
            only in clean: \(Set(cleanProfiles).subtracting(finalProfiles).sorted())
            """)
        #expect(try SQLiteStore.open(path: workspace.database).integrityCheck() == ["ok"])
    }
}
