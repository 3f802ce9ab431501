import Foundation
import HinboxCore

/// `/entity/<id>?version=N`: the rendered profile with numbered citations, the version selector,
/// a diff against the previous version, why it changed, merge history and co-occurring entities.
enum EntityPageView {
    static func render(_ page: ProfilePage, with renderer: PageRenderer) -> String {
        let detail = page.detail
        let entity = detail.entity
        let current = detail.version
        let titles = page.titles
        let listPath = HTML.listPath(entity.type)
        var markdown = MarkdownRenderer(titles: titles)
        let profileHTML = Markup(trusted: markdown.render(current.profile.text))
        let confidence = current.profile.confidence
        let level = confidence >= 0.75 ? "High" : confidence >= 0.5 ? "Medium" : "Low"

        var body: Markup = """
            <p class="crumbs"><a href="/">Home</a> › <a href="\(listPath)">\(entity.type.plural.capitalized)</a></p>
            <h1 id="entity-name">\(entity.name)</h1>
            <p><span class="badge">\(entity.type.rawValue)</span>
            """
        if let subtype = entity.subtype { body += " <span class=\"badge\">\(subtype)</span>" }
        body += "\n<span class=\"badge conf-\(level)\" id=\"confidence\">\(level) confidence (\(String(format: "%.2f", confidence)))</span>\n"
        if let dates = dates(entity) { body += " · \(dates)" }
        body += " · <code>\(entity.id)</code></p>\n"
        if !detail.aliases.isEmpty {
            body += "<p>Also known as: <span id=\"aliases\">\(detail.aliases.joined(separator: ", "))</span></p>\n"
        }
        if !current.profile.tags.isEmpty {
            body += "<p class=\"chips\">"
            for tag in current.profile.tags { body += "<a class=\"chip\" href=\"\(listPath + HTML.query([("tag", tag)]))\">\(tag)</a>" }
            body += "</p>\n"
        }
        body += versionSelector(detail)
        if detail.versions.count > 1 { body += timeline(detail, titles: titles) }
        body += "\n<article class=\"profile\" id=\"profile\">\(profileHTML)</article>\n"
        if !markdown.citations.isEmpty {
            body += "<h2>Sources</h2><ol class=\"sources\">"
            for id in markdown.citations { body += "<li><a href=\"\(HTML.articlePath(id))\">\(titles[id] ?? id)</a></li>" }
            body += "</ol>\n"
        }
        if let grounding = current.profile.grounding { body += Self.grounding(grounding) }
        body += why(page, with: renderer)
        body += history(detail, titles: titles)
        if !page.appearsWith.isEmpty {
            body += "<h2>Appears with</h2><ul id=\"appears-with\">"
            for neighbour in page.appearsWith {
                let other = neighbour.entity
                body += """
                    <li><a href="\(HTML.entityPath(other.id))">\(other.name)</a> <span class="muted">\(other.type.rawValue) · \(neighbour.sharedArticles) shared</span></li>
                    """
            }
            body += "</ul>\n"
        }
        body += "<h2>Articles</h2><ul id=\"articles\">"
        for mention in detail.mentions {
            let id = mention.articleID
            body += "<li><a href=\"\(HTML.articlePath(id))\">\(titles[id] ?? id)</a></li>"
        }
        body += "</ul>\n"
        return renderer.page(title: entity.name, body: body, activeType: entity.type)
    }

    /// "2025-03-14 – 2025-03-16", the one date there is, or nil.
    static func dates(_ entity: EntityRecord) -> String? {
        let dates = [entity.startDate, entity.endDate].compactMap { $0 }
        return dates.isEmpty ? nil : dates.joined(separator: " – ")
    }

    private static func versionSelector(_ detail: ProfileDetail) -> Markup {
        let current = detail.version.version
        var html: Markup = """
            <form class="versions" method="get" action="\(HTML.entityPath(detail.entity.id))"><label>Version
            <select name="version">
            """
        for version in detail.versions.reversed() {
            let date = PageRenderer.day(version.createdAt)
            html += version.version == current
                ? "<option value=\"\(version.version)\" selected>v\(version.version) · \(date)</option>"
                : "<option value=\"\(version.version)\">v\(version.version) · \(date)</option>"
        }
        html += """
            </select></label>
            <button type="submit">Show</button> <span class="muted">version \(current) of \(detail.entity.currentVersion)</span></form>

            """
        return html
    }

    private static func timeline(_ detail: ProfileDetail, titles: [String: String]) -> Markup {
        let points = detail.versions.map {
            TimelineSVG.Point(date: $0.createdAt, short: "v\($0.version)", label: "v\($0.version) · \(titles[$0.triggerArticleID] ?? $0.triggerArticleID)",
                              href: HTML.entityPath(detail.entity.id, version: $0.version))
        }
        return Markup(trusted: TimelineSVG.render(points, title: "Versions of \(detail.entity.name)"))
    }
}
