import Foundation
import HinboxCore
import Mustache

/// Turns what the ``KnowledgeBrowser`` returns into whole HTML pages.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let settings: WebSettings
    /// The per-server form token (CSRF).
    let formToken: String

    init(settings: WebSettings, formToken: String) throws {
        var library = MustacheLibrary()
        for (name, template) in Templates.all { try library.register(template, named: name) }
        self.library = library
        self.settings = settings
        self.formToken = formToken
    }

    struct NavLink {
        var label: String
        var href: String
        var active: Bool
    }

    struct Layout {
        var title: String
        /// Produced by `library.render` from escaped templates: trusted.
        var bodyHTML: String
        var nav: [NavLink]
        var editsEnabled: Bool
    }

    /// `context` rendered with `template`, inside the common layout.
    func page(_ template: String, title: String, context: Any, activeType: EntityType? = nil) -> String {
        let body = library.render(context, withTemplate: template) ?? ""
        let nav = EntityType.allCases.map {
            NavLink(label: $0.plural.capitalized, href: HTML.listPath($0), active: $0 == activeType)
        }
        let layout = Layout(title: title, bodyHTML: body, nav: nav, editsEnabled: settings.allowEdits)
        return library.render(layout, withTemplate: "layout") ?? ""
    }

    struct Message {
        var heading: String
        var message: String
        var linkHref: String?
        var linkLabel: String?
    }

    /// A page with one heading and one message (errors, edit results).
    func message(_ heading: String, _ message: String, link: (href: String, label: String)? = ("/", "Home")) -> String {
        page("message", title: heading, context: Message(heading: heading, message: message, linkHref: link?.href, linkLabel: link?.label))
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
