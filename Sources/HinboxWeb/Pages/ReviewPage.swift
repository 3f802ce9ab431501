import HinboxCore

/// `/review`: risky resolution decisions with both sides' evidence, and (with `--allow-edits`)
/// merge and split buttons that post the server's form token.
struct ReviewPage {
    struct Item {
        var id: Int64
        var action: String
        var incomingName: String
        var type: String
        var reason: String
        var threshold: String
        var score: String
        var margin: String
        var matchCheck: String?
        var articleID: String
        var articleHref: String
        var entityName: String
        var entityHref: String?
        var candidateName: String
        var candidateHref: String?
        var incomingEvidence: String
        var candidateEvidence: String
        var canMerge: Bool
        var mergeTarget: String
        var mergeTargetName: String
        var mergeSource: String
        var mergeSourceName: String
        var canSplit: Bool
        var splitEntity: String
    }

    var items: [Item]
    var editsEnabled: Bool
    var csrf: String

    static func render(_ queue: [ReviewItem], with renderer: PageRenderer) -> String {
        let items = queue.map { item -> Item in
            let decision = item.decision
            let entity = item.entity
            let candidate = item.candidateEntity
            // A `create` next to a close candidate may be the same entity: merge it in. A `merge`
            // may have joined two different ones: split this article's mention out.
            let canMerge = decision.action == "create" && entity != nil && candidate != nil && entity?.id != candidate?.id
            let canSplit = decision.action == "merge" && entity != nil
            return Item(
                id: item.id, action: decision.action, incomingName: decision.incomingName, type: decision.entityType.rawValue,
                reason: decision.reason, threshold: PageRenderer.score(decision.threshold),
                score: PageRenderer.score(item.candidate.map { $0.cosine ?? $0.lexical }),
                margin: PageRenderer.score(item.margin),
                matchCheck: decision.matchCheck.map { "\($0.isMatch ? "same" : "different"): \($0.reason)" },
                articleID: decision.articleID, articleHref: HTML.articlePath(decision.articleID),
                entityName: entity?.name ?? "\(decision.entityID) (gone)", entityHref: entity.map { HTML.entityPath($0.id) },
                candidateName: candidate?.name ?? item.candidate?.name ?? "–",
                candidateHref: candidate.map { HTML.entityPath($0.id) },
                incomingEvidence: item.incomingEvidence, candidateEvidence: item.candidateEvidence ?? "",
                canMerge: canMerge, mergeTarget: candidate?.id ?? "", mergeTargetName: candidate?.name ?? "",
                mergeSource: entity?.id ?? "", mergeSourceName: entity?.name ?? "",
                canSplit: canSplit, splitEntity: entity?.id ?? "")
        }
        let page = ReviewPage(items: items, editsEnabled: renderer.settings.allowEdits, csrf: renderer.formToken)
        return renderer.page("review", title: "Review queue", context: page)
    }
}
