import Foundation
import Testing

/// Shared helpers of the browser tests.
enum WebTestSupport {
    static let chromiumMissing = "chromium is not installed; scripts/test.sh installs it (scripts/system-deps.sh --browser)"

    /// `.test-artifacts/web-screenshots/` in the checkout (git-ignored): one PNG per page.
    static let screenshots: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(".test-artifacts/web-screenshots").path
    }()

    /// Runs `body` against a server over a fresh fixture, then stops both.
    static func withServer<T>(
        fixture: KnowledgeFixture? = nil, allowEdits: Bool = false, _ body: (RunningServer, KnowledgeFixture) async throws -> T
    ) async throws -> T {
        let fixture = if let fixture { fixture } else { try await KnowledgeFixture.make() }
        defer { fixture.remove() }
        let server = try await RunningServer.start(databasePath: fixture.databasePath, allowEdits: allowEdits)
        do {
            let result = try await body(server, fixture)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Every start tag in a serialised DOM. Text nodes (and, in current Chromium, attribute
    /// values) serialise `<` as `&lt;`, so each literal `<` starts real markup; quotes are not
    /// escaped in text, so attributes must be read from tags, never from the whole page.
    static func tags(_ html: String) -> [Substring] {
        var tags: [Substring] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            let close = rest[open...].firstIndex(of: ">") ?? rest.endIndex
            let tag = rest[open..<close]
            if tag.dropFirst().first?.isLetter == true { tags.append(tag) }
            rest = close == rest.endIndex ? rest[close...] : rest[rest.index(after: close)...]
        }
        return tags
    }

    /// A tag with its quoted attribute values emptied: what is left are names and structure.
    static func structure(_ tag: Substring) -> String {
        tag.replacingOccurrences(of: #""[^"]*""#, with: "\"\"", options: .regularExpression)
    }

    /// Every `href` value of a real element in `html`, entities left as serialised.
    static func hrefs(_ html: String) -> [String] {
        tags(html).compactMap { tag in
            guard let start = tag.range(of: " href=\"") else { return nil }
            return tag[start.upperBound...].split(separator: "\"", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        }
    }

    /// The first value of attribute `name` in the element whose serialisation contains `marker`.
    static func attribute(_ name: String, near marker: String, in html: String) -> String? {
        guard let range = html.range(of: marker) else { return nil }
        let start = html[..<range.lowerBound].range(of: "<", options: .backwards)?.lowerBound ?? range.lowerBound
        let end = html[range.upperBound...].range(of: ">")?.upperBound ?? html.endIndex
        let element = html[start..<end]
        guard let value = element.range(of: "\(name)=\"") else { return nil }
        return element[value.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }

    /// The text of the `<title>` element.
    static func title(_ html: String) -> String? {
        guard let open = html.range(of: "<title>"), let close = html.range(of: "</title>", range: open.upperBound..<html.endIndex) else {
            return nil
        }
        return String(html[open.upperBound..<close.lowerBound])
    }
}
