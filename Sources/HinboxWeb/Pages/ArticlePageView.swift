import Foundation
import HinboxCore

/// `/article/<id>`: title, date, source link (http/https only), status, the text with mentions
/// highlighted and linked, the entities found, and the Phoenix trace.
enum ArticlePageView {
    static func render(_ page: ArticlePage, with renderer: PageRenderer) -> String {
        let article = page.article
        let status = article.status.rawValue
        var body: Markup = """
            <p class="crumbs"><a href="/">Home</a> › article <code>\(article.id)</code></p>
            <h1 id="article-title">\(article.title)</h1>
            <p class="muted">
            """
        if let date = article.publishedDate { body += "\(date) · " }
        body += "<span class=\"status-\(status)\" id=\"status\">\(status)</span>"
        if let traceURL = article.traceID.flatMap({ renderer.phoenixURL("/redirects/traces/\(HTML.segment($0))") }) {
            body += " · <a class=\"phoenix\" href=\"\(traceURL)\">Phoenix trace</a>"
        }
        body += "</p>\n"
        if let url = HTML.safeExternalURL(article.url) {
            body += "<p>Source: <a id=\"source-url\" href=\"\(url)\" rel=\"nofollow noopener noreferrer\">\(url)</a></p>\n"
        } else if let url = article.url {
            body += "<p>Source (not a web link): <span id=\"source-text\">\(url)</span></p>\n"
        }
        if let error = article.error { body += "<p class=\"error\" id=\"failure\">Failed: \(error)</p>\n" }
        if !page.mentions.isEmpty {
            body += "<h2>Entities</h2><ul id=\"entities\">"
            for mention in page.mentions {
                let entity = mention.entity
                body += "<li><a class=\"mention t-\(entity.type.rawValue)\" href=\"\(HTML.entityPath(entity.id))\">\(entity.name)</a> <span class=\"muted\">\(entity.type.rawValue)"
                if mention.surfaceName != entity.name { body += " · as “\(mention.surfaceName)”" }
                body += "</span></li>"
            }
            body += "</ul>\n"
        }
        body += "<h2>Text</h2>\n"
        if let content = article.content, !content.isEmpty {
            let highlighter = MentionHighlighter(targets: page.mentions.map {
                .init(entityID: $0.entity.id, type: $0.entity.type.rawValue, names: [$0.surfaceName, $0.entity.name] + $0.aliases)
            })
            body += "<div class=\"article-text\" id=\"text\">\(Markup(trusted: highlighter.render(content)))</div>\n"
        } else {
            body += """
                <p class="muted">The text of this article was not stored (processed before hinbox kept article text); run <code>hinbox process --force</code> to store it.</p>

                """
        }
        return renderer.page(title: article.title, body: body)
    }
}
