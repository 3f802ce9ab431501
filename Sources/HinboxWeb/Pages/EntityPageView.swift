import Foundation
import HinboxCore

/// `/entity/<id>?version=N`: the rendered profile with numbered citations, the version selector,
/// a diff against the previous version, why it changed, merge history and co-occurring entities.
struct EntityPageView {
    struct Option { var number: Int; var date: String; var selected: Bool }
    struct Link { var label: String; var href: String }
    struct Citation { var href: String; var title: String }
    struct Candidate { var name: String; var href: String?; var cosine: String; var lexical: String; var via: String }
    struct Decision {
        var action: String
        var incomingName: String
        var reason: String
        var threshold: String
        var matchCheck: String?
        var candidates: [Candidate]
        var hasCandidates: Bool
    }
    struct History { var date: String; var action: String; var incomingName: String; var reason: String; var articleID: String; var articleHref: String }
    struct Merged { var fromName: String; var version: Int; var mergedAt: String; var textHTML: String }
    struct Neighbour { var name: String; var href: String; var type: String; var shared: Int }
    struct Claim { var verdict: String; var sentence: String; var articleID: String; var articleHref: String; var note: String }
    struct GroundingView { var summary: String; var claims: [Claim]; var revised: Bool; var firstUnsupported: [Claim] }

    var id: String
    var name: String
    var type: String
    var typeLabel: String
    var typeHref: String
    var selfHref: String
    var subtype: String?
    var aliases: String?
    var tags: [Link]
    var hasTags: Bool
    var dates: String?
    var confidence: String
    var confidenceLevel: String
    var version: Int
    var latest: Int
    var versionOptions: [Option]
    var timelineSVG: String
    var profileHTML: String
    var citations: [Citation]
    var hasCitations: Bool
    var grounding: GroundingView?
    /// The articles the version took in (several for a folded update).
    var covered: [Link]
    var traceURL: String?
    var decision: Decision?
    var previous: Int?
    var diffHTML: String?
    var history: [History]
    var hasHistory: Bool
    var merged: [Merged]
    var hasMerged: Bool
    var appearsWith: [Neighbour]
    var hasAppearsWith: Bool
    var articles: [Link]

    static func render(_ detail: ProfileDetail, appearsWith: [CoOccurrence], trigger: ArticleRecord?,
                       titles: [String: String], with renderer: PageRenderer) -> String {
        let entity = detail.entity
        let current = detail.version
        var markdown = MarkdownRenderer(titles: titles)
        let profileHTML = markdown.render(current.profile.text)
        let previous = detail.versions.last { $0.version < current.version }
        let decision = detail.decisions.last { current.covers.contains($0.articleID) }
        let confidence = current.profile.confidence
        let listPath = HTML.listPath(entity.type)
        let tags: [Link] = current.profile.tags.map { Link(label: $0, href: listPath + HTML.query([("tag", $0)])) }
        let options: [Option] = detail.versions.reversed().map {
            Option(number: $0.version, date: PageRenderer.day($0.createdAt), selected: $0.version == current.version)
        }
        let points: [TimelineSVG.Point] = detail.versions.map {
            TimelineSVG.Point(date: $0.createdAt, short: "v\($0.version)", label: "v\($0.version) · \(titles[$0.triggerArticleID] ?? $0.triggerArticleID)",
                              href: HTML.entityPath(entity.id, version: $0.version))
        }
        let history: [History] = detail.decisions.map {
            History(date: PageRenderer.minute($0.createdAt), action: $0.action, incomingName: $0.incomingName,
                    reason: $0.reason, articleID: $0.articleID, articleHref: HTML.articlePath($0.articleID))
        }
        let merged: [Merged] = detail.mergedVersions.map { merged in
            var markdown = MarkdownRenderer(titles: titles)
            return Merged(fromName: merged.fromName, version: merged.version.version,
                          mergedAt: PageRenderer.minute(merged.mergedAt), textHTML: markdown.render(merged.version.profile.text))
        }
        let neighbours: [Neighbour] = appearsWith.map {
            Neighbour(name: $0.entity.name, href: HTML.entityPath($0.entity.id), type: $0.entity.type.rawValue, shared: $0.sharedArticles)
        }
        let articles: [Link] = detail.mentions.map {
            Link(label: titles[$0.articleID] ?? $0.articleID, href: HTML.articlePath($0.articleID))
        }
        let citations: [Citation] = markdown.citations.map { Citation(href: HTML.articlePath($0), title: titles[$0] ?? $0) }
        var dates: String?
        if let start = entity.startDate { dates = entity.endDate.map { "\(start) – \($0)" } ?? start }
        let level = confidence >= 0.75 ? "High" : confidence >= 0.5 ? "Medium" : "Low"
        let traceURL = trigger?.traceID.flatMap { renderer.phoenixURL("/redirects/traces/\(HTML.segment($0))") }
        let diffHTML = previous.map { WordDiff.html(from: $0.profile.text, to: current.profile.text) }
        let page = EntityPageView(
            id: entity.id, name: entity.name, type: entity.type.rawValue, typeLabel: entity.type.plural.capitalized,
            typeHref: listPath, selfHref: HTML.entityPath(entity.id), subtype: entity.subtype,
            aliases: detail.aliases.isEmpty ? nil : detail.aliases.joined(separator: ", "),
            tags: tags, hasTags: !tags.isEmpty, dates: dates, confidence: String(format: "%.2f", confidence),
            confidenceLevel: level, version: current.version, latest: entity.currentVersion, versionOptions: options,
            timelineSVG: points.count > 1 ? TimelineSVG.render(points, title: "Versions of \(entity.name)") : "",
            profileHTML: profileHTML, citations: citations, hasCitations: !citations.isEmpty,
            grounding: current.profile.grounding.map(Self.grounding),
            covered: current.covers.map { Link(label: titles[$0] ?? $0, href: HTML.articlePath($0)) }, traceURL: traceURL,
            decision: decision.map(Self.decision), previous: previous?.version, diffHTML: diffHTML,
            history: history, hasHistory: !history.isEmpty, merged: merged, hasMerged: !merged.isEmpty,
            appearsWith: neighbours, hasAppearsWith: !neighbours.isEmpty, articles: articles)
        return renderer.page("entity", title: entity.name, context: page, activeType: entity.type)
    }

    private static func grounding(_ grounding: Grounding) -> GroundingView {
        let row = { (claim: Grounding.Claim) in
            Claim(verdict: claim.verdict.rawValue, sentence: claim.sentence, articleID: claim.articleID,
                  articleHref: HTML.articlePath(claim.articleID), note: claim.note)
        }
        return GroundingView(
            summary: grounding.summary, claims: grounding.claims.map(row), revised: grounding.revised,
            firstUnsupported: grounding.firstCheck.filter { $0.verdict == .unsupported }.map(row))
    }

    private static func decision(_ record: ResolutionRecord) -> Decision {
        let candidates = record.candidates.map {
            Candidate(name: $0.name, href: HTML.entityPath($0.entityID), cosine: PageRenderer.score($0.cosine),
                      lexical: PageRenderer.score($0.lexical), via: $0.via)
        }
        return Decision(
            action: record.action, incomingName: record.incomingName, reason: record.reason,
            threshold: PageRenderer.score(record.threshold),
            matchCheck: record.matchCheck.map { "\($0.isMatch ? "same" : "different") (\(PageRenderer.score($0.confidence))): \($0.reason)" },
            candidates: candidates, hasCandidates: !candidates.isEmpty)
    }
}
