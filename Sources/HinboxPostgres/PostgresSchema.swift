import HinboxCore
import PostgresNIO

/// The PostgreSQL schema: literal SQL per version, recorded in `schema_migrations`. Never edit a
/// version that has shipped; add a new one.
///
/// The tables hold what the SQLite store's do, with these differences: every text column that is
/// compared or sorted is `COLLATE "C"` (byte order, as SQLite's), names and aliases carry their
/// folded form (`name_fold`, `alias_fold`, computed by ``TextFolding`` in Swift, since PostgreSQL
/// cannot call it), `alias.seq` keeps the order aliases were stored in (SQLite's rowid), tags and
/// sources are `text[]`, vectors `real[]`, candidates and match checks `jsonb`, dates `timestamptz`
/// in whole milliseconds.
enum PostgresSchema {
    /// Tables in the order their rows can be inserted (foreign keys) — the copy's order too.
    static let tables = [
        "run", "article", "entity", "alias", "mention", "profile_version", "entity_embedding",
        "resolution_decision", "merged_profile_version",
    ]

    /// The advisory lock key under which migrations run (`hinbox` in ASCII).
    static let migrationLockKey: Int64 = 0x68_69_6E_62_6F_78

    static let migrations: [(version: String, sql: [String])] = [("v1", v1), ("v2", v2), ("v3", v3), ("v4", v4), ("v5", v5)]

