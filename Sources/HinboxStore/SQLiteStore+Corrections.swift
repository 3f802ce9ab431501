public import Foundation
import GRDB
public import HinboxCore

extension SQLiteStore {
    /// The marker of manual corrections: the `run` row's domain and models, and the `via` of the
    /// candidate a correction decision records (the entity merged away or split from).
    public static let manual = ManualCorrection.marker

    /// Merges entity `source` into entity `target`, in one transaction. Both are ids, names or
    /// aliases (an ambiguous name is refused).
    ///
    /// The target keeps its id, name and type. The source's name and aliases become aliases of the
    /// target; its mentions move to the target (an article that mentions both keeps the target's
    /// mention); its decisions are re-pointed to the target, so the merge history stays whole; its
    /// evidence vector moves only when the target has none. The target gets a new profile version
    /// whose text is its latest text, a blank line, and the source's latest text (sources and tags
    /// united), triggered by the source's most recent article. A `resolution_decision` (action
    /// `merge`, reason `manual merge`, the source as its only candidate, via `manual`) is logged
    /// under a new `manual` run. The source's profile versions are kept under the target
    /// (``ProfileDetail/mergedVersions``). Then the source's row is deleted, with its remaining
    /// aliases, mentions and vector.
    public func mergeEntities(into target: String, from source: String, at now: Date) async throws -> MergeOutcome {
        try await correct("the merge of '\(source)' into '\(target)'") { db in
            let kept = try Self.correctionEntity(target, db)
            let removed = try Self.correctionEntity(source, db)
            guard kept.id != removed.id else { throw CorrectionError.sameEntity(kept.id, name: kept.name) }
            guard kept.type == removed.type else { throw CorrectionError.typesDiffer(try kept.record(), try removed.record()) }
            let keptLatest = try Self.latestVersion(of: kept, db)
            let removedLatest = try Self.latestVersion(of: removed, db)
            let trigger = try Self.mostRecentArticle(of: removed.id, db) ?? removedLatest.triggerArticleID
            let runID = try Self.startManualRun("hinbox profiles merge \(kept.id) \(removed.id)", at: now, db)

            // Names.
            var knownKeys = Set(try String.fetchAll(db, sql: "SELECT normalized FROM alias WHERE entity_id = ?", arguments: [kept.id]))
            knownKeys.insert(NameNormalizer.key(kept.name))
            var addedAliases: [String] = []
            let removedAliases = try String.fetchAll(
                db, sql: "SELECT alias FROM alias WHERE entity_id = ? ORDER BY rowid", arguments: [removed.id])
            for name in [removed.name] + removedAliases {
                let alias = AliasRecord(entityID: kept.id, alias: name)
                guard !alias.normalized.isEmpty, knownKeys.insert(alias.normalized).inserted else { continue }
                try AliasRow(alias).insertIfNew(db)
                addedAliases.append(name)
            }

            // Mentions: the target's mention of an article wins.
            let keptArticles = Set(try String.fetchAll(db, sql: "SELECT article_id FROM mention WHERE entity_id = ?", arguments: [kept.id]))
            let removedArticles = try String.fetchAll(
                db, sql: "SELECT article_id FROM mention WHERE entity_id = ? ORDER BY article_id", arguments: [removed.id])
            let moved = removedArticles.filter { !keptArticles.contains($0) }
            let dropped = removedArticles.filter { keptArticles.contains($0) }
            for articleID in moved {
                try db.execute(sql: "UPDATE mention SET entity_id = ? WHERE entity_id = ? AND article_id = ?",
                               arguments: [kept.id, removed.id, articleID])
            }

            // History and evidence survive the deletion below.
            try db.execute(sql: "UPDATE resolution_decision SET entity_id = ? WHERE entity_id = ?", arguments: [kept.id, removed.id])
            let keptCosine = try Self.cosine(of: kept.id, and: removed.id, db)
            if try !EmbeddingRow.exists(db, key: kept.id) {
                try db.execute(sql: "UPDATE entity_embedding SET entity_id = ? WHERE entity_id = ?", arguments: [kept.id, removed.id])
            }

            // The new version of the target: both texts, with the verdicts their sentences had.
            let version = kept.currentVersion + 1
            let profile = ManualCorrection.mergedProfile(kept: keptLatest.profile, removed: removedLatest.profile)
            try ProfileVersionRow(ProfileVersionRecord(
                entityID: kept.id, version: version, profile: profile, triggerArticleID: trigger, runID: runID, createdAt: now)).insert(db)
            let other = try removed.record()
            let updated = ManualCorrection.mergedEntity(kept: try kept.record(), removed: other, version: version, at: now)
            try EntityRow(updated).upsertKeepingCreation(db)

            var decision = DecisionRow(ResolutionRecord(
                runID: runID, articleID: trigger, entityType: updated.type, incomingName: removed.name, action: "merge",
                entityID: kept.id, reason: "manual merge", threshold: 0,
                candidates: [ResolutionCandidate(entityID: removed.id, name: removed.name, cosine: keptCosine, lexical: 0, via: Self.manual)],
                matchCheck: nil, createdAt: now))
            try decision.insert(db)

            // The source's versions (and any it holds from earlier merges) stay readable under the target.
            try db.execute(sql: "UPDATE merged_profile_version SET entity_id = ? WHERE entity_id = ?", arguments: [kept.id, removed.id])
            try db.execute(sql: """
                INSERT INTO merged_profile_version
                    (entity_id, from_entity_id, from_name, version, text, tags, confidence, sources,
                     trigger_article_id, run_id, created_at, merged_at, grounding, covers)
                SELECT ?, entity_id, ?, version, text, tags, confidence, sources, trigger_article_id, run_id, created_at, ?, grounding,
                       covers
                FROM profile_version WHERE entity_id = ?
                """, arguments: [kept.id, removed.name, now, removed.id])

            try EntityRow.deleteOne(db, key: removed.id)
            return MergeOutcome(
                kept: updated, removed: other, version: version, movedMentions: moved, droppedMentions: dropped,
                addedAliases: addedAliases, runID: runID)
        }
    }

