import Foundation
import HinboxCore

/// `/`: counts per type, the domain and the latest runs with their Phoenix sessions.
struct HomePage {
    struct Card { var type: String; var label: String; var href: String; var count: Int }
    struct Run {
        var id: String
        var started: String
        var model: String
        var processed: Int
        var failed: Int
        var skipped: Int
        var sessionURL: String?
    }

    var domain: String
    var articles: Int
    var failedArticles: Int
    var versions: Int
    var cards: [Card]
    var runs: [Run]
    var hasRuns: Bool

    static func render(_ overview: KnowledgeOverview, with renderer: PageRenderer) -> String {
        let runs = overview.latestRuns.map { run in
            Run(id: run.id, started: PageRenderer.minute(run.startedAt), model: run.model, processed: run.processed,
                failed: run.failed, skipped: run.skipped,
                sessionURL: run.id.hasPrefix("manual-") ? nil : renderer.phoenixURL("/redirects/sessions/\(HTML.segment(run.id))"))
        }
        let page = HomePage(
            domain: overview.latestRuns.first { !$0.id.hasPrefix("manual-") }?.domain ?? "–",
            articles: overview.articles, failedArticles: overview.failedArticles, versions: overview.profileVersions,
            cards: EntityType.allCases.map {
                Card(type: $0.rawValue, label: $0.plural.capitalized, href: HTML.listPath($0), count: overview.counts[$0] ?? 0)
            },
            runs: runs, hasRuns: !runs.isEmpty)
        return renderer.page("home", title: "Home", context: page)
    }
}
