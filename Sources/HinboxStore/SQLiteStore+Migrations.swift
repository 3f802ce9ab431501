import GRDB
import HinboxCore

extension SQLiteStore {
    /// The schema, one named migration per release that changes it ("v1", "v2", …). Never edit
    /// a migration that has shipped; add a new one.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createV1)
        migrator.registerMigration("v2", migrate: createV2)
        migrator.registerMigration("v3", migrate: createV3)
        migrator.registerMigration("v4", migrate: createV4)
        migrator.registerMigration("v5", migrate: addArticleContent)
        migrator.registerMigration("v6", migrate: addGrounding)
        migrator.registerMigration("v7", migrate: addFoldedUpdates)
        migrator.registerMigration("v8", migrate: addListIndexes)
        return migrator
    }()

    /// Refuses files this binary must not touch, then migrates.
    static func prepareSchema(_ writer: any DatabaseWriter, path: String) throws {
        let unknown = try writer.read { db -> [String] in
            let applied = try migrator.appliedIdentifiers(db)
            if applied.isEmpty, try db.tableExists("grdb_migrations") == false {
                let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") ?? 0
                if tables > 0 { throw StoreError.notAHinboxDatabase(path: path) }
            }
            return applied.subtracting(migrator.migrations).sorted()
        }
        guard unknown.isEmpty else { throw StoreError.newerSchema(path: path, unknown: unknown) }
        // Two processes opening one database that needs migrating can both read "not applied
        // yet"; the loser's migration then fails on what the winner just did ("already exists",
        // "duplicate column", the identifier's UNIQUE key) and rolls back whole, because GRDB runs
        // each migration and its bookkeeping in one immediate transaction. So a failure after
        // which more migrations are applied than before was a lost race: read again and go on.
        // A failure with no progress by anyone is real and is thrown.
        while true {
            let before = try writer.read { try migrator.appliedIdentifiers($0) }
            do {
                try migrator.migrate(writer)
                return
            } catch let error as DatabaseError {
                let after = try writer.read { try migrator.appliedIdentifiers($0) }
                guard after.isStrictSuperset(of: before) else { throw error }
            }
        }
    }

    private static func createV1(_ db: Database) throws {
        try db.create(table: "run") { t in
            t.primaryKey("id", .text)
            t.column("started_at", .datetime).notNull()
            t.column("finished_at", .datetime)
            t.column("input_path", .text).notNull()
            t.column("domain", .text).notNull()
            t.column("model", .text).notNull()
            t.column("embedding_model", .text).notNull()
            t.column("processed", .integer).notNull().defaults(to: 0)
            t.column("failed", .integer).notNull().defaults(to: 0)
            t.column("skipped", .integer).notNull().defaults(to: 0)
        }

        try db.create(table: "article") { t in
            t.primaryKey("id", .text)
            t.column("title", .text).notNull()
            t.column("url", .text)
            t.column("published_date", .text)
            t.column("source", .text).notNull()
            t.column("content_hash", .text).notNull()
            // Literal lists, not `allCases`: a shipped migration must not change with the enums
            // (a new status or entity type needs a new migration).
            t.column("status", .text).notNull().check(sql: "status IN ('processed', 'failed')").indexed()
            t.column("error", .text)
            t.column("run_id", .text).notNull().references("run", onDelete: .restrict).indexed()
            t.column("trace_id", .text)
            t.column("processed_at", .datetime).notNull()
            t.check(sql: "status = 'failed' OR error IS NULL")
        }

        try db.create(table: "entity") { t in
            t.primaryKey("id", .text)
            t.column("type", .text).notNull().check(sql: "type IN ('person', 'organization', 'location', 'event')")
            t.column("name", .text).notNull()
            // Not unique: two different "John Smith"s are two entities with the same key.
            t.column("key", .text).notNull().indexed()
            t.column("subtype", .text)
            t.column("tags", .jsonText).notNull().defaults(to: "[]").check(sql: "json_valid(tags)")
            t.column("description", .text)
            t.column("start_date", .text)
            t.column("end_date", .text)
            t.column("current_version", .integer).notNull().check(sql: "current_version >= 1")
            t.column("created_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
        }
        try db.create(index: "entity_on_type_name", on: "entity", columns: ["type", "name"])

        try db.create(table: "alias") { t in
            t.column("entity_id", .text).notNull().references("entity", onDelete: .cascade)
            t.column("alias", .text).notNull()
            t.column("normalized", .text).notNull().indexed()
            t.uniqueKey(["entity_id", "normalized"])
        }

        try db.create(table: "mention") { t in
            t.column("entity_id", .text).notNull().references("entity", onDelete: .cascade)
            t.column("article_id", .text).notNull().references("article", onDelete: .cascade).indexed()
            t.column("surface_name", .text).notNull()
            t.column("evidence", .text).notNull()
            t.uniqueKey(["entity_id", "article_id"])
        }

        try db.create(table: "profile_version") { t in
            t.column("entity_id", .text).notNull().references("entity", onDelete: .cascade)
            t.column("version", .integer).notNull().check(sql: "version >= 1")
            t.column("text", .text).notNull()
            t.column("tags", .jsonText).notNull().defaults(to: "[]").check(sql: "json_valid(tags)")
            t.column("confidence", .double).notNull()
            t.column("sources", .jsonText).notNull().defaults(to: "[]").check(sql: "json_valid(sources)")
            t.column("trigger_article_id", .text).notNull().references("article", onDelete: .restrict).indexed()
            t.column("run_id", .text).notNull().references("run", onDelete: .restrict).indexed()
            t.column("created_at", .datetime).notNull()
            t.uniqueKey(["entity_id", "version"])
        }
    }

    /// Evidence vectors and the resolution decision log. Literal value lists on purpose: this
    /// migration must keep creating the same schema whatever the Swift enums become.
    private static func createV2(_ db: Database) throws {
        try db.create(table: "entity_embedding") { t in
            t.primaryKey("entity_id", .text).references("entity", onDelete: .cascade)
            t.column("model", .text).notNull()
            t.column("dimension", .integer).notNull().check(sql: "dimension > 0")
            // Float32 little-endian, `dimension` values.
            t.column("vector", .blob).notNull()
            t.column("evidence", .text).notNull()
            t.column("updated_at", .datetime).notNull()
            t.check(sql: "typeof(vector) = 'blob' AND length(vector) = 4 * dimension")
        }
        try db.create(index: "entity_embedding_on_model", on: "entity_embedding", columns: ["model"])

        try db.create(table: "resolution_decision") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("run_id", .text).notNull().references("run", onDelete: .restrict)
            t.column("article_id", .text).notNull().references("article", onDelete: .cascade).indexed()
            t.column("entity_type", .text).notNull()
                .check(sql: "entity_type IN ('person', 'organization', 'location', 'event')")
            t.column("incoming_name", .text).notNull()
            t.column("action", .text).notNull().check(sql: "action IN ('create', 'merge')")
            t.column("entity_id", .text).notNull().references("entity", onDelete: .cascade).indexed()
            t.column("reason", .text).notNull()
            t.column("threshold", .double).notNull()
            t.column("candidates", .jsonText).notNull()
                .check(sql: "json_valid(candidates) AND json_type(candidates) = 'array'")
            t.column("match_check", .jsonText).check(sql: "match_check IS NULL OR json_valid(match_check)")
            t.column("created_at", .datetime).notNull()
            // A retried article cannot log the same decision twice (also indexes run_id).
            t.uniqueKey(["run_id", "article_id", "entity_type", "incoming_name"])
        }
    }

    /// Profile versions of entities merged away by hand, kept under the entity they went into.
    private static func createV3(_ db: Database) throws {
        try db.create(table: "merged_profile_version") { t in
            // The entity that holds the history now (moves on when that one is merged in turn).
            t.column("entity_id", .text).notNull().references("entity", onDelete: .cascade).indexed()
            t.column("from_entity_id", .text).notNull()
            t.column("from_name", .text).notNull()
            t.column("version", .integer).notNull().check(sql: "version >= 1")
            t.column("text", .text).notNull()
            t.column("tags", .jsonText).notNull().defaults(to: "[]").check(sql: "json_valid(tags)")
            t.column("confidence", .double).notNull()
            t.column("sources", .jsonText).notNull().defaults(to: "[]").check(sql: "json_valid(sources)")
            t.column("trigger_article_id", .text).notNull().references("article", onDelete: .restrict)
            t.column("run_id", .text).notNull().references("run", onDelete: .restrict)
            t.column("created_at", .datetime).notNull()
            t.column("merged_at", .datetime).notNull()
            t.uniqueKey(["from_entity_id", "version"])
        }
    }

    /// Articles the relevance check judged off-topic: status `irrelevant` with the reason and the
    /// relevance text's key. SQLite cannot change a CHECK constraint, so the table is rebuilt
    /// (SQLite's documented way; the migrator defers foreign-key checks to the end).
    private static func createV4(_ db: Database) throws {
        try db.create(table: "article_v4") { t in
            t.primaryKey("id", .text)
            t.column("title", .text).notNull()
            t.column("url", .text)
            t.column("published_date", .text)
            t.column("source", .text).notNull()
            t.column("content_hash", .text).notNull()
            t.column("status", .text).notNull().check(sql: "status IN ('processed', 'failed', 'irrelevant')")
            t.column("error", .text)
            t.column("run_id", .text).notNull().references("run", onDelete: .restrict)
            t.column("trace_id", .text)
            t.column("processed_at", .datetime).notNull()
            t.column("relevance_reason", .text)
            t.column("relevance_key", .text)
            t.check(sql: "status = 'failed' OR error IS NULL")
            t.check(sql: "status = 'irrelevant' OR relevance_reason IS NULL")
        }
        let columns = "id, title, url, published_date, source, content_hash, status, error, run_id, trace_id, processed_at"
        try db.execute(sql: "INSERT INTO article_v4 (\(columns)) SELECT \(columns) FROM article")
        try db.drop(table: "article")
        try db.rename(table: "article_v4", to: "article")
        try db.create(index: "article_on_status", on: "article", columns: ["status"])
        try db.create(index: "article_on_run_id", on: "article", columns: ["run_id"])
    }

    /// The article text, so `hinbox serve` can show it with its mentions (NULL for older rows).
    private static func addArticleContent(_ db: Database) throws {
        try db.alter(table: "article") { t in t.add(column: "content", .text) }
    }

    /// Grounding verdicts per profile version (JSON: claims, revised, first_check; NULL when the
    /// version was not checked), kept when a version moves under a merged entity.
    private static func addGrounding(_ db: Database) throws {
        for table in ["profile_version", "merged_profile_version"] {
            try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN grounding TEXT CHECK (grounding IS NULL OR json_valid(grounding))")
        }
    }

    /// Folded profile updates: a mention may wait for its block's update, and a version may
    /// cover several articles (NULL: its trigger article alone).
    private static func addFoldedUpdates(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE mention ADD COLUMN pending_profile INTEGER NOT NULL DEFAULT 0 CHECK (pending_profile IN (0, 1))")
        try db.execute(sql: "CREATE INDEX mention_pending_profile ON mention (entity_id) WHERE pending_profile = 1")
        for table in ["profile_version", "merged_profile_version"] {
            try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN covers TEXT CHECK (covers IS NULL OR json_valid(covers))")
        }
    }

    /// Indexes for `hinbox serve`: list rows in page order (so `LIMIT … OFFSET` walks an index
    /// instead of sorting every entity of the type, and computes article counts only for the rows
    /// shown), the subtypes of a type from the index alone, and an article's mentioned entities
    /// without a table lookup each ("appears with" joins mentions on their article).
    private static func addListIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX entity_on_type_name_nocase ON entity (type, name COLLATE NOCASE, id);
            CREATE INDEX entity_on_type_start_date ON entity (type, start_date IS NULL, start_date, name COLLATE NOCASE, id);
            CREATE INDEX entity_on_type_subtype ON entity (type, subtype);
            DROP INDEX mention_on_article_id;
            CREATE INDEX mention_on_article_id_entity_id ON mention (article_id, entity_id);
            """)
    }
}
