import Foundation
import HinboxCore
import Testing

@Suite("Ingest: formats and field fallbacks")
struct IngestFormatTests {
    let loader = ArticleLoader()

    @Test("Markdown: title from the heading, metadata lines, id from the file stem")
    func markdown() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.write("water-2025.md", """
            # Council Votes on Water Plan
            Published: 2025-03-14T08:00:00Z
            URL: https://example.com/water

            The council voted 5–2 to fund new pipes.
            """)
        let result = loader.load(path: dir.path)
        #expect(result.problems.isEmpty)
        let article = try #require(result.articles.first)
        #expect(result.articles.count == 1)
        #expect(article.id == "water-2025")
        #expect(article.title == "Council Votes on Water Plan")
        #expect(article.publishedDate == "2025-03-14")
        #expect(article.url == "https://example.com/water")
        #expect(article.content.contains("The council voted 5–2 to fund new pipes."))
        #expect(!article.content.contains("Published:"))
        #expect(article.source == path)
        #expect(article.contentHash == Hashing.sha256Hex(article.content))
    }

    @Test("Text: the first line is the title")
    func text() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("brief.txt", "\n  Pipes Burst in Eastgate  \n\nCrews worked overnight.\n")
        let article = try #require(loader.load(path: dir.path).articles.first)
        #expect(article.id == "brief")
        #expect(article.title == "Pipes Burst in Eastgate")
        #expect(article.content.contains("Crews worked overnight."))
        #expect(article.publishedDate == nil)
    }

    @Test("HTML: title from the article's <h1>; scripts, styles and navigation dropped")
    func html() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("flood.html", """
            <html><head><title>Site Name</title><style>.x { color: red }</style></head>
            <body><nav>Home | Sports</nav>
            <article><h1>Flood Hits Eastgate</h1><script>var tracking = 1;</script>
            <nav>Related links</nav><p>Water rose overnight.</p><p>Residents <b>left</b> early.</p></article>
            <footer>Copyright</footer></body></html>
            """)
        let article = try #require(loader.load(path: dir.path).articles.first)
        #expect(article.id == "flood")
        #expect(article.title == "Flood Hits Eastgate")
        #expect(article.content.contains("Water rose overnight."))
        #expect(article.content.contains("Residents left early."))
        for absent in ["tracking", "Related links", "Home | Sports", "color", "Copyright", "Site Name"] {
            #expect(!article.content.contains(absent), "\(absent)")
        }
    }

    @Test("HTML without an <h1>: the <title> is the title")
    func htmlTitleFallback() {
        let page = HTMLText.extract(from: "<html><head><title>Only Title</title></head><body><p>Body text.</p></body></html>")
        #expect(page.title == "Only Title")
        #expect(page.text == "Body text.")
    }

    struct FieldCase: Sendable, CustomTestStringConvertible {
        var json: String
        var id: String
        var title: String
        var url: String?
        var date: String?
        var content: String
        var testDescription: String { json }
    }

    @Test("JSON field fallbacks", arguments: [
        FieldCase(json: #"{"id":"i1","title":"T1","url":"u1","published_date":"2025-03-14T09:30:00Z","content":"C1"}"#,
                  id: "i1", title: "T1", url: "u1", date: "2025-03-14", content: "C1"),
        FieldCase(json: #"{"article_id":"i2","article_title":"T2","article_url":"u2","date":1741910400,"clean_text":"C2"}"#,
                  id: "i2", title: "T2", url: "u2", date: "2025-03-14", content: "C2"),
        FieldCase(json: #"{"_id":"i3","headline":"T3","date":"1741910400","text":"C3"}"#,
                  id: "i3", title: "T3", url: nil, date: "2025-03-14", content: "C3"),
        FieldCase(json: #"{"id":42,"title":"T4","published_date":"2025-03","body":"C4"}"#,
                  id: "42", title: "T4", url: nil, date: "2025-03-01", content: "C4"),
        FieldCase(json: #"{"id":"i5","article_id":"ignored","title":"","headline":"T5","date":"not a date","content":"C5"}"#,
                  id: "i5", title: "T5", url: nil, date: nil, content: "C5"),
        FieldCase(json: #"{"id":"i6","content":"First line\nSecond line"}"#,
                  id: "i6", title: "First line", url: nil, date: nil, content: "First line\nSecond line"),
    ])
    func fields(_ field: FieldCase) throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("one.json", field.json)
        let result = loader.load(path: dir.path)
        #expect(result.problems.isEmpty)
        let article = try #require(result.articles.first)
        #expect(article.id == field.id)
        #expect(article.title == field.title)
        #expect(article.url == field.url)
        #expect(article.publishedDate == field.date)
        #expect(article.content == field.content)
    }

    @Test("A JSON array gives one article per object; a non-object element is a problem at #N")
    func jsonArray() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.write("batch.json", #"[{"id":"x1","content":"One"},{"id":"x2","content":"Two"},"oops"]"#)
        let result = loader.load(path: dir.path)
        #expect(result.articles.map(\.id) == ["x1", "x2"])
        #expect(result.articles.map(\.source) == ["\(path)#1", "\(path)#2"])
        #expect(result.problems.map(\.location) == ["\(path)#3"])
    }

    @Test("JSONL: good lines load, a malformed line is a problem at file:LINE")
    func jsonLines() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.write("feed.jsonl", """
            {"id":"l1","content":"First"}
            {"id":"l2","content":
            
            {"id":"l4","content":"Fourth"}
            """)
        let result = loader.load(path: dir.path)
        #expect(result.articles.map(\.id) == ["l1", "l4"])
        #expect(result.articles.map(\.source) == ["\(path):1", "\(path):4"])
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.location == "\(path):2")
        #expect(problem.description.hasPrefix("\(path):2: "))
    }

    @Test("Without an id the id is doc- plus 12 hex of the content hash, stable across loads")
    func contentHashID() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("noid.json", #"{"title":"T","content":"Text without an id."}"#)
        let first = try #require(loader.load(path: dir.path).articles.first)
        let second = try #require(loader.load(path: dir.path).articles.first)
        #expect(first.id.wholeMatch(of: /doc-[0-9a-f]{12}/) != nil)
        #expect(first.id == "doc-" + Hashing.sha256Hex("Text without an id.").prefix(12))
        #expect(first.id == second.id)
    }

    @Test("Subfolders are read in sorted path order; hidden files, README and other extensions are not")
    func walk() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("b.md", "# B\n\nBody b.")
        try dir.write("a.txt", "A\n\nBody a.")
        try dir.write("sub/deeper/c.md", "# C\n\nBody c.")
        try dir.write("sub/0.json", #"{"id":"zero","content":"Body zero."}"#)
        try dir.write(".hidden.md", "# Hidden\n\nNo.")
        try dir.write(".git/d.md", "# D\n\nNo.")
        try dir.write("README.md", "# Readme\n\nNo.")
        try dir.write("sub/readme.txt", "Readme\n\nNo.")
        try dir.write("notes.pdf", "%PDF no")
        let result = loader.load(path: dir.path)
        #expect(result.problems.isEmpty)
        #expect(result.articles.map(\.id) == ["a", "b", "zero", "c"])
    }

    @Test("A single file path loads that file")
    func singleFile() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.write("only.md", "# Only\n\nBody.")
        #expect(loader.load(path: path).articles.map(\.id) == ["only"])
    }
}
