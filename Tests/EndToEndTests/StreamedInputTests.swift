import Foundation
import HinboxCore
import HinboxStore
import HinboxTesting
import Testing

/// A run plans from a scan without the texts and reads each text when its article starts, so only
/// the articles in flight are in memory whole — with the same result as reading everything first.
@Suite("Input read twice: a scan to plan, the texts as articles start")
struct StreamedInputTests {
    static func folder(_ articles: [Article]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-stream-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for article in articles {
            try "# \(article.title)\n\nID: \(article.id)\nPublished: 2025-03-14\n\n\(article.content)\n"
                .write(toFile: "\(folder)/\(article.id).md", atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test("The scan has every article's identity and hash but no text; the stream gives each text in order")
    func scanAndStream() throws {
        let folder = try Self.folder(PipelineTests.overlappingStories)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = ArticleLoader().load(path: folder)
        let scanned = ArticleLoader().scan(path: folder)
        #expect(scanned.articles.map(\.id) == loaded.articles.map(\.id))
        #expect(scanned.articles.map(\.contentHash) == loaded.articles.map(\.contentHash))
        #expect(scanned.articles.allSatisfy { $0.content.isEmpty })
        let stream = ArticleLoader().stream(path: folder)
        #expect(stream.next(id: "d03")?.content == loaded.articles[2].content, "skips d01 and d02")
        #expect(stream.next()?.id == "d04")
        #expect(stream.next(id: "d02") == nil, "never goes back")
    }

    @Test("Planned from the scan, texts streamed: the same knowledge base as from fully loaded articles")
    func sameResult() async throws {
        let folder = try Self.folder(PipelineTests.overlappingStories)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = try PipelineTests.Harness(model: PipelineTests.reorderingModel())
        _ = try await loaded.run(ArticleLoader().load(path: folder).articles, concurrency: 8)
        let streamed = try PipelineTests.Harness(model: PipelineTests.reorderingModel())
        let report = try await streamed.run(
            ArticleLoader().scan(path: folder).articles, concurrency: 8, texts: ArticleLoader().stream(path: folder))
        #expect(report.processed.count == 12)
        let expected = try await PipelineTests.knowledgeBase(loaded)
        #expect(try await PipelineTests.knowledgeBase(streamed) == expected)
    }

    @Test("A file that changed between the scan and its reading fails only its article; the ones after it are processed")
    func changedWhileRunning() async throws {
        let folder = try Self.folder(PipelineTests.overlappingStories)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scanned = ArticleLoader().scan(path: folder).articles
        try "# Changed\n\nID: d05\n\nSomething else entirely.\n".write(toFile: "\(folder)/d05.md", atomically: true, encoding: .utf8)
        let harness = try PipelineTests.Harness(model: PipelineTests.reorderingModel())
        let report = try await harness.run(scanned, concurrency: 4, texts: ArticleLoader().stream(path: folder))
        #expect(report.failed.map(\.articleID) == ["d05"])
        #expect(report.failed.first?.error?.contains("changed while the run was reading it") == true)
        #expect(report.processed.count == 11)
        #expect(try await harness.store.article(id: "d05")?.status == .failed)
    }
}
