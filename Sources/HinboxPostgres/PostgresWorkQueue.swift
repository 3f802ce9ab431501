public import Foundation
public import HinboxCore
import PostgresNIO

/// The work several `hinbox process --worker` share through one PostgreSQL database
/// (docs/POSTGRES.md, tables `work_batch`, `work_item`).
///
/// An article is queued once, in one global order `(batch_id, position)`; any worker claims it
/// for extraction with a lease (`FOR UPDATE SKIP LOCKED`), renews the lease while it works, and
/// hands the extraction over in the row. A worker that dies stops renewing; when the lease ends
/// another claims the article, and after `maxAttempts` claims the article is handed over as
/// failed (a poison article never stops the run). Only the resolver role (``PostgresResolverRole``)
/// commits an item, in the same transaction as the article's knowledge (``FencedKnowledgeStore``).
///
/// ```swift
/// let queue = PostgresWorkQueue(store: store)
/// for item in try await queue.claim(owner: me, limit: 8, lease: .seconds(60)) {
///     try await queue.finish(item.article.id, owner: me, extraction: try await pipeline.extract(item.article))
/// }
/// ```
public struct PostgresWorkQueue: Sendable {
    /// An article queued for processing, with the trace context its spans join.
    public struct Item: Sendable {
        /// The article, text included (a worker on another machine needs no shared folder).
        public var article: Article
        /// The W3C `traceparent` of the article's root span (chosen when it was queued).
        public var traceparent: String?
        /// Its place in the global order, as a ``RequestOrder`` rank (read back from the queue; 0
        /// before it is queued): every worker serves older articles' model requests first.
        public var rank = 0

        /// An article to queue with the trace context its spans join.
        public init(article: Article, traceparent: String?) {
            self.article = article
            self.traceparent = traceparent
        }

        init(article: String, traceparent: String?, batch: Int, position: Int) throws {
            self.article = try PostgresWorkQueue.article(article)
            self.traceparent = traceparent
            // Batches of up to 2^24 articles; ranks only need to order, never to be dense.
            rank = batch << 24 + position
        }
    }

    /// The advisory lock key under which articles are queued (`hinboq` in ASCII).
    static let enqueueKey: Int64 = 0x68_69_6E_62_6F_71
    static let openStates = ["todo", "extracting", "extracted"]

    /// The database the queue lives in.
    public let store: PostgresStore
    /// Claims per article before it is handed over as failed.
    public var maxAttempts = 3

    /// The queue of the database `store` opened (its schema has the queue's tables).
    public init(store: PostgresStore) {
        self.store = store
    }

    /// The server's clock (workers on several hosts compare times on it, never on their own).
    public func serverNow() async throws -> Date {
        try await store.read("read the server's clock") { connection in
            try await connection.query("SELECT now()", logger: store.logger).one(Date.self)
        }
    }