    private static let v1 = [
        """
        CREATE TABLE run (
            id text COLLATE "C" PRIMARY KEY,
            started_at timestamptz NOT NULL,
            finished_at timestamptz,
            input_path text NOT NULL,
            domain text NOT NULL,
            model text NOT NULL,
            embedding_model text NOT NULL,
            processed integer NOT NULL DEFAULT 0,
            failed integer NOT NULL DEFAULT 0,
            skipped integer NOT NULL DEFAULT 0)
        """,
        """
        CREATE TABLE article (
            id text COLLATE "C" PRIMARY KEY,
            title text NOT NULL,
            url text,
            published_date text,
            source text NOT NULL,
            content_hash text NOT NULL,
            status text NOT NULL CHECK (status IN ('processed', 'failed', 'irrelevant')),
            error text,
            run_id text COLLATE "C" NOT NULL REFERENCES run (id) ON DELETE RESTRICT,
            trace_id text,
            processed_at timestamptz NOT NULL,
            relevance_reason text,
            relevance_key text,
            content text,
            CHECK (status = 'failed' OR error IS NULL),
            CHECK (status = 'irrelevant' OR relevance_reason IS NULL))
        """,
        "CREATE INDEX article_on_status ON article (status)",
        "CREATE INDEX article_on_run_id ON article (run_id)",
        """
        CREATE TABLE entity (
            id text COLLATE "C" PRIMARY KEY,
            type text NOT NULL CHECK (type IN ('person', 'organization', 'location', 'event')),
            name text COLLATE "C" NOT NULL,
            name_fold text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            subtype text COLLATE "C",
            tags text[] NOT NULL DEFAULT '{}',
            description text,
            start_date text COLLATE "C",
            end_date text COLLATE "C",
            current_version integer NOT NULL CHECK (current_version >= 1),
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL)
        """,
        "CREATE INDEX entity_on_key ON entity (key)",
        "CREATE INDEX entity_on_type_name ON entity (type, name)",
        "CREATE INDEX entity_on_name_fold ON entity (name_fold)",
        """
        CREATE TABLE alias (
            seq bigserial PRIMARY KEY,
            entity_id text COLLATE "C" NOT NULL REFERENCES entity (id) ON DELETE CASCADE,
            alias text COLLATE "C" NOT NULL,
            alias_fold text COLLATE "C" NOT NULL,
            normalized text COLLATE "C" NOT NULL,
            UNIQUE (entity_id, normalized))
        """,
        "CREATE INDEX alias_on_normalized ON alias (normalized)",
        "CREATE INDEX alias_on_alias_fold ON alias (alias_fold)",
        """
        CREATE TABLE mention (
            entity_id text COLLATE "C" NOT NULL REFERENCES entity (id) ON DELETE CASCADE,
            article_id text COLLATE "C" NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            surface_name text COLLATE "C" NOT NULL,
            evidence text NOT NULL,
            PRIMARY KEY (entity_id, article_id))
        """,
        "CREATE INDEX mention_on_article_id ON mention (article_id)",
        """
        CREATE TABLE profile_version (
            entity_id text COLLATE "C" NOT NULL REFERENCES entity (id) ON DELETE CASCADE,
            version integer NOT NULL CHECK (version >= 1),
            text text NOT NULL,
            tags text[] NOT NULL DEFAULT '{}',
            confidence double precision NOT NULL,
            sources text[] NOT NULL DEFAULT '{}',
            trigger_article_id text COLLATE "C" NOT NULL REFERENCES article (id) ON DELETE RESTRICT,
            run_id text COLLATE "C" NOT NULL REFERENCES run (id) ON DELETE RESTRICT,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (entity_id, version))
        """,
        "CREATE INDEX profile_version_on_trigger ON profile_version (trigger_article_id)",
        "CREATE INDEX profile_version_on_run_id ON profile_version (run_id)",
        """
        CREATE TABLE entity_embedding (
            entity_id text COLLATE "C" PRIMARY KEY REFERENCES entity (id) ON DELETE CASCADE,
            model text NOT NULL,
            dimension integer NOT NULL CHECK (dimension > 0),
            vector real[] NOT NULL,
            evidence text NOT NULL,
            updated_at timestamptz NOT NULL,
            CHECK (cardinality(vector) = dimension))
        """,
        "CREATE INDEX entity_embedding_on_model ON entity_embedding (model)",
        """
        CREATE TABLE resolution_decision (
            id bigserial PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL REFERENCES run (id) ON DELETE RESTRICT,
            article_id text COLLATE "C" NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            entity_type text NOT NULL CHECK (entity_type IN ('person', 'organization', 'location', 'event')),
            incoming_name text COLLATE "C" NOT NULL,
            action text NOT NULL CHECK (action IN ('create', 'merge')),
            entity_id text COLLATE "C" NOT NULL REFERENCES entity (id) ON DELETE CASCADE,
            reason text NOT NULL,
            threshold double precision NOT NULL,
            candidates jsonb NOT NULL CHECK (jsonb_typeof(candidates) = 'array'),
            match_check jsonb,
            created_at timestamptz NOT NULL,
            UNIQUE (run_id, article_id, entity_type, incoming_name))
        """,
        "CREATE INDEX resolution_decision_on_article_id ON resolution_decision (article_id)",
        "CREATE INDEX resolution_decision_on_entity_id ON resolution_decision (entity_id)",
        """
        CREATE TABLE merged_profile_version (
            entity_id text COLLATE "C" NOT NULL REFERENCES entity (id) ON DELETE CASCADE,
            from_entity_id text COLLATE "C" NOT NULL,
            from_name text NOT NULL,
            version integer NOT NULL CHECK (version >= 1),
            text text NOT NULL,
            tags text[] NOT NULL DEFAULT '{}',
            confidence double precision NOT NULL,
            sources text[] NOT NULL DEFAULT '{}',
            trigger_article_id text COLLATE "C" NOT NULL REFERENCES article (id) ON DELETE RESTRICT,
            run_id text COLLATE "C" NOT NULL REFERENCES run (id) ON DELETE RESTRICT,
            created_at timestamptz NOT NULL,
            merged_at timestamptz NOT NULL,
            UNIQUE (from_entity_id, version))
        """,
        "CREATE INDEX merged_profile_version_on_entity_id ON merged_profile_version (entity_id)",
    ]

    /// Grounding verdicts per profile version (SQLite's v6): NULL when the version was not
    /// checked, kept when a version moves under a merged entity.
    private static let v2 = [
        "ALTER TABLE profile_version ADD COLUMN grounding jsonb",
        "ALTER TABLE merged_profile_version ADD COLUMN grounding jsonb",
    ]

    /// Folded profile updates (SQLite's v7): a mention may wait for its block's update, and a
    /// version may cover several articles (NULL: its trigger article alone).
    private static let v3 = [
        "ALTER TABLE mention ADD COLUMN pending_profile boolean NOT NULL DEFAULT false",
        "CREATE INDEX mention_pending_profile ON mention (entity_id) WHERE pending_profile",
        "ALTER TABLE profile_version ADD COLUMN covers text[]",
        "ALTER TABLE merged_profile_version ADD COLUMN covers text[]",
    ]

