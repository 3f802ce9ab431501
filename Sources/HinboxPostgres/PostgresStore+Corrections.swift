public import Foundation
public import HinboxCore
import PostgresNIO

extension PostgresStore {
    /// Merges entity `source` into entity `target` in one transaction, exactly as the SQLite
    /// store does (`SQLiteStore.mergeEntities(into:from:at:)` documents every step).
    public func mergeEntities(into target: String, from source: String, at now: Date) async throws -> MergeOutcome {
        try await write("merge '\(source)' into '\(target)'") { connection in
            let kept = try await correctionEntity(target, connection)
            let removed = try await correctionEntity(source, connection)
            guard kept.id != removed.id else { throw CorrectionError.sameEntity(kept.id, name: kept.name) }
            guard kept.type == removed.type else { throw CorrectionError.typesDiffer(kept, removed) }
            let keptLatest = try await latestVersion(of: kept, connection)
            let removedLatest = try await latestVersion(of: removed, connection)
            let trigger = try await mostRecentArticle(of: removed.id, connection) ?? removedLatest.triggerArticleID
            let runID = try await startManualRun("hinbox profiles merge \(kept.id) \(removed.id)", at: now, connection)

            // Names.
            var knownKeys = Set(try await connection.query(
                "SELECT normalized FROM alias WHERE entity_id = \(kept.id)", logger: logger).all(String.self))
            knownKeys.insert(NameNormalizer.key(kept.name))
            var addedAliases: [String] = []
            let removedAliases = try await aliasesByEntity([removed.id], connection)[removed.id] ?? []
            for name in [removed.name] + removedAliases {
                let alias = AliasRecord(entityID: kept.id, alias: name)
                guard !alias.normalized.isEmpty, knownKeys.insert(alias.normalized).inserted else { continue }
                try await insertIfNew([alias], connection)
                addedAliases.append(name)
            }

            // Mentions: the target's mention of an article wins.
            let keptArticles = Set(try await connection.query(
                "SELECT article_id FROM mention WHERE entity_id = \(kept.id)", logger: logger).all(String.self))
            let removedArticles = try await connection.query(
                "SELECT article_id FROM mention WHERE entity_id = \(removed.id) ORDER BY article_id", logger: logger).all(String.self)
            let moved = removedArticles.filter { !keptArticles.contains($0) }
            let dropped = removedArticles.filter { keptArticles.contains($0) }
            try await connection.query("""
                UPDATE mention SET entity_id = \(kept.id) WHERE entity_id = \(removed.id) AND article_id = ANY(\(moved))
                """, logger: logger)

            // History and evidence survive the deletion below.
            try await connection.query(
                "UPDATE resolution_decision SET entity_id = \(kept.id) WHERE entity_id = \(removed.id)", logger: logger)
            let keptCosine = try await cosine(of: kept.id, and: removed.id, connection)
            try await connection.query("""
                UPDATE entity_embedding SET entity_id = \(kept.id) WHERE entity_id = \(removed.id)
                AND NOT EXISTS (SELECT 1 FROM entity_embedding WHERE entity_id = \(kept.id))
                """, logger: logger)

            // The new version of the target.
            let version = kept.currentVersion + 1
            let profile = ManualCorrection.mergedProfile(kept: keptLatest.profile, removed: removedLatest.profile)
            try await insert([ProfileVersionRecord(
                entityID: kept.id, version: version, profile: profile, triggerArticleID: trigger, runID: runID, createdAt: now)],
                connection)
            let updated = ManualCorrection.mergedEntity(kept: kept, removed: removed, version: version, at: now)
            try await upsert([updated], connection)

            try await insert([ResolutionRecord(
                runID: runID, articleID: trigger, entityType: updated.type, incomingName: removed.name, action: "merge",
                entityID: kept.id, reason: "manual merge", threshold: 0,
                candidates: [ResolutionCandidate(
                    entityID: removed.id, name: removed.name, cosine: keptCosine, lexical: 0, via: ManualCorrection.marker)],
                matchCheck: nil, createdAt: now)], connection)

            // The source's versions (and any it holds from earlier merges) stay readable under the target.
            try await connection.query(
                "UPDATE merged_profile_version SET entity_id = \(kept.id) WHERE entity_id = \(removed.id)", logger: logger)
            try await connection.query("""
                INSERT INTO merged_profile_version
                    (entity_id, from_entity_id, from_name, version, text, tags, confidence, sources,
                     trigger_article_id, run_id, created_at, merged_at, grounding, covers)
                SELECT \(kept.id), entity_id, \(removed.name), version, text, tags, confidence, sources, trigger_article_id,
                       run_id, created_at, \(StoredDate(now)), grounding, covers
                FROM profile_version WHERE entity_id = \(removed.id)
                """, logger: logger)

            try await connection.query("DELETE FROM entity WHERE id = \(removed.id)", logger: logger)
            return MergeOutcome(
                kept: updated, removed: removed, version: version, movedMentions: moved, droppedMentions: dropped,
                addedAliases: addedAliases, runID: runID)
        }
    }

