import Foundation
import HinboxCore
import Testing

@Suite("Ingest: bad input is reported and the rest is loaded")
struct IngestProblemTests {
    struct BadFile: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var reason: String
        var testDescription: String { name }

        init(_ name: String, _ text: String, reason: String) {
            self.init(name, Array(text.utf8), reason: reason)
        }

        init(_ name: String, _ bytes: [UInt8], reason: String) {
            self.name = name
            self.bytes = bytes
            self.reason = reason
        }
    }

    @Test("Each bad file is one problem naming the file, and the good file still loads", arguments: [
        BadFile("empty.md", "", reason: "empty file"),
        BadFile("blank.txt", "  \n\t\r\n", reason: "empty file"),
        BadFile("binary.txt", [0x48, 0x69, 0x00, 0x01, 0x02], reason: "binary"),
        BadFile("latin1.txt", [0x43, 0x61, 0x66, 0xE9, 0x0A], reason: "UTF-8"),
        BadFile("nocontent.json", #"{"id":"x","title":"No body"}"#, reason: "no article text"),
        BadFile("broken.json", #"{"id":"x","#, reason: "not valid JSON"),
        BadFile("scalar.json", "42", reason: "expected a JSON object"),
        BadFile("empty.html", "<html><body><script>x()</script></body></html>", reason: "no readable text"),
    ])
    func badFile(_ bad: BadFile) throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("good.md", "# Good\n\nA fine article.")
        let path = try dir.write(bad.name, data: Data(bad.bytes))
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.articles.map(\.id) == ["good"])
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.location == path)
        #expect(problem.reason.contains(bad.reason), "\(problem)")
    }

    @Test("A file over maxFileBytes is reported and never read")
    func oversized() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("small.md", "# Small\n\nShort.")
        let big = try dir.write("big.md", "# Big\n\n" + String(repeating: "word ", count: 100))
        let result = ArticleLoader(maxFileBytes: 64).load(path: dir.path)
        #expect(result.articles.map(\.id) == ["small"])
        #expect(result.problems.map(\.location) == [big])
        #expect(result.problems.first?.reason.contains("limit") == true)
    }

    @Test("A duplicate id in a later file is skipped and reported")
    func duplicateIDs() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let first = try dir.write("a.json", #"{"id":"dup","content":"First copy"}"#)
        let second = try dir.write("b.jsonl", #"{"id":"dup","content":"Second copy"}"# + "\n" + #"{"id":"other","content":"Other"}"#)
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.articles.map(\.id) == ["dup", "other"])
        #expect(result.articles.first?.content == "First copy")
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.location == "\(second):1")
        #expect(problem.reason.contains("duplicate"))
        #expect(problem.reason.contains(first))
    }

    @Test("An unreadable file is reported", .disabled(if: getuid() == 0, "root reads files whatever their permission bits"))
    func unreadable() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("good.md", "# Good\n\nBody.")
        let locked = try dir.write("locked.md", "# Locked\n\nBody.")
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: locked) }
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.articles.map(\.id) == ["good"])
        #expect(result.problems.map(\.location) == [locked])
    }

    @Test("A directory symlink to its parent terminates and is reported; its files load once")
    func symlinkLoop() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("sub/inner.md", "# Inner\n\nBody.")
        try FileManager.default.createSymbolicLink(atPath: dir.file("sub/loop"), withDestinationPath: dir.file("sub"))
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.articles.map(\.id) == ["inner"])
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.location == dir.file("sub/loop"))
        #expect(problem.reason.contains("loop"))
    }

    @Test("A broken symlink is reported")
    func brokenSymlink() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("ok.md", "# Ok\n\nBody.")
        try FileManager.default.createSymbolicLink(atPath: dir.file("gone.md"), withDestinationPath: dir.file("missing.md"))
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.articles.map(\.id) == ["ok"])
        #expect(result.problems.map(\.location) == [dir.file("gone.md")])
    }

    @Test("A missing path is one problem and no articles")
    func missingPath() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let missing = dir.file("nowhere")
        let result = ArticleLoader().load(path: missing)
        #expect(result.articles.isEmpty)
        #expect(result.problems == [IngestProblem(location: missing, reason: "no such file or directory")])
    }

    @Test("A numeric id too large for Int64 is read as text, not a crash")
    func hugeNumericID() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("big.json", #"{"id": 1e20, "content": "Body"}"#)
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.articles.count + result.problems.count == 1)
    }

    @Test("Impossible dates are unreadable, not malformed YYYY-MM-DD", arguments: ["2025-02-30", "2025-13-01", "2024-04-31"])
    func invalidDates(_ text: String) {
        #expect(DateNormalizer.isoDate(from: .string(text)) == nil)
    }

    @Test("Millisecond timestamps are read as milliseconds")
    func millisecondTimestamps() {
        #expect(DateNormalizer.isoDate(from: .string("1741910400000")) == "2025-03-14")
        #expect(DateNormalizer.isoDate(from: .number(1_741_910_400)) == "2025-03-14")
    }
}
