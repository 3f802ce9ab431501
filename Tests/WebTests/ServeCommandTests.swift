import Foundation
import HinboxCore
import HinboxSpawn
import HinboxStore
import HinboxTesting
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `hinbox serve` binary: prints its URL, serves while another writer commits, and
/// stops cleanly on Ctrl-C (SIGINT).
@Suite("hinbox serve command", .serialized)
struct ServeCommandTests {
    static let root = ProjectPaths.root(from: #filePath)

    @Test("Prints its URL, shows a newly committed article on reload, exits 0 on SIGINT",
          .enabled(if: HinboxBinary.locate(projectRoot: root) != nil, "build the hinbox executable first (swift build)"))
    func serveAndInterrupt() async throws {
        let binary = try #require(HinboxBinary.locate(projectRoot: Self.root))
        let fixture = try await KnowledgeFixture.make()
        defer { fixture.remove() }

        let server = try await binary.start(
            ["serve", "--db", fixture.databasePath, "--port", "0", "--config-dir", Self.root], environment: ["HINBOX_NO_TRACE": "1"])
        defer { server.cleanUp() }

        let printed = try await poll(timeout: .seconds(60), { server.stdout }, until: { $0.contains("http://127.0.0.1:") || !server.isRunning })
        let line = try #require(printed.split(separator: "\n").first { $0.contains("http://127.0.0.1:") }, "stdout: \(printed)\nstderr: \(server.stderr)")
        let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))
        #expect(line.contains("read-only"))
        #expect(try await Self.get(url + "article/a5").status == 404)

        // Another process's writer commits while the server runs: a reload shows it.
        let writer = try SQLiteStore.open(path: fixture.databasePath)
        let article = Article(id: "a5", title: "Late news", content: "Something new happened.", source: "a5.md")
        try await writer.commit(ArticleCommit(article: ArticleRecord(
            article: article, status: .processed, runID: "run-web-1", traceID: nil, processedAt: Date())))
        let page = try await Self.get(url + "article/a5")
        #expect(page.status == 200 && page.body.contains("Late news"))

        server.signal(SIGINT)
        let exited = try await poll(timeout: .seconds(30), { !server.isRunning }, until: { $0 })
        #expect(exited, "still running 30 s after SIGINT")
        #expect(await server.waitForExit() == 0)
    }

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