    /// Moves the mention of `articleID` out of `entity` into a new entity in one transaction,
    /// exactly as the SQLite store does (`SQLiteStore.splitEntity(_:article:at:)`).
    public func splitEntity(_ entity: String, article articleID: String, at now: Date) async throws -> SplitOutcome {
        try await write("split article '\(articleID)' from '\(entity)'") { connection in
            let source = try await correctionEntity(entity, connection)
            guard try await connection.query("SELECT id FROM article WHERE id = \(articleID)", logger: logger).first(String.self) != nil
            else { throw CorrectionError.unknownArticle(articleID) }
            guard let mention = try await connection.query("""
                SELECT surface_name, evidence FROM mention WHERE entity_id = \(source.id) AND article_id = \(articleID)
                """, logger: logger).rows().first
            else {
                let mentioned = try await connection.query(
                    "SELECT article_id FROM mention WHERE entity_id = \(source.id) ORDER BY article_id", logger: logger).all(String.self)
                throw CorrectionError.articleNotMentioned(source, articleID: articleID, mentioned: mentioned)
            }
            let runID = try await startManualRun("hinbox profiles split \(source.id) --article \(articleID)", at: now, connection)

            let name = try mention.value("surface_name", as: String.self)
            let id = try await freshID(type: source.type, seed: "split|\(source.id)|\(articleID)|\(name)", connection)
            let created = EntityRecord(
                id: id, type: source.type, name: name, key: EntityKey(type: source.type, name: name).description,
                currentVersion: 1, createdAt: now, updatedAt: now)
            try await upsert([created], connection)
            try await connection.query("""
                UPDATE mention SET entity_id = \(id) WHERE entity_id = \(source.id) AND article_id = \(articleID)
                """, logger: logger)
            let evidence = try mention.value("evidence", as: String.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let text = "Split from \(source.name) by hand." + (evidence.isEmpty ? "" : "\n\n\(evidence)") + " ^[\(articleID)]"
            try await insert([ProfileVersionRecord(
                entityID: id, version: 1, profile: Profile(text: text, sources: [articleID]), triggerArticleID: articleID,
                runID: runID, createdAt: now)], connection)
            try await insert([ResolutionRecord(
                runID: runID, articleID: articleID, entityType: source.type, incomingName: name, action: "create",
                entityID: id, reason: "manual split", threshold: 0,
                candidates: [ResolutionCandidate(entityID: source.id, name: source.name, cosine: nil, lexical: 0, via: ManualCorrection.marker)],
                matchCheck: nil, createdAt: now)], connection)

            // The source no longer answers to a name only this article gave it.
            var removedAlias: String?
            let key = NameNormalizer.key(name)
            let stillUsed = try await connection.query(
                "SELECT surface_name FROM mention WHERE entity_id = \(source.id)", logger: logger).all(String.self)
                .contains { NameNormalizer.key($0) == key }
            if key != NameNormalizer.key(source.name), !stillUsed {
                removedAlias = try await connection.query("""
                    DELETE FROM alias WHERE entity_id = \(source.id) AND normalized = \(key) RETURNING alias
                    """, logger: logger).first(String.self)
            }
            return SplitOutcome(source: source, created: created, articleID: articleID, removedAlias: removedAlias, runID: runID)
        }
    }

    // MARK: - Helpers

    /// The entity a correction names: an id, else the one entity with that (folded) name, else
    /// the one with that alias. Several matches are refused.
    private func correctionEntity(_ query: String, _ connection: PostgresConnection) async throws -> EntityRecord {
        let query = query.trimmingCharacters(in: .whitespacesAndNewlines)
        let columns = PostgresRecords.entityColumns
        if let entity = try await connection.query("SELECT \(unescaped: columns) FROM entity WHERE id = \(query)", logger: logger)
            .rows().first.map(PostgresRecords.entity) {
            return entity
        }
        let folded = TextFolding.fold(query)
        var matches = try await connection.query(
            "SELECT \(unescaped: columns) FROM entity WHERE name_fold = \(folded) ORDER BY id", logger: logger)
            .rows().map(PostgresRecords.entity)
        if matches.isEmpty {
            matches = try await connection.query("""
                SELECT \(unescaped: columns) FROM entity WHERE id IN (
                    SELECT entity_id FROM alias WHERE alias_fold = \(folded) OR normalized = \(NameNormalizer.key(query)))
                ORDER BY id
                """, logger: logger).rows().map(PostgresRecords.entity)
        }
        guard let first = matches.first else { throw CorrectionError.unknownEntity(query) }
        guard matches.count == 1 else { throw CorrectionError.ambiguousEntity(query, ids: matches.map(\.id)) }
        return first
    }

    private func latestVersion(of entity: EntityRecord, _ connection: PostgresConnection) async throws -> ProfileVersionRecord {
        guard let version = try await connection.query("""
            SELECT \(unescaped: PostgresRecords.versionColumns) FROM profile_version
            WHERE entity_id = \(entity.id) AND version = \(entity.currentVersion)
            """, logger: logger).rows().first.map(PostgresRecords.version)
        else {
            throw StoreError.corruptValue(table: "entity", id: entity.id, column: "current_version", value: String(entity.currentVersion))
        }
        return version
    }

    /// The most recently processed article that mentions the entity or triggered one of its versions.
    private func mostRecentArticle(of entityID: String, _ connection: PostgresConnection) async throws -> String? {
        try await connection.query("""
            SELECT id FROM article WHERE id IN (
                SELECT article_id FROM mention WHERE entity_id = \(entityID)
                UNION SELECT trigger_article_id FROM profile_version WHERE entity_id = \(entityID))
            ORDER BY processed_at DESC, id DESC LIMIT 1
            """, logger: logger).first(String.self)
    }

    /// The cosine of two entities' evidence vectors, when both exist from one model and dimension.
    private func cosine(of first: String, and second: String, _ connection: PostgresConnection) async throws -> Double? {
        let rows = try await connection.query("""
            SELECT entity_id, model, vector, evidence FROM entity_embedding WHERE entity_id = ANY(\([first, second]))
            """, logger: logger).rows().map(PostgresRecords.embedding)
        guard let a = rows.first(where: { $0.entityID == first }), let b = rows.first(where: { $0.entityID == second }),
              a.model == b.model, a.dimension == b.dimension
        else { return nil }
        let dot = zip(a.vector, b.vector).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        return dot.isFinite ? dot : nil
    }

    /// Inserts the `run` row of one correction; its id is returned.
    private func startManualRun(_ command: String, at now: Date, _ connection: PostgresConnection) async throws -> String {
        let id = "manual-\(UUID().uuidString.lowercased())"
        let marker = ManualCorrection.marker
        try await connection.query("""
            INSERT INTO run (id, started_at, finished_at, input_path, domain, model, embedding_model)
            VALUES (\(id), \(StoredDate(now)), \(StoredDate(now)), \(command), \(marker), \(marker), \(marker))
            """, logger: logger)
        return id
    }

    /// A stable new entity id from `seed`, salted until no entity has it.
    private func freshID(type: EntityType, seed: String, _ connection: PostgresConnection) async throws -> String {
        var salt = 0
        while true {
            let id = "\(type.idPrefix)_\(Hashing.sha256Hex(salt == 0 ? seed : "\(seed)|\(salt)").prefix(10))"
            if try await connection.query("SELECT id FROM entity WHERE id = \(id)", logger: logger).first(String.self) == nil {
                return id
            }
            salt += 1
        }
    }
}
