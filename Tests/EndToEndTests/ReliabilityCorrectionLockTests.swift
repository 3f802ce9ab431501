import Foundation
import HinboxApp
import HinboxCore
import HinboxSpawn
import HinboxStore
import HinboxTesting
import Testing

/// `hinbox profiles merge/split` take the same run lock as `hinbox process`: a correction during a
/// run would change entities the run resolved against and make its later commits fail.
@Suite("Reliability: corrections and runs take one lock", .serialized)
struct ReliabilityCorrectionLockTests {
    @Test("profiles merge/split during a run are refused, naming the run, and change nothing; after it they work and the run resumes cleanly")
    func correctionRefusedDuringRun() async throws {
        let workspace = try ReliabilityWorkspace.make()
        defer { workspace.remove() }
        let gazetteer = try KnowledgeSnapshot.sampleGazetteer()
        // The run commits every article but the last, then waits for that one's extraction forever.
        let last = try #require(workspace.articleIDs.last)
        let holding = try await HoldingServer.start(gazetteer: gazetteer, holding: [last])
        defer { Task { try? await holding.server.shutdown() } }
        let run = try await workspace.launch(holding.server)
        defer { run.cleanUp() }
        try await waitUntilLocked(run, database: workspace.database)
        let committed = try await poll(timeout: .seconds(120), { try await processedCount(workspace.database) },
                                       until: { $0 == workspace.articleIDs.count - 1 || !run.isRunning })
        try #require(committed == workspace.articleIDs.count - 1, "\(run.stdout)\n\(run.stderr)")

        let before = try await KnowledgeSnapshot.read(workspace.database)
        let people = before.entities.filter { $0.type == "person" }
        try #require(people.count >= 2)
        let merge = try await workspace.hinbox(["profiles", "merge", people[0].id, people[1].id])
        #expect(merge.exitCode == 1, "stdout: \(merge.stdout)\nstderr: \(merge.stderr)")
        #expect(merge.stderr.contains("another hinbox process (pid \(run.pid)) is processing"), "\(merge.stderr)")
        #expect(merge.stderr.contains("nothing was changed"), "\(merge.stderr)")
        let split = try await workspace.hinbox(["profiles", "split", people[0].id, "--article", try #require(people[0].articleIDs.first)])
        #expect(split.exitCode == 1, "\(split.stderr)")
        #expect(try await KnowledgeSnapshot.read(workspace.database) == before, "a refused correction changed the database")

        // The run ends (Ctrl-C); the correction now goes through and the rerun finishes the last article.
        run.signal(SIGINT)
        #expect(await run.waitForExit() == 130)
        let retried = try await workspace.hinbox(["profiles", "merge", people[0].id, people[1].id])
        #expect(retried.exitCode == 0, "stdout: \(retried.stdout)\nstderr: \(retried.stderr)")
        let server = try await ScriptedOpenAIServer.start(handler: ReliabilityScript.handler(gazetteer: gazetteer))
        defer { Task { try? await server.shutdown() } }
        let rerun = try await workspace.process(server)
        #expect(rerun.exitCode == 0, "stdout: \(rerun.stdout)\nstderr: \(rerun.stderr)")
        #expect(rerun.stdout.contains("1 processed, 0 failed"), "\(rerun.stdout)")
        let after = try await KnowledgeSnapshot.read(workspace.database)
        #expect(after.processed == workspace.articleIDs.count)
        #expect(!after.entities.contains { $0.id == people[1].id }, "the merged entity is back")
        #expect(try SQLiteStore.open(path: workspace.database).integrityCheck() == ["ok"])
    }
}
