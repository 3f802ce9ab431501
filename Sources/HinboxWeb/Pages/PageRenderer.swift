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

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }

    static func minute(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    static func score(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "–"
    }
}
