import Foundation
import HinboxCore
import PostgresNIO

/// Writing rows in batches: one statement per table and commit, the rows sent as one JSON array
/// (`jsonb_to_recordset`), so a commit costs a handful of round trips however many rows it has.
/// Dates travel as milliseconds (`to_timestamp(ms / 1000.0)` is exact to the microsecond).
extension PostgresStore {
    /// Inserts entities or overwrites their state, keeping `created_at` and never deleting a row
    /// (which would cascade to its aliases, mentions and history). Of repeated ids the last wins.
    func upsert(_ entities: [EntityRecord], _ connection: PostgresConnection) async throws {
        struct Row: Encodable {
            var id, type, name, name_fold, key: String
            var subtype, description, start_date, end_date: String?
            var tags: [String]
            var current_version: Int
            var created_ms, updated_ms: Int64
        }
        let rows = Self.lastOfEach(entities, by: \.id).map { entity in
            Row(id: entity.id, type: entity.type.rawValue, name: entity.name, name_fold: TextFolding.fold(entity.name),
                key: entity.key, subtype: entity.subtype, description: entity.description, start_date: entity.startDate,
                end_date: entity.endDate, tags: entity.tags, current_version: entity.currentVersion,
                created_ms: StoredDate(entity.createdAt).milliseconds, updated_ms: StoredDate(entity.updatedAt).milliseconds)
        }
        guard !rows.isEmpty else { return }
        try await connection.query("""
            INSERT INTO entity (id, type, name, name_fold, key, subtype, tags, description, start_date, end_date,
                                current_version, created_at, updated_at)
            SELECT id, type, name, name_fold, key, subtype, tags, description, start_date, end_date, current_version,
                   to_timestamp(created_ms / 1000.0), to_timestamp(updated_ms / 1000.0)
            FROM jsonb_to_recordset(\(try PostgresRecords.json(rows))::jsonb) AS x(
                id text, type text, name text, name_fold text, key text, subtype text, tags text[], description text,
                start_date text, end_date text, current_version integer, created_ms bigint, updated_ms bigint)
            ON CONFLICT (id) DO UPDATE SET
                type = excluded.type, name = excluded.name, name_fold = excluded.name_fold, key = excluded.key,
                subtype = excluded.subtype, tags = excluded.tags, description = excluded.description,
                start_date = excluded.start_date, end_date = excluded.end_date, current_version = excluded.current_version,
                updated_at = excluded.updated_at
            """, logger: logger)
    }

    /// Inserts aliases in order, each unless its entity already has one with the same normalised form.
    func insertIfNew(_ aliases: [AliasRecord], _ connection: PostgresConnection) async throws {
        struct Row: Encodable { var n: Int, entity_id, alias, alias_fold, normalized: String }
        guard !aliases.isEmpty else { return }
        let rows = aliases.enumerated().map { index, alias in
            Row(n: index, entity_id: alias.entityID, alias: alias.alias, alias_fold: TextFolding.fold(alias.alias),
                normalized: alias.normalized)
        }
        try await connection.query("""
            INSERT INTO alias (entity_id, alias, alias_fold, normalized)
            SELECT entity_id, alias, alias_fold, normalized
            FROM jsonb_to_recordset(\(try PostgresRecords.json(rows))::jsonb)
                AS x(n integer, entity_id text, alias text, alias_fold text, normalized text)
            ORDER BY n
            ON CONFLICT (entity_id, normalized) DO NOTHING
            """, logger: logger)
    }

    /// Inserts mentions, or replaces the surface name and evidence of an (entity, article) pair.
    /// Of repeated pairs the last wins.
    func upsert(_ mentions: [MentionRecord], _ connection: PostgresConnection) async throws {
        struct Row: Encodable {
            var entity_id, article_id, surface_name, evidence: String
            var pending_profile: Bool
        }
        let rows = Self.lastOfEach(mentions, by: { "\($0.entityID)\u{1}\($0.articleID)" }).map {
            Row(entity_id: $0.entityID, article_id: $0.articleID, surface_name: $0.surfaceName, evidence: $0.evidence,
                pending_profile: $0.pendingProfile)
        }
        guard !rows.isEmpty else { return }
        try await connection.query("""
            INSERT INTO mention (entity_id, article_id, surface_name, evidence, pending_profile)
            SELECT entity_id, article_id, surface_name, evidence, pending_profile
            FROM jsonb_to_recordset(\(try PostgresRecords.json(rows))::jsonb)
                AS x(entity_id text, article_id text, surface_name text, evidence text, pending_profile boolean)
            ON CONFLICT (entity_id, article_id) DO UPDATE SET surface_name = excluded.surface_name, evidence = excluded.evidence,
                pending_profile = excluded.pending_profile
            """, logger: logger)
    }

