import Foundation
import HinboxCore

/// `/people`, `/organizations`, `/locations`, `/events`: search, filter chips, date range, paging.
struct ListPage {
    struct Chip { var label: String; var href: String; var active: Bool }
    struct Row {
        var name: String
        var href: String
        var subtype: String
        var aliases: String
        var articles: Int
        var updated: String
        var date: String
    }

    var label: String
    var action: String
    var q: String?
    var subtype: String?
    var tag: String?
    var from: String?
    var to: String?
    var isEvent: Bool
    var total: Int
    var rows: [Row]
    var hasRows: Bool
    var subtypeChips: [Chip]
    var hasSubtypes: Bool
    var tagChips: [Chip]
    var hasTags: Bool
    var page: Int
    var pages: Int
    var prevHref: String?
    var nextHref: String?

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
        let pages = max(1, (result.total + query.pageSize - 1) / query.pageSize)
        let rows = result.rows.map { row in
            Row(name: row.entity.name, href: HTML.entityPath(row.entity.id), subtype: row.entity.subtype ?? "",
                aliases: row.aliases.joined(separator: ", "), articles: row.articleCount,
                updated: PageRenderer.day(row.entity.updatedAt),
                date: [row.entity.startDate, row.entity.endDate].compactMap { $0 }.joined(separator: " – "))
        }
        let subtypeChips = result.subtypes.map { value in
            Chip(label: value, href: href(subtype: .some(query.subtype == value ? nil : value)), active: query.subtype == value)
        }
        let tagChips = result.tags.map { value in
            Chip(label: value, href: href(tag: .some(query.tag == value ? nil : value)), active: query.tag == value)
        }
        let page = ListPage(
            label: query.type.plural.capitalized, action: base, q: query.search, subtype: query.subtype, tag: query.tag,
            from: query.from, to: query.to, isEvent: query.type == .event, total: result.total, rows: rows,
            hasRows: !rows.isEmpty, subtypeChips: subtypeChips, hasSubtypes: !subtypeChips.isEmpty, tagChips: tagChips,
            hasTags: !tagChips.isEmpty, page: query.page, pages: pages,
            prevHref: query.page > 1 ? href(page: query.page - 1) : nil,
            nextHref: query.page < pages ? href(page: query.page + 1) : nil)
        return renderer.page("list", title: page.label, context: page, activeType: query.type)
    }
}
