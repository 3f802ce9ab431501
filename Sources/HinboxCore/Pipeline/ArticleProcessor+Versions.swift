import Foundation

/// A profile version an article's commit stores: a new entity's first, or a known entity's
/// update folding the mentions that waited for the end of their block.
struct ScheduledVersion: Sendable {
    /// The entity with this version as its current one.
    var entity: KnownEntity
    /// The entity as the profile prompt names it.
    var named: ExtractedEntity
    /// The articles the version takes in, in input order.
    var articles: [Article]
    /// The waiting mentions it takes in (none for a new entity).
    var folded: [MentionKey]

    var isCreate: Bool { folded.isEmpty }
}

/// What an article's resolve turn schedules for the profiles.
struct VersionSchedule: Sendable {
    var versions: [ScheduledVersion] = []
    /// The article's updates of known entities, which wait for the end of the block.
    var waiting: [WaitingMention] = []
    /// Every entity the article changes, in its state after the article (latest profile as before).
    var touched: [KnownEntity] = []

    var folded: [MentionKey] { versions.flatMap(\.folded) }
}

extension ArticleProcessor {
    /// The article's versions: a first one per new entity, at once; its updates of known entities
    /// wait. When the article ends a block (`foldThrough`), every entity with mentions waiting
    /// from that block or an earlier one gets one version taking them all in, in input order.
    func schedule(
        _ resolved: [EntityResolver.Resolved], updates: [EntityUpdate], article: Article, position: Int, foldThrough: Int?,
        blocks: ProfileBlocks, waiting: [String: [WaitingMention]], index: EntityIndex, now: Date
    ) -> VersionSchedule {
        var schedule = VersionSchedule()
        // Each touched entity's state after the article, and the order it was first touched in.
        var current: [String: KnownEntity] = [:]
        var order: [String] = []
        for update in updates {
            let id = update.record.id
            if current[id] == nil { order.append(id) }
            current[id] = update.knownEntity(latestProfile: index.entities[id]?.latestProfile)
        }
        for (outcome, update) in zip(resolved, updates) {
            let id = update.record.id
            if outcome.decision.isMerge {
                schedule.waiting.append(WaitingMention(key: MentionKey(entityID: id, articleID: article.id), position: position, article: article))
            } else if let entity = current[id] {
                schedule.versions.append(ScheduledVersion(entity: entity, named: outcome.decision.entity, articles: [article], folded: []))
            }
        }
        if let through = foldThrough {
            var all = waiting
            for mention in schedule.waiting { all[mention.key.entityID, default: []].append(mention) }
            for id in all.keys.sorted() {
                let due = (all[id] ?? []).filter { blocks.block(of: $0.position) <= through }
                    .sorted { ($0.position, $0.key.articleID) < ($1.position, $1.key.articleID) }
                guard !due.isEmpty, var entity = current[id] ?? index.entities[id] else { continue }
                if current[id] == nil { order.append(id) }
                entity.record.currentVersion += 1
                entity.record.updatedAt = now
                current[id] = entity
                let named = ExtractedEntity(type: entity.record.type, name: entity.record.name, aliases: Array(entity.aliases.prefix(10)))
                schedule.versions.append(ScheduledVersion(entity: entity, named: named, articles: due.map(\.article), folded: due.map(\.key)))
            }
        }
        schedule.touched = order.compactMap { current[$0] }
        return schedule
    }
}
