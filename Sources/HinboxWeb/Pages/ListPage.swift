import Foundation
import HinboxCore

/// `/people`, `/organizations`, `/locations`, `/events`: search, filter chips, date range, paging.
enum ListPage {
    /// The query a list URL asks for.
    static func query(type: EntityType, form: FormData) -> EntityQuery {
        EntityQuery(type: type, search: form["q"], subtype: form["subtype"], tag: form["tag"],
                    from: form["from"], to: form["to"], page: form.positiveInt("page") ?? 1, pageSize: 50)
    }

    static func render(_ result: EntityPage, query: EntityQuery, with renderer: PageRenderer) -> String {
        let base = HTML.listPath(query.type)
        // Every link keeps the other filters, so each state of the page has its own URL.
        func href(subtype: String?? = .none, tag: String?? = .none, page: Int? = nil) -> String {
            base + HTML.query([
                ("q", query.search), ("subtype", subtype ?? query.subtype), ("tag", tag ?? query.tag),
                ("from", query.from), ("to", query.to), ("page", page.flatMap { $0 > 1 ? String($0) : nil }),
            ])
        }
        let label = query.type.plural.capitalized
        let isEvent = query.type == .event
        let pages = max(1, (result.total + query.pageSize - 1) / query.pageSize)
        var body: Markup = """
            <h1>\(label) <span class="muted" id="total">\(result.total)</span></h1>
            <form class="filters" method="get" action="\(base)">
            <input type="search" name="q" value="\(query.search)" placeholder="Name or alias" aria-label="Search">

            """
        if let subtype = query.subtype { body += "<input type=\"hidden\" name=\"subtype\" value=\"\(subtype)\">\n" }
        if let tag = query.tag { body += "<input type=\"hidden\" name=\"tag\" value=\"\(tag)\">\n" }
        if isEvent {
            body += """
                <label>From <input type="date" name="from" value="\(query.from)"></label>
                <label>To <input type="date" name="to" value="\(query.to)"></label>

                """
        }
        body += "<button type=\"submit\">Filter</button> <a href=\"\(base)\">Clear</a>\n</form>\n"
        body += chips("Type", result.subtypes, active: query.subtype) { href(subtype: .some($0)) }
        body += chips("Tags", result.tags, active: query.tag) { href(tag: .some($0)) }
        if result.rows.isEmpty {
            body += "<p>Nothing matches.</p>\n"
        } else {
            body += isEvent
                ? "<table class=\"entities\"><thead><tr><th>Name</th><th>Date</th>"
                : "<table class=\"entities\"><thead><tr><th>Name</th>"
            body += "<th>Type</th><th>Aliases</th><th>Articles</th><th>Last updated</th></tr></thead><tbody>\n"
            for row in result.rows { body += Self.row(row, isEvent: isEvent) }
            body += "\n</tbody></table>\n"
        }
        body += "<p class=\"pager\">"
        if query.page > 1 { body += "<a rel=\"prev\" href=\"\(href(page: query.page - 1))\">← Previous</a>" }
        body += " Page \(query.page) of \(pages) "
        if query.page < pages { body += "<a rel=\"next\" href=\"\(href(page: query.page + 1))\">Next →</a>" }
        body += "</p>\n"
        return renderer.page(title: label, body: body, activeType: query.type)
    }

    /// One entity: name (linked), date for events, subtype, aliases, article count, last update.
    private static func row(_ row: EntityListRow, isEvent: Bool) -> Markup {
        let entity = row.entity
        var html: Markup = "<tr><td><a class=\"entity\" href=\"\(HTML.entityPath(entity.id))\">\(entity.name)</a></td>"
        if isEvent { html += "<td>\(EntityPageView.dates(entity))</td>" }
        html += """
            <td>\(entity.subtype)</td><td>\(row.aliases.joined(separator: ", "))</td><td class="num">\(row.articleCount)</td><td>\(PageRenderer.day(entity.updatedAt))</td></tr>
            """
        return html
    }

    /// Filter chips: each toggles its value in the URL (`href(nil)` clears it), the active one marked.
    static func chips(_ heading: String, _ values: [String], active: String?, href: (String?) -> String) -> Markup {
        guard !values.isEmpty else { return "" }
        var html: Markup = "<p class=\"chips\">\(heading): "
        for value in values {
            html += value == active
                ? "<a class=\"chip active\" href=\"\(href(nil))\">\(value)</a>"
                : "<a class=\"chip\" href=\"\(href(value))\">\(value)</a>"
        }
        html += "</p>\n"
        return html
    }
}
