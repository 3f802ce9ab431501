import Foundation
import HinboxCore
import Testing

/// Input built to hurt: pages that are mostly script, large JSONL files with bad lines, files far
/// over the size limit, symlink loops across directories, and broken UTF-8 deep inside a file.
/// (The simple cases are in IngestProblemTests.)
@Suite("Ingest: hostile input")
struct IngestHostileInputTests {
    @Test("HTML that is mostly scripts and styles: the article text is kept, no script or style text gets in")
    func scriptHeavyHTML() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let script = "var SCRIPT_MARKER = '<p>not text</p>'; document.write('</article><p>INJECTED_MARKER</p>');"
        var html = """
            <!DOCTYPE html><html><head><title>Council votes</title>
            <style>body { color: red } .STYLE_MARKER::after { content: "STYLE_MARKER" }</style>
            <script>\(script)</script><script type="application/ld+json">{"headline":"JSONLD_MARKER"}</script>
            </head><body onload="alert('ONLOAD_MARKER')">
            <noscript>NOSCRIPT_MARKER enable JavaScript</noscript>
            <nav>NAV_MARKER Home | News</nav>
            <article><h1>Council votes to replace lead pipes</h1>
            """
        for index in 0..<200 {
            html += "<script>/* \(index) */ \(script) if (a < b && c > d) { x = \"</div>\" }</script>"
            html += "<style>.s\(index) { background: url('STYLE_MARKER.png') }</style>"
            if index % 50 == 0 { html += "<p>Paragraph \(index / 50): the Ridgeport council voted on the pipes.</p>" }
        }
        html += """
            <p>Mayor Dana Whitfield <script>SCRIPT_MARKER_INLINE()</script>signed the order.</p>
            <!-- COMMENT_MARKER -->
            <svg><text>SVG_MARKER</text></svg><template><p>TEMPLATE_MARKER</p></template>
            <iframe srcdoc="<p>IFRAME_MARKER</p>"></iframe>
            <p>Work starts in May.</p></article>
            <script>\(script)
            """  // an unclosed script at the end
        let path = try dir.write("page.html", html)
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.problems.isEmpty, "\(result.problems)")
        let article = try #require(result.articles.first)
        #expect(article.source == path)
        #expect(article.title == "Council votes to replace lead pipes")
        for paragraph in 0..<4 {
            #expect(article.content.contains("Paragraph \(paragraph): the Ridgeport council voted on the pipes."))
        }
        #expect(article.content.contains("Mayor Dana Whitfield signed the order."), "\(article.content)")
        #expect(article.content.contains("Work starts in May."))
        for marker in ["SCRIPT_MARKER", "INJECTED_MARKER", "STYLE_MARKER", "JSONLD_MARKER", "ONLOAD_MARKER", "NOSCRIPT_MARKER",
                       "NAV_MARKER", "COMMENT_MARKER", "SVG_MARKER", "TEMPLATE_MARKER", "IFRAME_MARKER", "document.write", "background"]
        {
            #expect(!article.content.contains(marker), "\(marker) in the article text")
        }
    }

    @Test("A 1,000-line JSONL file with 10 bad lines: 990 articles, 10 problems with their line numbers")
    func jsonlAtScale() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let badLines: [Int: String] = [
            1: #"{"id":"first","content":"#,  // cut off
            17: "not json at all",
            100: #"["an","array"]"#,
            250: #"{"id":"no-text","title":"Nothing else"}"#,
            333: #"{"id":"dup-1","content":"A duplicate id"}"#,  // line 2 has the same id
            500: "{\"id\":\"nul\",\"content\":\"a\\u0000b\"",  // unterminated
            640: "42",
            777: #"{"id":"empty","content":"   "}"#,
            901: "{'single': 'quotes'}",
            1000: #"{"id":"last","content":"unterminated string}"#,
        ]
        var lines: [String] = []
        for number in 1...1000 {
            if let bad = badLines[number] {
                lines.append(bad)
            } else if number == 2 {
                lines.append(#"{"id":"dup-1","content":"The first copy"}"#)
            } else {
                lines.append(#"{"id":"line-\#(number)","title":"Story \#(number)","content":"Body of story \#(number)."}"#)
            }
        }
        let path = try dir.write("feed.jsonl", lines.joined(separator: "\n") + "\n")
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.articles.count == 990)
        #expect(result.problems.count == 10, "\(result.problems)")
        // Line problems in line order, then the duplicate (found after the file is read).
        #expect(result.problems.map(\.location).sorted() == badLines.keys.map { "\(path):\($0)" }.sorted())
        #expect(result.articles.first?.id == "dup-1")
        #expect(result.articles.first { $0.id == "line-999" }?.content == "Body of story 999.")
        #expect(Set(result.articles.map(\.id)).count == 990)
        #expect(result.problems.first { $0.location == "\(path):333" }?.reason.contains("duplicate") == true)
    }

    @Test("A 25 MB file over the default 20 MB limit is reported without being read")
    func oversizedDefaultLimit() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("small.md", "# Small\n\nShort.")
        // A sparse file of zeros: read, it would be rejected as binary, so the reason shows it was not read.
        let big = try dir.write("huge.txt", "")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 25 * 1024 * 1024)
        try handle.close()
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.articles.map(\.id) == ["small"])
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.location == big)
        #expect(problem.reason.contains("25.0 MB") && problem.reason.contains("20.0 MB limit"), "\(problem.reason)")
        #expect(!problem.reason.contains("binary"))
    }

    @Test("Directories linked to each other (a/to-b → b, b/to-a → a): terminates, each file loads once, problems name symlinks")
    func mutualSymlinkLoop() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a/alpha.md", "# Alpha\n\nBody.")
        try dir.write("b/beta.md", "# Beta\n\nBody.")
        try FileManager.default.createSymbolicLink(atPath: dir.file("a/to-b"), withDestinationPath: dir.file("b"))
        try FileManager.default.createSymbolicLink(atPath: dir.file("b/to-a"), withDestinationPath: dir.file("a"))
        try FileManager.default.createSymbolicLink(atPath: dir.file("b/self"), withDestinationPath: dir.file("b/self"))
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.articles.map(\.id).sorted() == ["alpha", "beta"], "\(result.articles.map(\.source)) \(result.problems)")
        #expect(!result.problems.isEmpty)
        for problem in result.problems {
            let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: problem.location)) != nil
            #expect(isLink, "a problem names \(problem.location), which is not a symbolic link: \(problem.reason)")
        }
    }

    @Test("A symlink to a directory outside the input is followed: its articles load")
    func symlinkedDirectory() throws {
        let input = try TempDirectory()
        let outside = try TempDirectory()
        defer { input.remove(); outside.remove() }
        try input.write("local.md", "# Local\n\nBody.")
        try outside.write("remote.md", "# Remote\n\nBody.")
        try FileManager.default.createSymbolicLink(atPath: input.file("linked"), withDestinationPath: outside.path)
        let result = ArticleLoader().load(path: input.path)
        #expect(result.articles.map(\.id).sorted() == ["local", "remote"], "\(result.problems)")
        #expect(result.problems.isEmpty)
    }

    @Test("Invalid UTF-8 deep inside a large file: one problem naming the file, no partial article")
    func invalidUTF8InTheMiddle() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("good.md", "# Good\n\nFine.")
        let paragraph = String(repeating: "The council met on Tuesday to discuss the water. ", count: 400)
        var bytes = Array("# Broken\n\n\(paragraph)\n\n".utf8)
        bytes += [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80]  // bad continuation, invalid bytes, a UTF-16 surrogate
        bytes += Array("\n\n\(paragraph)\n".utf8)
        let broken = try dir.write("broken.md", data: Data(bytes))
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.articles.map(\.id) == ["good"])
        #expect(result.problems.map(\.location) == [broken])
        #expect(result.problems.first?.reason.contains("UTF-8") == true)
    }

    @Test("Invalid UTF-8 on one line of a JSONL file: that line is a problem, the good lines still load")
    func invalidUTF8InOneJSONLLine() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        var bytes = Array((#"{"id":"one","content":"First"}"# + "\n").utf8)
        bytes += Array(#"{"id":"two","content":"Caf"#.utf8) + [0xE9] + Array(("\"}\n").utf8)
        bytes += Array((#"{"id":"three","content":"Third"}"# + "\n").utf8)
        let path = try dir.write("feed.jsonl", data: Data(bytes))
        let result = ArticleLoader().load(path: dir.path)
        #expect(result.articles.map(\.id) == ["one", "three"])
        #expect(result.problems.map(\.location) == ["\(path):2"])
    }
}
