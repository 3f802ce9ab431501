/// The schema SQL of a fresh database after every migration (`sqlite_master`, by type and name),
/// as v1–v8 write it (v4 rebuilt `article` for the `irrelevant` status; v5 added its `content`; v6 the versions' `grounding`;
/// v7 folded updates: `mention.pending_profile`, the versions' `covers`; v8 the `hinbox serve` indexes). A change here changes what existing databases
/// were created with: add a migration instead.
enum FreshSchema {
    static let sql = """
        CREATE INDEX "alias_on_normalized" ON "alias"("normalized")
        CREATE INDEX "article_on_run_id" ON "article"("run_id")
        CREATE INDEX "article_on_status" ON "article"("status")
        CREATE INDEX "entity_embedding_on_model" ON "entity_embedding"("model")
        CREATE INDEX "entity_on_key" ON "entity"("key")
        CREATE INDEX "entity_on_type_name" ON "entity"("type", "name")
        CREATE INDEX entity_on_type_name_nocase ON entity (type, name COLLATE NOCASE, id)
        CREATE INDEX entity_on_type_start_date ON entity (type, start_date IS NULL, start_date, name COLLATE NOCASE, id)
        CREATE INDEX entity_on_type_subtype ON entity (type, subtype)
        CREATE INDEX mention_on_article_id_entity_id ON mention (article_id, entity_id)
        CREATE INDEX mention_pending_profile ON mention (entity_id) WHERE pending_profile = 1
        CREATE INDEX "merged_profile_version_on_entity_id" ON "merged_profile_version"("entity_id")
        CREATE INDEX "profile_version_on_run_id" ON "profile_version"("run_id")
        CREATE INDEX "profile_version_on_trigger_article_id" ON "profile_version"("trigger_article_id")
        CREATE INDEX "resolution_decision_on_article_id" ON "resolution_decision"("article_id")
        CREATE INDEX "resolution_decision_on_entity_id" ON "resolution_decision"("entity_id")
        CREATE TABLE "alias" ("entity_id" TEXT NOT NULL REFERENCES "entity"("id") ON DELETE CASCADE, "alias" TEXT NOT NULL, "normalized" TEXT NOT NULL, UNIQUE ("entity_id", "normalized"))
        CREATE TABLE "article" ("id" TEXT PRIMARY KEY NOT NULL, "title" TEXT NOT NULL, "url" TEXT, "published_date" TEXT, "source" TEXT NOT NULL, "content_hash" TEXT NOT NULL, "status" TEXT NOT NULL CHECK (status IN ('processed', 'failed', 'irrelevant')), "error" TEXT, "run_id" TEXT NOT NULL REFERENCES "run"("id") ON DELETE RESTRICT, "trace_id" TEXT, "processed_at" DATETIME NOT NULL, "relevance_reason" TEXT, "relevance_key" TEXT, "content" TEXT, CHECK (status = 'failed' OR error IS NULL), CHECK (status = 'irrelevant' OR relevance_reason IS NULL))
        CREATE TABLE "entity" ("id" TEXT PRIMARY KEY NOT NULL, "type" TEXT NOT NULL CHECK (type IN ('person', 'organization', 'location', 'event')), "name" TEXT NOT NULL, "key" TEXT NOT NULL, "subtype" TEXT, "tags" TEXT NOT NULL CHECK (json_valid(tags)) DEFAULT '[]', "description" TEXT, "start_date" TEXT, "end_date" TEXT, "current_version" INTEGER NOT NULL CHECK (current_version >= 1), "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL)
        CREATE TABLE "entity_embedding" ("entity_id" TEXT PRIMARY KEY NOT NULL REFERENCES "entity"("id") ON DELETE CASCADE, "model" TEXT NOT NULL, "dimension" INTEGER NOT NULL CHECK (dimension > 0), "vector" BLOB NOT NULL, "evidence" TEXT NOT NULL, "updated_at" DATETIME NOT NULL, CHECK (typeof(vector) = 'blob' AND length(vector) = 4 * dimension))
        CREATE TABLE "mention" ("entity_id" TEXT NOT NULL REFERENCES "entity"("id") ON DELETE CASCADE, "article_id" TEXT NOT NULL REFERENCES "article"("id") ON DELETE CASCADE, "surface_name" TEXT NOT NULL, "evidence" TEXT NOT NULL, pending_profile INTEGER NOT NULL DEFAULT 0 CHECK (pending_profile IN (0, 1)), UNIQUE ("entity_id", "article_id"))
        CREATE TABLE "merged_profile_version" ("entity_id" TEXT NOT NULL REFERENCES "entity"("id") ON DELETE CASCADE, "from_entity_id" TEXT NOT NULL, "from_name" TEXT NOT NULL, "version" INTEGER NOT NULL CHECK (version >= 1), "text" TEXT NOT NULL, "tags" TEXT NOT NULL CHECK (json_valid(tags)) DEFAULT '[]', "confidence" DOUBLE NOT NULL, "sources" TEXT NOT NULL CHECK (json_valid(sources)) DEFAULT '[]', "trigger_article_id" TEXT NOT NULL REFERENCES "article"("id") ON DELETE RESTRICT, "run_id" TEXT NOT NULL REFERENCES "run"("id") ON DELETE RESTRICT, "created_at" DATETIME NOT NULL, "merged_at" DATETIME NOT NULL, grounding TEXT CHECK (grounding IS NULL OR json_valid(grounding)), covers TEXT CHECK (covers IS NULL OR json_valid(covers)), UNIQUE ("from_entity_id", "version"))
        CREATE TABLE "profile_version" ("entity_id" TEXT NOT NULL REFERENCES "entity"("id") ON DELETE CASCADE, "version" INTEGER NOT NULL CHECK (version >= 1), "text" TEXT NOT NULL, "tags" TEXT NOT NULL CHECK (json_valid(tags)) DEFAULT '[]', "confidence" DOUBLE NOT NULL, "sources" TEXT NOT NULL CHECK (json_valid(sources)) DEFAULT '[]', "trigger_article_id" TEXT NOT NULL REFERENCES "article"("id") ON DELETE RESTRICT, "run_id" TEXT NOT NULL REFERENCES "run"("id") ON DELETE RESTRICT, "created_at" DATETIME NOT NULL, grounding TEXT CHECK (grounding IS NULL OR json_valid(grounding)), covers TEXT CHECK (covers IS NULL OR json_valid(covers)), UNIQUE ("entity_id", "version"))
        CREATE TABLE "resolution_decision" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "run_id" TEXT NOT NULL REFERENCES "run"("id") ON DELETE RESTRICT, "article_id" TEXT NOT NULL REFERENCES "article"("id") ON DELETE CASCADE, "entity_type" TEXT NOT NULL CHECK (entity_type IN ('person', 'organization', 'location', 'event')), "incoming_name" TEXT NOT NULL, "action" TEXT NOT NULL CHECK (action IN ('create', 'merge')), "entity_id" TEXT NOT NULL REFERENCES "entity"("id") ON DELETE CASCADE, "reason" TEXT NOT NULL, "threshold" DOUBLE NOT NULL, "candidates" TEXT NOT NULL CHECK (json_valid(candidates) AND json_type(candidates) = 'array'), "match_check" TEXT CHECK (match_check IS NULL OR json_valid(match_check)), "created_at" DATETIME NOT NULL, UNIQUE ("run_id", "article_id", "entity_type", "incoming_name"))
        CREATE TABLE "run" ("id" TEXT PRIMARY KEY NOT NULL, "started_at" DATETIME NOT NULL, "finished_at" DATETIME, "input_path" TEXT NOT NULL, "domain" TEXT NOT NULL, "model" TEXT NOT NULL, "embedding_model" TEXT NOT NULL, "processed" INTEGER NOT NULL DEFAULT 0, "failed" INTEGER NOT NULL DEFAULT 0, "skipped" INTEGER NOT NULL DEFAULT 0)
        CREATE TABLE sqlite_sequence(name,seq)
        """
}
