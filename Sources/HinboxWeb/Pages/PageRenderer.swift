import Foundation
import HinboxCore

/// Turns what the ``KnowledgeBrowser`` returns into whole HTML pages: the common layout, the
/// message page and the formatting the pages share.
///
/// Pages are ``Markup`` built in Swift (no template engine): a template engine that looks values
/// up by name through `Mirror` cost most of a page's CPU under load (issue 14).
struct PageRenderer: Sendable {
    let settings: WebSettings
    /// The per-server form token (CSRF).
    let formToken: String

    init(settings: WebSettings, formToken: String) {
        self.settings = settings
        self.formToken = formToken
    }

    /// `body` inside the common layout: head, navigation (with `activeType` marked), footer.
    func page(title: String, body: Markup, activeType: EntityType? = nil) -> String {
        var page: Markup = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · hinbox</title>
            <link rel="stylesheet" href="/static/hinbox.css">
            </head><body>
            <header><nav><a class="brand" href="/">hinbox</a>

            """
        for type in EntityType.allCases {
            page += type == activeType
                ? "<a href=\"\(HTML.listPath(type))\" aria-current=\"page\">\(type.plural.capitalized)</a>"
                : "<a href=\"\(HTML.listPath(type))\">\(type.plural.capitalized)</a>"
        }
        page += """

            <a href="/review">Review</a></nav></header>
            <main>
            \(body)
            </main>

            """
        page += settings.allowEdits
            ? "<footer>hinbox knowledge base · read-only · edits enabled</footer>\n</body></html>"
            : "<footer>hinbox knowledge base · read-only</footer>\n</body></html>"
        return page.html
    }

    /// A page with one heading and one message (errors, edit results).
    func message(_ heading: String, _ message: String, link: (href: String, label: String)? = ("/", "Home")) -> String {
        var body: Markup = "<h1>\(heading)</h1>\n<p id=\"message\">\(message)</p>\n"
        if let link { body += "<p><a href=\"\(link.href)\">\(link.label)</a></p>\n" }
        return page(title: heading, body: body)
    }

    // MARK: - Formatting

    /// A Phoenix link, when Phoenix is configured and the base URL is http(s).
    func phoenixURL(_ path: String) -> String? {
        guard let base = settings.phoenixURL.flatMap(HTML.safeExternalURL) else { return nil }
        return base + path
    }

    // Format styles are Sendable values built once; a DateFormatter per call cost milliseconds a page.
    private static let dayStyle = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()
    private static let minuteStyle = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: .gmt)
        .year().month().day().time(includingFractionalSeconds: false)

    static func day(_ date: Date) -> String {
        date.formatted(dayStyle)
    }

    static func minute(_ date: Date) -> String {
        String(date.formatted(minuteStyle).prefix(16)) + " UTC"
    }

    static func score(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "–"
    }
}