    /// Moves the mention of `articleID` out of `entity` (an id, name or alias) into a new entity,
    /// in one transaction.
    ///
    /// The new entity has the mention's surface name and the source's type, a fresh id, and a
    /// version 1 profile "Split from <source> by hand." followed by the mention's evidence, cited
    /// `^[article]`. A `resolution_decision` (action `create`, reason `manual split`, the source as
    /// its only candidate, via `manual`) is logged under a new `manual` run. The source keeps its
    /// profile versions and decisions (history); it loses the alias the article gave it when no
    /// other of its mentions uses that name.
    public func splitEntity(_ entity: String, article articleID: String, at now: Date) async throws -> SplitOutcome {
        try await correct("the split of article '\(articleID)' from '\(entity)'") { db in
            let source = try Self.correctionEntity(entity, db)
            guard try ArticleRow.exists(db, key: articleID) else { throw CorrectionError.unknownArticle(articleID) }
            guard let mention = try MentionRow
                .filter(MentionRow.Columns.entityID == source.id && MentionRow.Columns.articleID == articleID)
                .fetchOne(db)
            else {
                let mentioned = try String.fetchAll(
                    db, sql: "SELECT article_id FROM mention WHERE entity_id = ? ORDER BY article_id", arguments: [source.id])
                throw CorrectionError.articleNotMentioned(try source.record(), articleID: articleID, mentioned: mentioned)
            }
            let record = try source.record()
            let runID = try Self.startManualRun("hinbox profiles split \(source.id) --article \(articleID)", at: now, db)

            let name = mention.surfaceName
            let id = try Self.freshID(type: record.type, seed: "split|\(source.id)|\(articleID)|\(name)", db)
            let created = EntityRecord(
                id: id, type: record.type, name: name, key: EntityKey(type: record.type, name: name).description,
                currentVersion: 1, createdAt: now, updatedAt: now)
            try EntityRow(created).upsertKeepingCreation(db)
            try db.execute(sql: "UPDATE mention SET entity_id = ? WHERE entity_id = ? AND article_id = ?",
                           arguments: [id, source.id, articleID])
            let evidence = mention.evidence.trimmingCharacters(in: .whitespacesAndNewlines)
            let text = "Split from \(source.name) by hand." + (evidence.isEmpty ? "" : "\n\n\(evidence)") + " ^[\(articleID)]"
            try ProfileVersionRow(ProfileVersionRecord(
                entityID: id, version: 1, profile: Profile(text: text, sources: [articleID]), triggerArticleID: articleID,
                runID: runID, createdAt: now)).insert(db)
            var decision = DecisionRow(ResolutionRecord(
                runID: runID, articleID: articleID, entityType: record.type, incomingName: name, action: "create",
                entityID: id, reason: "manual split", threshold: 0,
                candidates: [ResolutionCandidate(entityID: source.id, name: source.name, cosine: nil, lexical: 0, via: Self.manual)],
                matchCheck: nil, createdAt: now))
            try decision.insert(db)

            // The source no longer answers to a name only this article gave it.
            var removedAlias: String?
            let key = NameNormalizer.key(name)
            let stillUsed = try String.fetchAll(db, sql: "SELECT surface_name FROM mention WHERE entity_id = ?", arguments: [source.id])
                .contains { NameNormalizer.key($0) == key }
            if key != NameNormalizer.key(source.name), !stillUsed,
               let alias = try String.fetchOne(db, sql: "SELECT alias FROM alias WHERE entity_id = ? AND normalized = ?", arguments: [source.id, key])
            {
                try db.execute(sql: "DELETE FROM alias WHERE entity_id = ? AND normalized = ?", arguments: [source.id, key])
                removedAlias = alias
            }
            return SplitOutcome(source: record, created: created, articleID: articleID, removedAlias: removedAlias, runID: runID)
        }
    }

