public import Foundation
public import HinboxCore

/// `hinbox export --html DIR`: the same pages as `hinbox serve`, written as a self-contained
/// folder of files that opens from disk (`index.html`) with no server and no network.
///
/// Search, filters and the version form need a server; in the export, lists are paged files,
/// and every version of a profile is its own file, linked from the timeline.
///
/// ```swift
/// let site = try StaticSite(browser: store)
/// let files = try await site.export(to: URL(fileURLWithPath: "site"))
/// ```
public struct StaticSite: Sendable {
    let pages: PageLoader

    public init(browser: any KnowledgeBrowser, phoenixURL: String? = nil) throws {
        let renderer = PageRenderer(settings: WebSettings(phoenixURL: phoenixURL, allowEdits: false), formToken: "")
        pages = PageLoader(browser: browser, renderer: renderer)
    }

    /// Writes every page under `directory` (created if needed) and returns how many files it wrote.
    public func export(to directory: URL) async throws -> Int {
        var written = 0
        func write(_ html: String, _ path: String) throws {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let depth = path.split(separator: "/").count - 1
            try Data(Self.relativeLinks(html, depth: depth).utf8).write(to: url)
            written += 1
        }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("static"), withIntermediateDirectories: true)
        try Data(Stylesheet.css.utf8).write(to: directory.appendingPathComponent("static/hinbox.css"))
        try write(try await pages.home(), "index.html")
        try write(try await pages.review(), "review.html")
        for type in EntityType.allCases {
            var number = 1
            while true {
                let query = EntityQuery(type: type, page: number, pageSize: 50)
                let list = try await pages.list(query)
                try write(list.html, Self.file(for: HTML.listPath(type) + HTML.query([("page", number > 1 ? String(number) : nil)])))
                for row in list.page.rows {
                    guard let latest = try await pages.entity(row.entity.id, version: nil) else { continue }
                    try write(latest.html, Self.file(for: HTML.entityPath(row.entity.id)))
                    for version in latest.detail.versions.map(\.version) {
                        guard let page = try await pages.entity(row.entity.id, version: version) else { continue }
                        try write(page.html, Self.file(for: HTML.entityPath(row.entity.id, version: version)))
                    }
                }
                if number * query.pageSize >= list.page.total { break }
                number += 1
            }
        }
        for id in try await pages.browser.articleIDs() {
            guard let html = try await pages.article(id) else { continue }
            try write(html, Self.file(for: HTML.articlePath(id)))
        }
        return written + 1
    }

    // MARK: - Links

    /// The file (relative to the site root) that a server path becomes. File names keep the
    /// percent-encoded id, so the link to one encodes its `%` once more.
    static func file(for serverPath: String) -> String {
        let parts = serverPath.split(separator: "?", maxSplits: 1)
        let path = String(parts.first ?? "/")
        let query = FormData(parts.count > 1 ? String(parts[1]) : "")
        let segments = path.split(separator: "/").map(String.init)
        switch (segments.first, segments.count) {
        case (nil, _): return "index.html"
        case ("static", _): return segments.joined(separator: "/")
        case ("entity", 2): return "entity/\(segments[1])" + (query.positiveInt("version").map { "-v\($0)" } ?? "") + ".html"
        case ("article", 2): return "article/\(segments[1]).html"
        case (let name?, 1): return name + (query.positiveInt("page").map { $0 > 1 ? "-\($0)" : "" } ?? "") + ".html"
        default: return "index.html"
        }
    }

    /// `html` with every `href="/…"` and `action="/…"` of our own pages made relative to a file
    /// `depth` folders below the root. Untrusted text cannot match: its quotes are escaped.
    static func relativeLinks(_ html: String, depth: Int) -> String {
        let prefix = String(repeating: "../", count: depth)
        var result = ""
        var rest = html[...]
        while let match = rest.range(of: #"(href|action)="/[^"]*""#, options: .regularExpression) {
            result += rest[..<match.lowerBound]
            let attribute = rest[match]
            let name = attribute.prefix { $0 != "=" }
            let value = attribute.dropFirst(name.count + 2).dropLast().replacingOccurrences(of: "&amp;", with: "&")
            let file = file(for: value).replacingOccurrences(of: "%", with: "%25")
            result += "\(name)=\"\(HTML.escape(prefix + file))\""
            rest = rest[match.upperBound...]
        }
        return result + rest
    }
}
