import Foundation
public import HinboxCore
import HinboxStore

/// The read-only commands: `profiles list/show` and `articles list/show`.
public struct KnowledgeQueries: Sendable {
    public var store: any KnowledgeBase
    public var tracing: TracingSettings?

    public init(store: any KnowledgeBase, tracing: TracingSettings?) {
        self.store = store
        self.tracing = tracing
    }

    /// Opens the configured database; an error when a SQLite file does not exist yet.
    public static func open(_ configuration: AppConfiguration) async throws -> KnowledgeQueries {
        KnowledgeQueries(store: try await configuration.database.openExisting(), tracing: configuration.tracing)
    }

    public func listProfiles(type: EntityType?, search: String?, json: Bool) async throws -> String {
        let profiles = try await store.profiles(type: type, search: search)
        if json { return JSONOutput.encode(profiles.map(ProfileJSON.init)) }
        guard !profiles.isEmpty else { return "No profiles yet." }
        var lines: [String] = []
        for type in EntityType.allCases {
            let group = profiles.filter { $0.type == type }
            guard !group.isEmpty else { continue }
            lines.append("\(type.plural.capitalized) (\(group.count))")
            for profile in group {
                let aliases = profile.aliases.isEmpty ? "" : "  aka \(profile.aliases.joined(separator: ", "))"
                lines.append("  \(profile.name)\(aliases)  · v\(profile.version) · \(profile.articleIDs.count) article\(profile.articleIDs.count == 1 ? "" : "s") · \(profile.id)")
            }
        }
        return lines.joined(separator: "\n")
    }

