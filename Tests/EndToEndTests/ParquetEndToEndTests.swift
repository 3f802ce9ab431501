import Foundation
import HinboxCore
import HinboxTesting
import Testing

/// `hinbox process` over a Parquet file, against the scripted server.
@Suite("hinbox process over Parquet, end to end", .serialized)
struct ParquetEndToEndTests {
    static let root = ProjectPaths.root(from: #filePath)

    @Test("a folder holding one Parquet file: every row with text processed, the row without text reported")
    func parquetFolder() async throws {
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-parquet-src-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: source) }
        try FileManager.default.copyItem(
            atPath: "\(Self.root)/Tests/Fixtures/parquet/ridgeport-articles.parquet",
            toPath: source.appendingPathComponent("ridgeport.parquet").path)
        let fixture = try await ProcessEndToEndTests.Fixture.make(
            articlesFrom: source.path, gazetteer: try ProcessEndToEndTests.sampleGazetteer())
        defer { Task { try? await fixture.tearDown() } }

        let run = try await fixture.process()
        #expect(run.exitCode == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        #expect(run.stdout.contains("5 processed, 0 failed"), "\(run.stdout)")
        #expect(run.stderr.contains("ridgeport.parquet#6: no article text"), "\(run.stderr)")
        let profiles = try await fixture.profiles()
        let mayor = try #require(profiles.first { $0.name == "Dana Whitfield" })
        #expect(mayor.articleIds.contains("2025-01-22-eastgate-tap-water"))

        let listed = try await fixture.hinbox(["articles", "show", "2025-02-18-deq-investigation", "--json"])
        #expect(listed.exitCode == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("2025-02-18"), "published date from the TIMESTAMP column: \(listed.stdout)")

        let rerun = try await fixture.process()
        #expect(rerun.stdout.contains("0 processed, 0 failed, 5 skipped"), "\(rerun.stdout)")
    }
}
