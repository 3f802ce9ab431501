import Foundation
@testable import HinboxCore
import Testing

/// Parquet input through ``ArticleLoader``: the JSON aliases, date types, bad rows and bad files.
@Suite("Ingest: Parquet files")
struct IngestParquetTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/parquet")
    let loader = ArticleLoader()

    func copy(_ name: String, to dir: TempDirectory, as target: String? = nil) throws -> String {
        try dir.write(target ?? name, data: Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
    }

    @Test("aliased columns, Unix seconds, extra list column ignored, a row without text reported")
    func aliases() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try copy("articles-aliases.parquet", to: dir)
        let result = loader.load(path: dir.path)
        #expect(result.articles.map(\.id) == ["gtmo-1", "gtmo-2"])
        let first = try #require(result.articles.first)
        #expect(first.title == "Hearing delayed at Guantánamo")
        #expect(first.url == "https://example.org/1")
        #expect(first.publishedDate == "2023-11-14")
        #expect(first.content == "The hearing at Guantánamo Bay was delayed again.")
        #expect(first.source == "\(path)#1")
        #expect(result.articles[1].publishedDate == nil)
        #expect(result.problems.map(\.location) == ["\(path)#3"])
        #expect(result.problems.first?.reason.contains("no article text") == true)
    }

    @Test("TIMESTAMP and DATE columns become ISO dates")
    func timestamps() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        _ = try copy("articles-timestamps.parquet", to: dir)
        let result = loader.load(path: dir.path)
        #expect(result.problems.isEmpty)
        #expect(result.articles.map(\.publishedDate) == ["2023-05-17", "2021-02-28"])
    }

    @Test("a field column in an encoding the reader lacks is left out with a note; the articles still load")
    func unsupportedFieldColumn() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try copy("articles-delta-date.parquet", to: dir)
        let result = loader.load(path: dir.path)
        #expect(result.articles.map(\.id) == ["d-1", "d-2"])
        #expect(result.articles.allSatisfy { $0.publishedDate == nil })
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.location == path)
        #expect(result.problems.first?.reason.contains("column 'date'") == true, "\(result.problems)")
        #expect(result.problems.first?.reason.contains("DELTA_BINARY_PACKED") == true, "\(result.problems)")
    }

    @Test("a single file path, every codec and page layout")
    func singleFile() throws {
        for codec in ["none", "snappy", "gzip", "zstd"] {
            let dir = try TempDirectory()
            defer { dir.remove() }
            let path = try copy("rows-\(codec)-dict-v2.parquet", to: dir)
            let result = loader.load(path: path)
            #expect(result.articles.count == 9, "\(codec)")
            #expect(result.articles.first?.title == "Title 0 — №0")
            #expect(result.problems.count == 1, "the row with null content: \(result.problems)")
        }
    }

    @Test("a damaged or unreadable file is one problem; the folder's other files still load")
    func damaged() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        var bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("articles-aliases.parquet")))
        bytes[bytes.count - 2] = 0
        let bad = try dir.write("bad.parquet", data: Data(bytes))
        let noText = try copy("nested-list.parquet", to: dir, as: "tags.parquet")
        try dir.write("ok.json", #"{"id": "j1", "content": "JSON still loads."}"#)
        let result = loader.load(path: dir.path)
        #expect(result.articles.map(\.id).contains("j1"))
        let reasons = Dictionary(uniqueKeysWithValues: result.problems.map { ($0.location, $0.reason) })
        #expect(reasons[bad]?.contains("PAR1") == true, "\(reasons)")
        #expect(reasons[noText] == nil, "id and content are read, the list column ignored")
    }

    @Test("date helper matches the calendar", arguments: [(0, "1970-01-01"), (19_783, "2024-03-01"), (-1, "1969-12-31"), (11_016, "2000-02-29")])
    func isoDate(days: Int64, expected: String) {
        #expect(ArticleLoader.isoDate(daysSince1970: days) == expected)
    }
}