    public func showProfile(_ nameOrID: String, version: Int?, json: Bool) async throws -> String {
        guard let detail = try await store.profileDetail(nameOrID: nameOrID, version: version) else {
            if version != nil, try await store.profileDetail(nameOrID: nameOrID, version: nil) != nil {
                throw ConfigError("'\(nameOrID)' has no version \(version!); see `hinbox profiles show \"\(nameOrID)\"` for its versions")
            }
            throw ConfigError("no profile matches '\(nameOrID)'; try `hinbox profiles list --search \"\(nameOrID)\"`")
        }
        if json { return JSONOutput.encode(ProfileDetailJSON(detail)) }
        let entity = detail.entity
        let current = detail.version
        var lines = ["# \(entity.name)", "\(entity.type.rawValue)\(entity.subtype.map { " · \($0)" } ?? "") · \(entity.id)"]
        if let start = entity.startDate { lines.append("date: \(start)\(entity.endDate.map { " – \($0)" } ?? "")") }
        if !detail.aliases.isEmpty { lines.append("aliases: \(detail.aliases.joined(separator: ", "))") }
        if !current.profile.tags.isEmpty { lines.append("tags: \(current.profile.tags.joined(separator: ", "))") }
        lines.append("version \(current.version) of \(entity.currentVersion) · confidence \(String(format: "%.2f", current.profile.confidence)) · from \(MergeHistory.articles(of: current))")
        lines += ["", current.profile.text, "", "Sources: \(current.profile.sources.joined(separator: ", "))"]
        lines += GroundingLines.lines(for: current.profile.grounding)
        lines.append("Versions:")
        for version in detail.versions {
            lines.append("  v\(version.version)  \(ISO8601DateFormatter().string(from: version.createdAt))  ← \(MergeHistory.covered(by: version))"
                + GroundingLines.suffix(for: version.profile.grounding))
        }
        if !detail.mentions.isEmpty {
            lines.append("Mentions:")
            for mention in detail.mentions {
                lines.append("  \(mention.articleID): \"\(mention.surfaceName)\"\(mention.pendingProfile ? " (its profile update waits for the end of its block)" : "")")
            }
        }
        if !detail.decisions.isEmpty {
            lines.append("Merge history:")
            for decision in detail.decisions { lines.append("  " + MergeHistory.line(decision, versions: detail.versions)) }
        }
        if !detail.mergedVersions.isEmpty {
            lines.append("Versions of entities merged in by hand:")
            for merged in detail.mergedVersions {
                let version = merged.version
                lines.append("  \(merged.fromEntityID) \"\(merged.fromName)\" v\(version.version)  \(ISO8601DateFormatter().string(from: version.createdAt))  ← \(MergeHistory.covered(by: version))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Every article, or those of one status, with failure and relevance reasons.
    public func listArticles(status: ArticleStatus? = nil, json: Bool) async throws -> String {
        let articles = try await store.articles(status: status)
        if json { return JSONOutput.encode(articles.map(ArticleJSON.init)) }
        guard !articles.isEmpty else { return status.map { "No \($0.rawValue) articles." } ?? "No articles yet." }
        return articles.map { article in
            var line = "\(article.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(article.id)  \(article.title)"
            if let reason = article.error ?? article.relevanceReason { line += "\n           \(reason)" }
            return line
        }.joined(separator: "\n")
    }

    public func showArticle(_ id: String, json: Bool) async throws -> String {
        guard let detail = try await store.articleDetail(id: id) else {
            throw ConfigError("no article '\(id)'; `hinbox articles list` shows the ids")
        }
        let article = detail.article
        let traceURL = article.traceID.flatMap { id in tracing.map { $0.traceURL(id) } }
        if json {
            var object = ArticleJSON(article)
            object.traceURL = traceURL
            object.entities = detail.entities.map { .init(id: $0.entity.id, type: $0.entity.type.rawValue, name: $0.entity.name, mentionedAs: $0.surfaceName) }
            return JSONOutput.encode(object)
        }
        var lines = ["# \(article.title)", "id: \(article.id) · status: \(article.status.rawValue) · source: \(article.source)"]
        if let date = article.publishedDate { lines.append("published: \(date)") }
        if let url = article.url { lines.append("url: \(url)") }
        if let reason = article.relevanceReason { lines.append("irrelevant: \(reason)") }
        if let error = article.error {
            lines.append("error: \(error)")
            lines.append("note: \(ResumeOrder.failedArticleNote)")
        }
        lines.append("run: \(article.runID)")
        lines.append("trace: \(traceURL ?? "(not traced)")")
        lines.append("Entities (\(detail.entities.count)):")
        for (entity, surface) in detail.entities {
            let mentioned = NameNormalizer.key(surface) == NameNormalizer.key(entity.name) ? "" : "  (as \"\(surface)\")"
            lines.append("  \(entity.type.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(entity.name)\(mentioned)")
        }
        return lines.joined(separator: "\n")
    }
}

/// How a profile's resolution decisions read in `profiles show`: one line per decision,
/// `v3 ← a7: merged "Whitfield" (surname, best cosine 0.91/lexical 0.85, no match check)`.
enum MergeHistory {
    /// The profile version a decision produced: the one that took its article in, in its run or,
    /// for an update folded by a resumed run, the latest one (nil when there is none yet, e.g. an
    /// update waiting for its block, or a version of an entity merged away by hand).
    static func version(of decision: ResolutionRecord, in versions: [ProfileVersionRecord]) -> Int? {
        let covering = versions.filter { $0.covers.contains(decision.articleID) }
        return (covering.first { $0.runID == decision.runID } ?? covering.last)?.version
    }

    /// The articles a version took in: `a7`, or `a7 (folding a3, a5, a7)` for a folded update.
    static func covered(by version: ProfileVersionRecord) -> String {
        version.foldedCovers.map { "\(version.triggerArticleID) (folding \($0.joined(separator: ", ")))" } ?? version.triggerArticleID
    }

    /// `article a7`, or `articles a3, a5, a7` for a folded update.
    static func articles(of version: ProfileVersionRecord) -> String {
        version.covers.count == 1 ? "article \(version.covers[0])" : "articles \(version.covers.joined(separator: ", "))"
    }

    /// The candidate that explains a decision: the entity merged into, else the best one.
    static func best(of decision: ResolutionRecord) -> ResolutionCandidate? {
        if decision.action == "merge", let chosen = decision.candidates.first(where: { $0.entityID == decision.entityID }) {
            return chosen
        }
        return decision.candidates.first
    }

    static func line(_ decision: ResolutionRecord, versions: [ProfileVersionRecord]) -> String {
        let version = version(of: decision, in: versions).map { "v\($0)" } ?? "v?"
        let verb = decision.action == "merge" ? "merged" : "created"
        var details = [decision.reason]
        if let best = best(of: decision) {
            if best.via == ManualCorrection.marker {
                details.append("\(decision.action == "merge" ? "was" : "from") \(best.entityID) \"\(best.name)\""
                    + (best.cosine.map { ", cosine \(format($0))" } ?? ""))
            } else {
                details.append("best cosine \(best.cosine.map(format) ?? "n/a")/lexical \(format(best.lexical)) via \(best.via)")
            }
        }
        if let check = decision.matchCheck {
            details.append("match check: \(check.isMatch ? "same" : "different") (\(format(check.confidence)))"
                + (check.reason.isEmpty ? "" : " \"\(check.reason)\""))
        } else {
            details.append("no match check")
        }
        return "\(version) ← \(decision.articleID): \(verb) \"\(decision.incomingName)\" (\(details.joined(separator: ", ")))"
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