    /// Indexes for `hinbox serve` (SQLite's v8): list rows in page order, so a page walks an index
    /// instead of sorting every entity of the type; the subtypes of a type; an article's mentioned
    /// entities from the index alone.
    private static let v4 = [
        "CREATE INDEX entity_on_type_lower_name ON entity (type, lower(name), id)",
        "CREATE INDEX entity_on_type_start_date ON entity (type, (start_date IS NULL), start_date, lower(name), id)",
        "CREATE INDEX entity_on_type_subtype ON entity (type, subtype)",
        "DROP INDEX mention_on_article_id",
        "CREATE INDEX mention_on_article_id_entity_id ON mention (article_id, entity_id)",
    ]

    /// Work shared by several `hinbox process --worker` (docs/POSTGRES.md): a batch per feeding
    /// run, an item per article in the one global order `(batch_id, position)` with its lease,
    /// its extraction (JSON text: floats survive it exactly) and its trace context, the fence
    /// of the resolver role, and the model calls its holder hands out.
    private static let v5 = [
        """
        CREATE TABLE work_batch (
            id bigserial PRIMARY KEY,
            input_path text NOT NULL,
            run_id text COLLATE "C" NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now())
        """,
        """
        CREATE TABLE work_item (
            article_id text COLLATE "C" PRIMARY KEY,
            batch_id bigint NOT NULL REFERENCES work_batch (id) ON DELETE RESTRICT,
            position integer NOT NULL,
            state text NOT NULL CHECK (state IN ('todo', 'extracting', 'extracted', 'committed', 'failed', 'irrelevant')),
            owner text,
            lease_until timestamptz,
            attempts integer NOT NULL DEFAULT 0,
            trace_parent text,
            content_hash text NOT NULL,
            article text NOT NULL,
            extraction text,
            updated_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (batch_id, position),
            CHECK ((state = 'extracted') = (extraction IS NOT NULL)))
        """,
        """
        CREATE INDEX work_item_open ON work_item (batch_id, position)
            WHERE state IN ('todo', 'extracting', 'extracted')
        """,
        """
        CREATE TABLE resolver_fence (
            id integer PRIMARY KEY CHECK (id = 1),
            epoch bigint NOT NULL,
            holder text,
            since timestamptz)
        """,
        "INSERT INTO resolver_fence (id, epoch) VALUES (1, 0)",
        // Model calls the resolver's holder asks any worker to make (profiles, grounding).
        """
        CREATE TABLE model_call (
            id bigserial PRIMARY KEY,
            epoch bigint NOT NULL,
            state text NOT NULL CHECK (state IN ('todo', 'running', 'done')),
            owner text,
            lease_until timestamptz,
            trace_parent text,
            rank bigint NOT NULL,
            request text NOT NULL,
            reply text,
            CHECK ((state = 'done') = (reply IS NOT NULL)))
        """,
        "CREATE INDEX model_call_open ON model_call (id) WHERE state <> 'done'",
    ]
}

extension PostgresStore {
    /// Brings the schema to this binary's version in one transaction, under an advisory lock, so
    /// concurrent openers wait for each other and the second finds everything applied.
    func migrate() async throws {
        try await write("migrate the schema") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLockKey))", logger: logger)
            let hasTable = try await connection.query(
                "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger).one(Bool.self)
            if !hasTable {
                let tables = try await connection.query("""
                    SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()
                    """, logger: logger).one(Int.self)
                guard tables == 0 else { throw StoreError.notAHinboxSchema(location: location) }
                try await connection.query("""
                    CREATE TABLE schema_migrations (version text COLLATE "C" PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                    """, logger: logger)
            }
            let applied = Set(try await connection.query("SELECT version FROM schema_migrations", logger: logger).all(String.self))
            let unknown = applied.subtracting(PostgresSchema.migrations.map(\.version)).sorted()
            guard unknown.isEmpty else { throw StoreError.newerSchema(path: location, unknown: unknown) }
            for migration in PostgresSchema.migrations where !applied.contains(migration.version) {
                for statement in migration.sql {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (version) VALUES (\(migration.version))", logger: logger)
            }
        }
    }

    /// The applied schema versions, in order.
    public func schemaVersions() async throws -> [String] {
        try await read("read the schema version") { connection in
            try await connection.query("SELECT version FROM schema_migrations ORDER BY version", logger: logger).all(String.self)
        }
    }
}