    // MARK: - Helpers

    /// Runs `body` in one write transaction, turning database failures into ``StoreError``s
    /// (a ``CorrectionError`` passes through unchanged).
    private func correct<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw StoreError.busy(path: path)
            default: throw StoreError.writeFailed(what: what, reason: error.message ?? "\(error.resultCode)")
            }
        }
    }

    /// The entity a correction names: an id, else the one entity with that name, else the one
    /// with that alias (case-, diacritic- and width-insensitive). Several matches are refused.
    static func correctionEntity(_ query: String, _ db: Database) throws -> EntityRow {
        let query = query.trimmingCharacters(in: .whitespacesAndNewlines)
        if let row = try EntityRow.fetchOne(db, key: query) { return row }
        let byName = try EntityRow.fetchAll(db, sql: "SELECT * FROM entity WHERE hinbox_fold(name) = ? ORDER BY id", arguments: [fold(query)])
        let matches = byName.isEmpty
            ? try EntityRow.fetchAll(db, sql: """
                SELECT * FROM entity WHERE id IN (
                    SELECT entity_id FROM alias WHERE hinbox_fold(alias) = ? OR normalized = ?) ORDER BY id
                """, arguments: [fold(query), NameNormalizer.key(query)])
            : byName
        guard let first = matches.first else { throw CorrectionError.unknownEntity(query) }
        guard matches.count == 1 else { throw CorrectionError.ambiguousEntity(query, ids: matches.map(\.id)) }
        return first
    }

    private static func latestVersion(of entity: EntityRow, _ db: Database) throws -> ProfileVersionRecord {
        guard let row = try ProfileVersionRow
            .filter(ProfileVersionRow.Columns.entityID == entity.id && ProfileVersionRow.Columns.version == entity.currentVersion)
            .fetchOne(db)
        else {
            throw StoreError.corruptValue(table: "entity", id: entity.id, column: "current_version", value: String(entity.currentVersion))
        }
        return row.record
    }

    /// The most recently processed article that mentions the entity or triggered one of its versions.
    private static func mostRecentArticle(of entityID: String, _ db: Database) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT id FROM article WHERE id IN (
                SELECT article_id FROM mention WHERE entity_id = ?1
                UNION SELECT trigger_article_id FROM profile_version WHERE entity_id = ?1)
            ORDER BY processed_at DESC, id DESC LIMIT 1
            """, arguments: [entityID])
    }

    /// The cosine of two entities' evidence vectors, when both exist from one model and dimension.
    private static func cosine(of first: String, and second: String, _ db: Database) throws -> Double? {
        guard let a = try EmbeddingRow.fetchOne(db, key: first)?.record(),
              let b = try EmbeddingRow.fetchOne(db, key: second)?.record(),
              a.model == b.model, a.dimension == b.dimension
        else { return nil }
        let dot = zip(a.vector, b.vector).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        return dot.isFinite ? dot : nil
    }

    /// Inserts the `run` row of one correction; its id is returned.
    private static func startManualRun(_ command: String, at now: Date, _ db: Database) throws -> String {
        let id = "manual-\(UUID().uuidString.lowercased())"
        try RunRecord(
            id: id, startedAt: now, finishedAt: now, inputPath: command, domain: manual, model: manual, embeddingModel: manual).insert(db)
        return id
    }

    /// A stable new entity id from `seed`, salted until no entity has it.
    private static func freshID(type: EntityType, seed: String, _ db: Database) throws -> String {
        var salt = 0
        while true {
            let id = "\(type.idPrefix)_\(Hashing.sha256Hex(salt == 0 ? seed : "\(seed)|\(salt)").prefix(10))"
            if try !EntityRow.exists(db, key: id) { return id }
            salt += 1
        }
    }
}
