import Foundation
import HinboxCore

/// `/`: counts per type, the domain and the latest runs with their Phoenix sessions.
enum HomePage {
    static func render(_ overview: KnowledgeOverview, with renderer: PageRenderer) -> String {
        let domain = overview.latestRuns.first { !$0.id.hasPrefix("manual-") }?.domain ?? "–"
        var body: Markup = """
            <h1>Knowledge base</h1>
            <p class="muted">Domain <strong id="domain">\(domain)</strong> · \(overview.articles) articles (\(overview.failedArticles) failed) · \(overview.profileVersions) profile versions</p>
            <section class="cards">

            """
        for type in EntityType.allCases {
            body += """
                <a class="card" href="\(HTML.listPath(type))"><span class="count" data-type="\(type.rawValue)">\(overview.counts[type] ?? 0)</span><span>\(type.plural.capitalized)</span></a>
                """
        }
        body += "\n</section>\n<h2>Latest runs</h2>\n"
        guard !overview.latestRuns.isEmpty else {
            body += "<p>No runs yet: run <code>hinbox process &lt;dir&gt;</code>.</p>\n"
            return renderer.page(title: "Home", body: body)
        }
        body += """
            <table><thead><tr><th>Started</th><th>Run</th><th>Model</th><th>Processed</th><th>Failed</th><th>Skipped</th><th>Phoenix</th></tr></thead><tbody>

            """
        for run in overview.latestRuns {
            body += """
                <tr><td>\(PageRenderer.minute(run.startedAt))</td><td><code>\(run.id)</code></td><td>\(run.model)</td><td>\(run.processed)</td><td>\(run.failed)</td><td>\(run.skipped)</td>
                <td>
                """
            if !run.id.hasPrefix("manual-"), let session = renderer.phoenixURL("/redirects/sessions/\(HTML.segment(run.id))") {
                body += "<a class=\"phoenix\" href=\"\(session)\">session</a>"
            }
            body += "</td></tr>"
        }
        body += "\n</tbody></table>\n"
        return renderer.page(title: "Home", body: body)
    }
}
