import Foundation
import HinboxCore

/// The parts of the entity page that explain a version: grounding, why it was written, the diff
/// against the previous version, the merge history and versions kept from merged entities.
extension EntityPageView {
    static func grounding(_ grounding: Grounding) -> Markup {
        func row(_ claim: Grounding.Claim) -> Markup {
            """
            <tr class="\(claim.verdict.rawValue)"><td class="verdict">\(claim.verdict.rawValue)</td><td>\(claim.sentence)</td><td><a href="\(HTML.articlePath(claim.articleID))">\(claim.articleID)</a></td><td>\(claim.note)</td></tr>
            """
        }
        var html: Markup = """
            <h2>Grounding</h2><div id="grounding"><p class="muted">\(grounding.summary)</p>
            <table class="grounding"><thead><tr><th>Verdict</th><th>Claim</th><th>Article</th><th>Note</th></tr></thead><tbody>

            """
        for claim in grounding.claims { html += row(claim) }
        html += "\n</tbody></table>"
        if grounding.revised {
            html += "<p>Revised once: the first check found these unsupported:</p><ul id=\"first-check\">"
            for claim in grounding.firstCheck where claim.verdict == .unsupported {
                html += "<li>\(claim.sentence) — \(claim.note)</li>"
            }
            html += "</ul>"
        }
        html += "</div>\n"
        return html
    }

    /// The articles the shown version took in (several for a folded update), the trace of the
    /// article that wrote it, the resolution decision, and the diff.
    static func why(_ page: ProfilePage, with renderer: PageRenderer) -> Markup {
        let detail = page.detail
        let current = detail.version
        var html: Markup = """
            <h2>Why version \(current.version)</h2>
            <div id="why"><p>Written from
            """
        for id in current.covers {
            html += " <a class=\"trigger\" href=\"\(HTML.articlePath(id))\">\(page.titles[id] ?? id)</a>"
        }
        if let traceURL = page.trigger?.traceID.flatMap({ renderer.phoenixURL("/redirects/traces/\(HTML.segment($0))") }) {
            html += " · <a class=\"phoenix\" href=\"\(traceURL)\">Phoenix trace</a>"
        }
        html += "</p>\n"
        if let decision = detail.decisions.last(where: { current.covers.contains($0.articleID) }) { html += Self.decision(decision) }
        html += "</div>\n"
        if let previous = detail.versions.last(where: { $0.version < current.version }) {
            html += """
                <h2>Changes from version \(previous.version)</h2><div class="diff" id="diff">\(Markup(trusted: WordDiff.html(from: previous.profile.text, to: current.profile.text)))</div>

                """
        }
        return html
    }

    private static func decision(_ decision: ResolutionRecord) -> Markup {
        var html: Markup = """
            <p>Resolution: <strong class="verdict">\(decision.action)</strong> “\(decision.incomingName)” (\(decision.reason)), threshold \(PageRenderer.score(decision.threshold))
            """
        if let check = decision.matchCheck {
            let verdict = check.isMatch ? "same" : "different"
            html += " · match check: \(verdict) (\(PageRenderer.score(check.confidence))): \(check.reason)"
        }
        html += "</p>\n"
        guard !decision.candidates.isEmpty else { return html }
        html += """
            <table class="candidates"><thead><tr><th>Candidate</th><th>Cosine</th><th>Name</th><th>Via</th></tr></thead><tbody>

            """
        for candidate in decision.candidates {
            html += """
                <tr><td><a href="\(HTML.entityPath(candidate.entityID))">\(candidate.name)</a></td><td class="num">\(PageRenderer.score(candidate.cosine))</td><td class="num">\(PageRenderer.score(candidate.lexical))</td><td>\(candidate.via)</td></tr>
                """
        }
        html += "\n</tbody></table>"
        return html
    }

    /// Resolution decisions about this entity, and versions kept from entities merged into it.
    static func history(_ detail: ProfileDetail, titles: [String: String]) -> Markup {
        var html: Markup = "<h2>Merge history</h2>\n"
        if !detail.decisions.isEmpty {
            html += "<ul id=\"history\">"
            for decision in detail.decisions {
                html += """
                    <li>\(PageRenderer.minute(decision.createdAt)) · <strong>\(decision.action)</strong> “\(decision.incomingName)” (\(decision.reason)) from <a href="\(HTML.articlePath(decision.articleID))">\(decision.articleID)</a></li>
                    """
            }
            html += "</ul>"
        }
        if !detail.mergedVersions.isEmpty {
            html += "<h3>Versions kept from merged entities</h3>"
            for merged in detail.mergedVersions {
                var markdown = MarkdownRenderer(titles: titles)
                let text = Markup(trusted: markdown.render(merged.version.profile.text))
                html += """
                    <details><summary>\(merged.fromName) v\(merged.version.version) (merged \(PageRenderer.minute(merged.mergedAt)))</summary><div class="profile">\(text)</div></details>
                    """
            }
        }
        html += "\n"
        return html
    }
}
