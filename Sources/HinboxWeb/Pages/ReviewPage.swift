import Foundation
import HinboxCore

/// `/review`: risky resolution decisions with both sides' evidence, and (with `--allow-edits`)
/// merge and split buttons that post the server's form token.
enum ReviewPage {
    static func render(_ queue: [ReviewItem], with renderer: PageRenderer) -> String {
        var body: Markup = """
            <h1>Review queue</h1>
            <p class="muted">Resolution decisions closest to their threshold, and match checks that said no — riskiest first.</p>

            """
        if !renderer.settings.allowEdits {
            body += """
                <p class="notice" id="edits-off">Read-only: to merge or split from here, restart with <code>hinbox serve --allow-edits</code>.</p>

                """
        }
        for item in queue { body += Self.item(item, with: renderer) }
        if queue.isEmpty { body += "<p>Nothing to review.</p>\n" }
        return renderer.page(title: "Review queue", body: body)
    }

    private static func item(_ item: ReviewItem, with renderer: PageRenderer) -> Markup {
        let decision = item.decision
        let entity = item.entity
        let candidate = item.candidateEntity
        var html: Markup = """
            <section class="review" id="review-\(Int(item.id))">
            <h2>\(decision.action) “\(decision.incomingName)” <span class="muted">\(decision.entityType.rawValue) · margin \(PageRenderer.score(item.margin))</span></h2>
            <p>\(decision.reason) · threshold \(PageRenderer.score(decision.threshold)) · score \(PageRenderer.score(item.candidate.map { $0.cosine ?? $0.lexical }))
            """
        if let check = decision.matchCheck {
            let verdict = check.isMatch ? "same" : "different"
            html += " · match check: \(verdict): \(check.reason)"
        }
        html += """
             · article <a href="\(HTML.articlePath(decision.articleID))">\(decision.articleID)</a></p>
            <div class="sides"><div><h3>\(link(entity, else: "\(decision.entityID) (gone)"))</h3><p class="evidence">\(item.incomingEvidence)</p></div>
            <div><h3>\(link(candidate, else: item.candidate?.name ?? "–"))</h3><p class="evidence">\(item.candidateEvidence ?? "")</p></div></div>

            """
        guard renderer.settings.allowEdits, let entity else { return html + "</section>" }
        // A `create` next to a close candidate may be the same entity: merge it in. A `merge`
        // may have joined two different ones: split this article's mention out.
        if decision.action == "create", let candidate, entity.id != candidate.id {
            html += """
                <form method="post" action="/review/merge"><input type="hidden" name="csrf" value="\(renderer.formToken)"><input type="hidden" name="target" value="\(candidate.id)"><input type="hidden" name="source" value="\(entity.id)"><button class="merge" type="submit">Merge \(entity.name) into \(candidate.name)</button></form>
                """
        }
        html += "\n"
        if decision.action == "merge" {
            html += """
                <form method="post" action="/review/split"><input type="hidden" name="csrf" value="\(renderer.formToken)"><input type="hidden" name="entity" value="\(entity.id)"><input type="hidden" name="article" value="\(decision.articleID)"><button class="split" type="submit">Split \(decision.articleID) out of \(entity.name)</button></form>
                """
        }
        return html + "\n</section>"
    }

    /// The entity's name linked to its page, or `fallback` as text when there is no entity.
    private static func link(_ entity: EntityRecord?, else fallback: String) -> Markup {
        guard let entity else { return "\(fallback)" }
        return "<a href=\"\(HTML.entityPath(entity.id))\">\(entity.name)</a>"
    }
}
