import Foundation
import HinboxCore
import HinboxSpawn
import HinboxStore
import HinboxTesting
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// kill -9 and Ctrl-C in the middle of a run: the database stays sound, what was committed is
/// kept, and running the same command again gives exactly what an uninterrupted run gives.
///
/// The run is stopped at a chosen point without timing: the scripted server never answers the
/// extraction requests of article K, so (articles merge in input order) exactly K articles are
/// committed while K and the ones after it are in flight.
@Suite("Reliability: crash and interrupt mid-run", .serialized)
struct ReliabilityCrashTests {
    static func workspace() throws -> ReliabilityWorkspace {
        try ReliabilityWorkspace.make()
    }

    /// Starts a run held at article `committed` and waits until that many articles are committed.
    static func heldRun(_ workspace: ReliabilityWorkspace, committed: Int) async throws -> (RunningChild, HoldingServer) {
        let ids = workspace.articleIDs
        try #require(ids.count == 10 && committed < ids.count)
        let holding = try await HoldingServer.start(
            gazetteer: try KnowledgeSnapshot.sampleGazetteer(), holding: [ids[committed]], latency: .milliseconds(50))
        let run = try await workspace.launch(holding.server)
        do {
            try await waitUntilLocked(run, database: workspace.database)
            let seen = try await poll(timeout: .seconds(120), { try await processedCount(workspace.database) }, until: { $0 >= committed })
            #expect(seen == committed, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
            #expect(run.isRunning, "the run ended early: \(run.stdout)\n\(run.stderr)")
        } catch {
            run.cleanUp()
            throw error
        }
        return (run, holding)
    }

    @Test("kill -9 after K committed articles: integrity ok, K kept, rerun equals an uninterrupted run", arguments: [1, 4, 7])
    func killNine(_ committed: Int) async throws {
        let reference = try await KnowledgeSnapshot.reference.value
        let workspace = try Self.workspace()
        defer { workspace.remove() }
        let (run, holding) = try await Self.heldRun(workspace, committed: committed)
        defer { run.cleanUp() }
        run.signal(SIGKILL)
        let status = await run.waitForExit()
        #expect(status == SIGKILL, "exit status \(status)")
        try await holding.server.shutdown()

        // Right after the crash: a sound file with exactly the committed articles.
        let crashed = try await KnowledgeSnapshot.read(workspace.database)
        #expect(try SQLiteStore.open(path: workspace.database).integrityCheck() == ["ok"])
        #expect(crashed.processed == committed)
        #expect(crashed.articles.count == committed, "\(crashed.articles.map { "\($0.id) \($0.status)" })")
        #expect(crashed.duplicationProblems.isEmpty, "\(crashed.duplicationProblems)")

        // The same command again finishes the job.
        let (rerun, final) = try await workspace.rerunHealthy(gazetteer: try KnowledgeSnapshot.sampleGazetteer())
        #expect(rerun.stdout.contains("\(10 - committed) processed, 0 failed, \(committed) skipped"), "\(rerun.stdout)")
        #expect(final.comparable(text: true) == reference.comparable(text: true), """
            resumed:
            \(final)
            uninterrupted:
            \(reference)
            """)
    }

    @Test("Ctrl-C mid-run: exit 130, the summary says interrupted and how to resume, rerun completes")
    func interrupt() async throws {
        let reference = try await KnowledgeSnapshot.reference.value
        let workspace = try Self.workspace()
        defer { workspace.remove() }
        let (run, holding) = try await Self.heldRun(workspace, committed: 3)
        defer { run.cleanUp() }
        run.signal(SIGINT)
        let status = await run.waitForExit()
        try await holding.server.shutdown()
        let output = "stdout: \(run.stdout)\nstderr: \(run.stderr)"
        #expect(status == 130, "\(output)")
        #expect(run.stdout.contains("3 processed, 0 failed, 0 skipped, 7 interrupted (run again to resume)"), "\(output)")
        let interrupted = try await KnowledgeSnapshot.read(workspace.database)
        #expect(interrupted.processed == 3)
        #expect(interrupted.articles.count == 3, "abandoned articles must not be recorded as failed: \(interrupted.articles.map { "\($0.id) \($0.status)" })")

        let (rerun, final) = try await workspace.rerunHealthy(gazetteer: try KnowledgeSnapshot.sampleGazetteer())
        #expect(rerun.stdout.contains("7 processed, 0 failed, 3 skipped"), "\(rerun.stdout)")
        #expect(final.comparable(text: true) == reference.comparable(text: true), "resumed:\n\(final)\nuninterrupted:\n\(reference)")
    }
}
