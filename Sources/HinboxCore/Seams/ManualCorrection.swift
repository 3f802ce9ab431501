public import Foundation

/// Marks manual corrections (`hinbox profiles merge/split`) in the knowledge base.
public enum ManualCorrection {
    /// The `run` row's domain and models of a correction, and the `via` of the candidate its
    /// decision records (the entity merged away or split from).
    public static let marker = "manual"
}

extension ManualCorrection {
    /// The profile of a merge's new version: the kept text, a blank line, the removed text; tags
    /// and sources united (kept first); the lower confidence; the grounding verdicts both texts'
    /// sentences had (nil when neither was checked).
    public static func mergedProfile(kept: Profile, removed: Profile) -> Profile {
        let checked = [kept.grounding, removed.grounding].compactMap { $0 }
        return Profile(
            text: kept.text + "\n\n" + removed.text,
            tags: (kept.tags + removed.tags).uniqued(),
            confidence: min(kept.confidence, removed.confidence),
            sources: (kept.sources + removed.sources).uniqued(),
            grounding: checked.isEmpty ? nil : Grounding(claims: checked.flatMap(\.claims)))
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
