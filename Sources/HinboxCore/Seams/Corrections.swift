import Foundation

/// Why a manual correction (`hinbox profiles merge/split`) was refused. Nothing was changed.
///
/// Compare with the static values to tell kinds apart (`error == .sameEntity`); ``description``
/// carries the details and what to do next.
public struct CorrectionError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case unknownEntity, ambiguousEntity, sameEntity, typesDiffer, unknownArticle, articleNotMentioned
    }

    private let code: Code
    public let description: String

    private init(_ code: Code, _ description: String = "") {
        self.code = code
        self.description = description
    }

    public static func == (lhs: CorrectionError, rhs: CorrectionError) -> Bool { lhs.code == rhs.code }

    /// No entity has this id, name or alias.
    public static let unknownEntity = CorrectionError(.unknownEntity)
    /// The name or alias belongs to several entities; an id is needed.
    public static let ambiguousEntity = CorrectionError(.ambiguousEntity)
    /// Both sides of a merge are one entity.
    public static let sameEntity = CorrectionError(.sameEntity)
    /// A merge of entities of different types.
    public static let typesDiffer = CorrectionError(.typesDiffer)
    /// A split by an article that is not in the database.
    public static let unknownArticle = CorrectionError(.unknownArticle)
    /// A split by an article that does not mention the entity.
    public static let articleNotMentioned = CorrectionError(.articleNotMentioned)

    package static func unknownEntity(_ query: String) -> CorrectionError {
        CorrectionError(.unknownEntity, "no entity has the id, name or alias '\(query)'; "
            + "`hinbox profiles list --search \"\(query)\"` shows the candidates and their ids")
    }

    package static func ambiguousEntity(_ query: String, ids: [String]) -> CorrectionError {
        CorrectionError(.ambiguousEntity, "'\(query)' names \(ids.count) entities (\(ids.joined(separator: ", "))); "
            + "pass the id of the one you mean")
    }

    package static func sameEntity(_ id: String, name: String) -> CorrectionError {
        CorrectionError(.sameEntity, "both sides name the same entity, '\(name)' (\(id)); nothing to merge")
    }

    package static func typesDiffer(_ target: EntityRecord, _ source: EntityRecord) -> CorrectionError {
        CorrectionError(.typesDiffer, "'\(target.name)' (\(target.id)) is a \(target.type.rawValue) but '\(source.name)' (\(source.id)) "
            + "is a \(source.type.rawValue); only entities of one type can be merged")
    }

    package static func unknownArticle(_ articleID: String) -> CorrectionError {
        CorrectionError(.unknownArticle, "no article '\(articleID)'; `hinbox articles list` shows the ids")
    }

    package static func articleNotMentioned(_ entity: EntityRecord, articleID: String, mentioned: [String]) -> CorrectionError {
        CorrectionError(.articleNotMentioned, "article '\(articleID)' does not mention '\(entity.name)' (\(entity.id)); "
            + (mentioned.isEmpty ? "it has no mentions" : "it is mentioned by \(mentioned.joined(separator: ", "))"))
    }
}

/// What `hinbox profiles merge` did.
public struct MergeOutcome: Sendable, Hashable {
    /// The entity that stayed, in its new state.
    public var kept: EntityRecord
    /// The entity merged into it, as it was before its row was deleted.
    public var removed: EntityRecord
    /// The new version of the kept profile (its text is both profiles, kept first).
    public var version: Int
    /// Articles whose mention moved to the kept entity.
    public var movedMentions: [String]
    /// Articles that mentioned both: the kept entity's mention stays, the other is dropped.
    public var droppedMentions: [String]
    /// Names of the removed entity that became aliases of the kept one.
    public var addedAliases: [String]
    /// The `run` row of this correction (domain and models `manual`).
    public var runID: String

    package init(
        kept: EntityRecord, removed: EntityRecord, version: Int, movedMentions: [String], droppedMentions: [String],
        addedAliases: [String], runID: String
    ) {
        self.kept = kept
        self.removed = removed
        self.version = version
        self.movedMentions = movedMentions
        self.droppedMentions = droppedMentions
        self.addedAliases = addedAliases
        self.runID = runID
    }
}

/// What `hinbox profiles split` did.
public struct SplitOutcome: Sendable, Hashable {
    /// The entity the mention was taken from.
    public var source: EntityRecord
    /// The new entity, named as the article named it.
    public var created: EntityRecord
    public var articleID: String
    /// The alias removed from the source because no other mention uses it (nil when none).
    public var removedAlias: String?
    /// The `run` row of this correction (domain and models `manual`).
    public var runID: String

    package init(source: EntityRecord, created: EntityRecord, articleID: String, removedAlias: String?, runID: String) {
        self.source = source
        self.created = created
        self.articleID = articleID
        self.removedAlias = removedAlias
        self.runID = runID
    }
}

/// Marks manual corrections (`hinbox profiles merge/split`) in the knowledge base.
public enum ManualCorrection {
    /// The `run` row's domain and models of a correction, and the `via` of the candidate its
    /// decision records (the entity merged away or split from).
    public static let marker = "manual"
}

extension ManualCorrection {
    /// The profile of a merge's new version: the kept text, a blank line, the removed text; tags
    /// and sources united (kept first); the lower confidence.
    public static func mergedProfile(kept: Profile, removed: Profile) -> Profile {
        Profile(
            text: kept.text + "\n\n" + removed.text,
            tags: (kept.tags + removed.tags).uniqued(),
            confidence: min(kept.confidence, removed.confidence),
            sources: (kept.sources + removed.sources).uniqued())
    }

    /// The kept entity after a merge: at `version`, updated `now`, tags united, and the fields it
    /// lacks taken from the removed entity.
    public static func mergedEntity(kept: EntityRecord, removed: EntityRecord, version: Int, at now: Date) -> EntityRecord {
        var updated = kept
        updated.currentVersion = version
        updated.updatedAt = now
        updated.tags = (kept.tags + removed.tags).uniqued()
        updated.subtype = kept.subtype ?? removed.subtype
        updated.description = kept.description ?? removed.description
        updated.startDate = kept.startDate ?? removed.startDate
        updated.endDate = kept.endDate ?? removed.endDate
        return updated
    }
}