    /// Marks the profile updates of `keys` as done (a folded version took them in).
    func markFolded(_ keys: [MentionKey], _ connection: PostgresConnection) async throws {
        struct Row: Encodable { var entity_id, article_id: String }
        guard !keys.isEmpty else { return }
        let rows = keys.map { Row(entity_id: $0.entityID, article_id: $0.articleID) }
        try await connection.query("""
            UPDATE mention SET pending_profile = false
            FROM jsonb_to_recordset(\(try PostgresRecords.json(rows))::jsonb) AS x(entity_id text, article_id text)
            WHERE mention.entity_id = x.entity_id AND mention.article_id = x.article_id
            """, logger: logger)
    }

    func insert(_ versions: [ProfileVersionRecord], _ connection: PostgresConnection) async throws {
        struct Row: Encodable {
            var entity_id: String, version: Int, text: String, tags: [String], confidence: Double, sources: [String]
            var trigger_article_id, run_id: String, created_ms: Int64, grounding: Grounding?, covers: [String]?
        }
        guard !versions.isEmpty else { return }
        let rows = versions.map { version in
            Row(entity_id: version.entityID, version: version.version, text: version.profile.text, tags: version.profile.tags,
                confidence: version.profile.confidence, sources: version.profile.sources,
                trigger_article_id: version.triggerArticleID, run_id: version.runID,
                created_ms: StoredDate(version.createdAt).milliseconds, grounding: version.profile.grounding,
                covers: version.foldedCovers)
        }
        try await connection.query("""
            INSERT INTO profile_version (entity_id, version, text, tags, confidence, sources, trigger_article_id, run_id, created_at,
                                         grounding, covers)
            SELECT entity_id, version, text, tags, confidence, sources, trigger_article_id, run_id, to_timestamp(created_ms / 1000.0),
                   grounding, covers
            FROM jsonb_to_recordset(\(try PostgresRecords.json(rows))::jsonb) AS x(
                entity_id text, version integer, text text, tags text[], confidence double precision, sources text[],
                trigger_article_id text, run_id text, created_ms bigint, grounding jsonb, covers text[])
            """, logger: logger)
    }

    /// Inserts decisions in order (their ids follow it).
    func insert(_ decisions: [ResolutionRecord], _ connection: PostgresConnection) async throws {
        struct Row: Encodable {
            var n: Int, run_id, article_id, entity_type, incoming_name, action, entity_id, reason: String
            var threshold: Double, candidates: [ResolutionCandidate], match_check: MatchCheckResult?, created_ms: Int64
        }
        guard !decisions.isEmpty else { return }
        let rows = decisions.enumerated().map { index, decision in
            Row(n: index, run_id: decision.runID, article_id: decision.articleID, entity_type: decision.entityType.rawValue,
                incoming_name: decision.incomingName, action: decision.action, entity_id: decision.entityID,
                reason: decision.reason, threshold: decision.threshold, candidates: decision.candidates,
                match_check: decision.matchCheck, created_ms: StoredDate(decision.createdAt).milliseconds)
        }
        try await connection.query("""
            INSERT INTO resolution_decision (run_id, article_id, entity_type, incoming_name, action, entity_id, reason,
                                             threshold, candidates, match_check, created_at)
            SELECT run_id, article_id, entity_type, incoming_name, action, entity_id, reason, threshold, candidates, match_check,
                   to_timestamp(created_ms / 1000.0)
            FROM jsonb_to_recordset(\(try PostgresRecords.json(rows))::jsonb) AS x(
                n integer, run_id text, article_id text, entity_type text, incoming_name text, action text, entity_id text,
                reason text, threshold double precision, candidates jsonb, match_check jsonb, created_ms bigint)
            ORDER BY n
            """, logger: logger)
    }

    /// Replaces the entity's vector (there is one per entity). One statement per vector: `real[]`
    /// travels in binary, bit for bit (JSON has no NaN).
    func upsert(_ embedding: EntityEmbedding, updatedAt: Date, _ connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO entity_embedding (entity_id, model, dimension, vector, evidence, updated_at)
            VALUES (\(embedding.entityID), \(embedding.model), \(embedding.dimension), \(embedding.vector), \(embedding.evidence),
                    \(StoredDate(updatedAt)))
            ON CONFLICT (entity_id) DO UPDATE SET
                model = excluded.model, dimension = excluded.dimension, vector = excluded.vector,
                evidence = excluded.evidence, updated_at = excluded.updated_at
            """, logger: logger)
    }

    /// The last element of each key, in the order of those last occurrences.
    static func lastOfEach<T>(_ items: [T], by key: (T) -> String) -> [T] {
        var seen = Set<String>()
        return items.reversed().filter { seen.insert(key($0)).inserted }.reversed()
    }
}
