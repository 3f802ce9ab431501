import Foundation
import HinboxCore

/// JSON shapes of the read commands (`--json`), stable for scripts.
enum JSONOutput {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }
}

struct ProfileJSON: Encodable {
    var id: String
    var type: String
    var name: String
    var aliases: [String]
    var version: Int
    var articleIds: [String]
    var tags: [String]

    init(_ summary: ProfileSummary) {
        id = summary.id
        type = summary.type.rawValue
        name = summary.name
        aliases = summary.aliases
        version = summary.version
        articleIds = summary.articleIDs
        tags = summary.tags
    }
}

struct ProfileDetailJSON: Encodable {
    struct Version: Encodable {
        var version: Int
        var text: String
        var tags: [String]
        var confidence: Double
        var sources: [String]
        var triggerArticleId: String
        /// The articles the version took in (several for a folded update).
        var covers: [String]
        var runId: String
        var createdAt: Date
        /// Verdicts on the cited sentences; absent when the version was not checked.
        var grounding: Grounding?

        init(_ record: ProfileVersionRecord) {
            version = record.version
            text = record.profile.text
            tags = record.profile.tags
            confidence = record.profile.confidence
            sources = record.profile.sources
            triggerArticleId = record.triggerArticleID
            covers = record.covers
            runId = record.runID
            createdAt = record.createdAt
            grounding = record.profile.grounding
        }
    }

    /// A version of an entity merged in by hand.
    struct MergedVersion: Encodable {
        var fromEntityId: String
        var fromName: String
        var mergedAt: Date
        var version: Version
    }

    var id: String
    var type: String
    var subtype: String?
    var name: String
    var aliases: [String]
    var startDate: String?
    var endDate: String?
    var version: Int
    var latestVersion: Int
    var text: String
    var tags: [String]
    var confidence: Double
    var sources: [String]
    var articleIds: [String]
    var versions: [Version]
    /// The merge history, oldest first.
    var decisions: [Decision]
    var mergedVersions: [MergedVersion]

    /// One resolution decision that created or merged into the entity. Candidates and the match
    /// check are the stored records themselves (their keys in snake case: `entity_id`, `is_match`).
    struct Decision: Encodable {
        /// The profile version it produced, when known.
        var version: Int?
        var articleId: String
        var runId: String
        var action: String
        var incomingName: String
        var entityId: String
        var reason: String
        var threshold: Double
        var bestCosine: Double?
        var bestLexical: Double?
        var candidates: [ResolutionCandidate]
        var matchCheck: MatchCheckResult?
        var createdAt: Date

        init(_ record: ResolutionRecord, versions: [ProfileVersionRecord]) {
            version = MergeHistory.version(of: record, in: versions)
            articleId = record.articleID
            runId = record.runID
            action = record.action
            incomingName = record.incomingName
            entityId = record.entityID
            reason = record.reason
            threshold = record.threshold
            let best = MergeHistory.best(of: record)
            bestCosine = best?.cosine
            bestLexical = best?.lexical
            candidates = record.candidates
            matchCheck = record.matchCheck
            createdAt = record.createdAt
        }
    }

    init(_ detail: ProfileDetail) {
        id = detail.entity.id
        type = detail.entity.type.rawValue
        subtype = detail.entity.subtype
        name = detail.entity.name
        aliases = detail.aliases
        startDate = detail.entity.startDate
        endDate = detail.entity.endDate
        version = detail.version.version
        latestVersion = detail.entity.currentVersion
        text = detail.version.profile.text
        tags = detail.version.profile.tags
        confidence = detail.version.profile.confidence
        sources = detail.version.profile.sources
        articleIds = detail.mentions.map(\.articleID)
        versions = detail.versions.map(Version.init)
        decisions = detail.decisions.map { Decision($0, versions: detail.versions) }
        mergedVersions = detail.mergedVersions.map {
            MergedVersion(fromEntityId: $0.fromEntityID, fromName: $0.fromName, mergedAt: $0.mergedAt, version: Version($0.version))
        }
    }
}

struct ArticleJSON: Encodable {
    struct Entity: Encodable {
        var id: String
        var type: String
        var name: String
        var mentionedAs: String
    }

    var id: String
    var title: String
    var url: String?
    var publishedDate: String?
    var source: String
    var status: String
    var error: String?
    var relevanceReason: String?
    var runId: String
    var traceId: String?
    var traceURL: String?
    var entities: [Entity]?

    init(_ record: ArticleRecord) {
        id = record.id
        title = record.title
        url = record.url
        publishedDate = record.publishedDate
        source = record.source
        status = record.status.rawValue
        error = record.error
        relevanceReason = record.relevanceReason
        runId = record.runID
        traceId = record.traceID
    }
}
