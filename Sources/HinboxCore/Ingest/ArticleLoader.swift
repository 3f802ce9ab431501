import Foundation

/// Finds and reads articles under a directory (recursively): `.md`, `.markdown`, `.txt`, `.html`,
/// `.htm`, `.json` (one article or an array), `.jsonl` (one per line) and `.parquet` (one per row).
///
/// `README`, `LICENSE`, `COPYING` and `CHANGELOG` files are documentation, not articles, and are skipped.
///
/// Bad input never stops the load: each unreadable file or record becomes an ``IngestProblem``
/// and the rest is read. Files are visited in path order, so ids and order are stable.
public struct ArticleLoader: Sendable {
    /// Files larger than this are reported and never read.
    public var maxFileBytes: Int

    /// Files that document a folder rather than report news.
    static let documentationNames: Set<String> = ["readme", "license", "licence", "copying", "changelog"]

    public static let supportedExtensions: Set<String> = ["md", "markdown", "txt", "html", "htm", "json", "jsonl", "parquet"]

    public init(maxFileBytes: Int = 20 * 1024 * 1024) {
        self.maxFileBytes = maxFileBytes
    }

    /// What a load found.
    public struct Result: Sendable {
        public var articles: [Article]
        public var problems: [IngestProblem]
    }

    /// Reads every supported file under `path` (a directory or a single file).
    public func load(path: String) -> Result {
        let stream = stream(path: path)
        var articles: [Article] = []
        while let article = stream.next() { articles.append(article) }
        return Result(articles: articles, problems: stream.problems)
    }

    /// Like ``load(path:)``, but each article without its text (its id, title, source and content
    /// hash stay): what a run needs to plan, in memory bounded by one file or row group.
    public func scan(path: String) -> Result {
        let stream = stream(path: path)
        var articles: [Article] = []
        while let article = stream.next() {
            articles.append(Article(
                id: article.id, title: article.title, url: article.url, publishedDate: article.publishedDate, content: "",
                source: article.source, contentHash: article.contentHash))
        }
        return Result(articles: articles, problems: stream.problems)
    }

    /// The articles under `path`, read lazily (see ``ArticleStream``).
    public func stream(path: String) -> ArticleStream {
        ArticleStream(loader: self, path: path)
    }

    /// Supported files under `path`, sorted; hidden files and directories are ignored.
    func files(under path: String, problems: inout [IngestProblem]) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            problems.append(IngestProblem(location: path, reason: "no such file or directory"))
            return []
        }
        guard isDirectory.boolValue else { return [path] }
        var result: [String] = []
        var visited: Set<String> = []
        walk(URL(fileURLWithPath: path), into: &result, visited: &visited, problems: &problems)
        return result.sorted()
    }

    private func walk(_ directory: URL, into result: inout [String], visited: inout Set<String>, problems: inout [IngestProblem]) {
        // Resolve symlinks so a directory reached twice (a loop, or two links to one place) is
        // read once; the second visit is reported.
        let real = directory.resolvingSymlinksInPath()
        guard visited.insert(real.path).inserted else {
            // Name the link that leads back; a real directory first read through a link is just skipped.
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: directory.path)) != nil {
                problems.append(IngestProblem(location: directory.path, reason: "symbolic link to \(real.path), which was already read (a loop or a second link); skipped"))
            }
            return
        }
        let entries: [URL]
        do {
            // List the real directory: Linux lists a symlinked directory by its link path as empty.
            entries = try FileManager.default.contentsOfDirectory(
                at: real, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])
        } catch {
            problems.append(IngestProblem(location: directory.path, reason: "cannot read directory (\(Self.reason(error)))"))
            return
        }
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: entry.path, isDirectory: &isDirectory) else {
                problems.append(IngestProblem(location: entry.path, reason: "broken symbolic link; skipped"))
                continue
            }
            if isDirectory.boolValue {
                walk(entry, into: &result, visited: &visited, problems: &problems)
            } else if Self.supportedExtensions.contains(entry.pathExtension.lowercased()),
                !Self.documentationNames.contains(entry.deletingPathExtension().lastPathComponent.lowercased())
            {
                result.append(entry.path)
            }
        }
    }

    /// Reads one text file (md, txt, html, json, jsonl) into zero or more articles. Parquet files
    /// are binary and read row group by row group by ``ArticleStream`` (``ParquetArticles``), so
    /// the text checks and size limit do not apply to them.
    func read(file: String, relativeTo root: String) -> ([Article], [IngestProblem]) {
        let url = URL(fileURLWithPath: file)
        let ext = url.pathExtension.lowercased()
        let text: String
        var replaced = false
        switch FileText.read(path: file, maxBytes: maxFileBytes, lossy: ext == "jsonl") {
        case .success(let value): (text, replaced) = value
        case .failure(let problem): return ([], [problem])
        }
        let stem = url.deletingPathExtension().lastPathComponent
        switch ext {
        case "md", "markdown", "txt":
            let article = TextArticle.article(text: text, id: stem, source: file, markdown: ext != "txt")
            return article.content.isEmpty ? ([], [IngestProblem(location: file, reason: "no article text")]) : ([article], [])
        case "html", "htm":
            let page = HTMLText.extract(from: text)
            guard !page.text.isEmpty else { return ([], [IngestProblem(location: file, reason: "no readable text in the HTML")]) }
            return ([Article(id: stem, title: page.title ?? stem, content: page.text, source: file)], [])
        case "json":
            return readJSON(text, file: file)
        default:
            return readJSONLines(text, file: file, invalidUTF8: replaced)
        }
    }

    private func readJSON(_ text: String, file: String) -> ([Article], [IngestProblem]) {
        guard let value = JSONValue.parse(text) else {
            return ([], [IngestProblem(location: file, reason: "not valid JSON")])
        }
        switch value {
        case .object(let object):
            do { return ([try ArticleFields.article(from: object, source: file)], []) } catch { return ([], [error]) }
        case .array(let elements):
            var articles: [Article] = []
            var problems: [IngestProblem] = []
            for (index, element) in elements.enumerated() {
                let location = "\(file)#\(index + 1)"
                guard case .object(let object) = element else {
                    problems.append(IngestProblem(location: location, reason: "not a JSON object"))
                    continue
                }
                do { articles.append(try ArticleFields.article(from: object, source: location)) } catch { problems.append(error) }
            }
            return (articles, problems)
        default:
            return ([], [IngestProblem(location: file, reason: "expected a JSON object or an array of objects")])
        }
    }

    private func readJSONLines(_ text: String, file: String, invalidUTF8: Bool) -> ([Article], [IngestProblem]) {
        var articles: [Article] = []
        var problems: [IngestProblem] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let location = "\(file):\(index + 1)"
            // Invalid bytes were replaced by U+FFFD; only the lines that had them are lost.
            if invalidUTF8, trimmed.contains("\u{FFFD}") {
                problems.append(IngestProblem(location: location, reason: "not valid UTF-8; line skipped"))
                continue
            }
            guard case .object(let object)? = JSONValue.parse(trimmed) else {
                problems.append(IngestProblem(location: location, reason: "not a valid JSON object; line skipped"))
                continue
            }
            do { articles.append(try ArticleFields.article(from: object, source: location)) } catch { problems.append(error) }
        }
        if articles.isEmpty, problems.isEmpty {
            problems.append(IngestProblem(location: file, reason: "empty file"))
        }
        return (articles, problems)
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
