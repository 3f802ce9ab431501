import HinboxCore

/// `/article/<id>`: title, date, source link (http/https only), status, the text with mentions
/// highlighted and linked, the entities found, and the Phoenix trace.
struct ArticlePageView {
    struct Entity { var name: String; var href: String; var type: String; var surface: String? }

    var id: String
    var title: String
    var date: String?
    var status: String
    var url: String?
    /// A URL that is not http(s), shown as plain text only.
    var unsafeURL: String?
    var error: String?
    var traceURL: String?
    var entities: [Entity]
    var hasEntities: Bool
    var textHTML: String?

    static func render(_ page: ArticlePage, with renderer: PageRenderer) -> String {
        let article = page.article
        let safeURL = HTML.safeExternalURL(article.url)
        let highlighter = MentionHighlighter(targets: page.mentions.map {
            .init(entityID: $0.entity.id, type: $0.entity.type.rawValue, names: [$0.surfaceName, $0.entity.name] + $0.aliases)
        })
        let view = ArticlePageView(
            id: article.id, title: article.title, date: article.publishedDate, status: article.status.rawValue,
            url: safeURL, unsafeURL: safeURL == nil ? article.url : nil, error: article.error,
            traceURL: article.traceID.flatMap { renderer.phoenixURL("/redirects/traces/\(HTML.segment($0))") },
            entities: page.mentions.map {
                Entity(name: $0.entity.name, href: HTML.entityPath($0.entity.id), type: $0.entity.type.rawValue,
                       surface: $0.surfaceName == $0.entity.name ? nil : $0.surfaceName)
            },
            hasEntities: !page.mentions.isEmpty,
            textHTML: article.content.flatMap { $0.isEmpty ? nil : highlighter.render($0) })
        return renderer.page("article", title: article.title, context: view)
    }
}