    /// Queues `items` in their order after everything queued before, skipping those queued or
    /// settled by another worker since `plannedAt` (server time: when the caller decided what
    /// needs processing). Workers started together on one folder therefore queue it once.
    /// - Returns: how many articles were queued.
    @discardableResult
    public func enqueue(_ items: [Item], inputPath: String, runID: String, plannedAt: Date) async throws -> Int {
        guard !items.isEmpty else { return 0 }
        let encoder = JSONEncoder()
        return try await store.write("queue \(items.count) articles") { connection in
            let logger = store.logger
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.enqueueKey))", logger: logger)
            let taken = Set(try await connection.query("""
                SELECT article_id FROM work_item WHERE article_id = ANY(\(items.map(\.article.id)))
                    AND (state = ANY(\(Self.openStates)) OR updated_at >= \(StoredDate(plannedAt)))
                """, logger: logger).all(String.self))
            let queued = items.filter { !taken.contains($0.article.id) }
            guard !queued.isEmpty else { return 0 }
            let batch = try await connection.query("""
                INSERT INTO work_batch (input_path, run_id) VALUES (\(inputPath), \(runID)) RETURNING id
                """, logger: logger).one(Int.self)
            let articles = try queued.map { String(decoding: try encoder.encode($0.article), as: UTF8.self) }
            try await connection.query("""
                INSERT INTO work_item (article_id, batch_id, position, state, trace_parent, content_hash, article)
                SELECT q.article_id, \(batch), q.position, 'todo', NULLIF(q.trace_parent, ''), q.content_hash, q.article
                FROM unnest(\(queued.map(\.article.id)), \(Array(queued.indices)), \(queued.map { $0.traceparent ?? "" }),
                            \(queued.map(\.article.contentHash)), \(articles))
                    AS q(article_id, position, trace_parent, content_hash, article)
                ON CONFLICT (article_id) DO UPDATE SET
                    batch_id = excluded.batch_id, position = excluded.position, state = 'todo', owner = NULL,
                    lease_until = NULL, attempts = 0, trace_parent = excluded.trace_parent,
                    content_hash = excluded.content_hash, article = excluded.article, extraction = NULL, updated_at = now()
                """, logger: logger)
            return queued.count
        }
    }

    /// Claims up to `limit` articles for extraction, oldest first, each leased to `owner` for
    /// `lease`: unclaimed ones and ones whose lease ended. Articles claimed `maxAttempts` times
    /// whose lease ended again are handed over as failed instead.
    public func claim(owner: String, limit: Int, lease: Duration) async throws -> [Item] {
        let abandoned = try Self.json(.failed(
            "abandoned after \(maxAttempts) attempts: every worker that extracted it stopped before finishing (does this article stop hinbox?); run again to retry it"))
        return try await store.write("claim articles") { connection in
            let logger = store.logger
            try await connection.query("""
                UPDATE work_item SET state = 'extracted', extraction = \(abandoned), owner = NULL, lease_until = NULL, updated_at = now()
                WHERE state = 'extracting' AND lease_until < now() AND attempts >= \(maxAttempts)
                """, logger: logger)
            let rows = try await connection.query("""
                UPDATE work_item SET state = 'extracting', owner = \(owner), lease_until = now() + make_interval(secs => \(lease.seconds)),
                    attempts = attempts + 1, updated_at = now()
                WHERE article_id IN (
                    SELECT article_id FROM work_item WHERE state = 'todo' OR (state = 'extracting' AND lease_until < now())
                    ORDER BY batch_id, position FOR UPDATE SKIP LOCKED LIMIT \(limit))
                RETURNING batch_id, position, article, trace_parent
                """, logger: logger).decode((Int, Int, String, String?).self)
            var items: [Item] = []
            for try await (batch, position, article, traceparent) in rows {
                items.append(try Item(article: article, traceparent: traceparent, batch: batch, position: position))
            }
            return items.sorted { $0.rank < $1.rank }
        }
    }

    /// Extends `owner`'s leases on `articleIDs` (the ones it still holds; a row another transaction
    /// holds is renewed next time, so this never waits in a lock cycle).
    public func renew(_ articleIDs: [String], owner: String, lease: Duration) async throws {
        guard !articleIDs.isEmpty else { return }
        try await store.write("renew leases") { connection in
            try await connection.query("""
                UPDATE work_item SET lease_until = now() + make_interval(secs => \(lease.seconds))
                WHERE article_id IN (
                    SELECT article_id FROM work_item WHERE owner = \(owner) AND state = 'extracting' AND article_id = ANY(\(articleIDs))
                    ORDER BY article_id FOR UPDATE SKIP LOCKED)
                """, logger: store.logger)
        }
    }

    /// Gives `owner`'s claims back (a worker that stops): they are claimable at once, and the
    /// claim does not count as an attempt.
    public func handBack(owner: String) async throws {
        try await store.write("hand claims back") { connection in
            try await connection.query("""
                UPDATE work_item SET state = 'todo', owner = NULL, lease_until = NULL, attempts = GREATEST(attempts - 1, 0),
                    updated_at = now()
                WHERE owner = \(owner) AND state = 'extracting'
                """, logger: store.logger)
        }
    }

    /// Hands an extraction over to the resolver, if `owner` still holds the article's lease.
    /// - Returns: false when the lease had passed to another worker (its extraction counts).
    @discardableResult
    public func finish(_ articleID: String, owner: String, extraction: ArticleExtraction) async throws -> Bool {
        let json = try Self.json(extraction)
        return try await store.write("hand over the extraction of '\(articleID)'") { connection in
            try await connection.query("""
                UPDATE work_item SET state = 'extracted', extraction = \(json), owner = NULL, lease_until = NULL, updated_at = now()
                WHERE article_id = \(articleID) AND owner = \(owner) AND state = 'extracting' RETURNING 1
                """, logger: store.logger).first(Int.self) != nil
        }
    }

    // MARK: - The resolver's side

    /// Every article not yet settled (committed, failed or irrelevant), in the global order.
    public func openItems() async throws -> [Item] {
        try await store.read("read the queued articles") { connection in
            var items: [Item] = []
            let rows = try await connection.query("""
                SELECT article, trace_parent, batch_id, position FROM work_item WHERE state = ANY(\(Self.openStates))
                ORDER BY batch_id, position
                """, logger: store.logger).decode((String, String?, Int, Int).self)
            for try await (article, traceparent, batch, position) in rows {
                items.append(try Item(article: article, traceparent: traceparent, batch: batch, position: position))
            }
            return items
        }
    }

    /// How many articles are not yet settled.
    public func openCount() async throws -> Int {
        try await store.read("count the queued articles") { connection in
            try await connection.query(
                "SELECT COUNT(*) FROM work_item WHERE state = ANY(\(Self.openStates))", logger: store.logger).one(Int.self)
        }
    }

    /// The article's extraction once a worker handed it over; nil until then.
    public func extraction(of articleID: String) async throws -> ArticleExtraction? {
        let json = try await store.read("read the extraction of '\(articleID)'") { connection in
            try await connection.query(
                "SELECT extraction FROM work_item WHERE article_id = \(articleID) AND state = 'extracted'", logger: store.logger
            ).first(String.self)
        }
        return try json.map { try JSONDecoder().decode(ArticleExtraction.self, from: Data($0.utf8)) }
    }

    // MARK: - Inspection

    /// Where one queued article is (for `doctor`, tests and operators).
    public struct Status: Sendable, Equatable {
        /// The article.
        public var articleID: String
        /// `todo`, `extracting`, `extracted`, `committed`, `failed` or `irrelevant`.
        public var state: String
        /// The worker holding its lease while `extracting`.
        public var owner: String?
        /// How many times it was claimed.
        public var attempts: Int
    }

    /// Every queued article in the global order.
    public func statuses() async throws -> [Status] {
        try await store.read("read the queue") { connection in
            var statuses: [Status] = []
            let rows = try await connection.query(
                "SELECT article_id, state, owner, attempts FROM work_item ORDER BY batch_id, position", logger: store.logger
            ).decode((String, String, String?, Int).self)
            for try await (id, state, owner, attempts) in rows {
                statuses.append(Status(articleID: id, state: state, owner: owner, attempts: attempts))
            }
            return statuses
        }
    }

    /// The resolver role's current epoch and the worker that took it last (`host:pid:run`).
    public func resolverHolder() async throws -> (epoch: Int64, holder: String?) {
        try await store.read("read the resolver role") { connection in
            let row = try await connection.query("SELECT epoch, holder FROM resolver_fence WHERE id = 1", logger: store.logger).rows()
            guard let row = row.first else { throw PostgresDecodingError.Code.missingData }
            return (try row.value("epoch", as: Int64.self), try row.value("holder", as: String?.self))
        }
    }

    // MARK: - JSON

    static func json(_ extraction: ArticleExtraction) throws -> String {
        String(decoding: try JSONEncoder().encode(extraction), as: UTF8.self)
    }

    static func article(_ json: String) throws -> Article {
        try JSONDecoder().decode(Article.self, from: Data(json.utf8))
    }
}

extension Duration {
    /// Whole and fractional seconds, for `make_interval(secs => …)`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
