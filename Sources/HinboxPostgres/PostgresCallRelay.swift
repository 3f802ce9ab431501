import Foundation
public import HinboxCore
import PostgresNIO

/// Model calls handed out through the `model_call` table: the resolver role's holder asks, any
/// worker answers with its own model slots (docs/POSTGRES.md). So the profile and grounding calls
/// of every article — decided in order on the holder — are spread over every worker's slots.
///
/// A call is claimed with a lease like an article (`FOR UPDATE SKIP LOCKED`); a worker that dies
/// while making it loses it when the lease ends, and another makes it again.
public struct PostgresCallRelay: Sendable {
    /// A call to make, claimed by a worker.
    public struct Claimed: Sendable {
        /// The call's row.
        public var id: Int64
        /// What the holder asked.
        public var request: ChatRequest
        /// The W3C `traceparent` of the span that asked (the call's spans join its trace).
        public var traceparent: String?
        /// The ``RequestOrder`` rank of the article that asked (older articles' calls go first).
        public var rank: Int
    }

    /// What a worker answered.
    public enum Answer: Sendable, Codable {
        case reply(ChatResponse)
        /// The call failed after the client's retries; `transient` as the error said.
        case failure(message: String, transient: Bool)
    }

    /// The database the calls go through.
    public let store: PostgresStore

    /// The relay of the database `store` opened.
    public init(store: PostgresStore) {
        self.store = store
    }

    // MARK: - The holder's side

    /// Queues a call of the holder of tenure `epoch` for the article of `rank`; returns its id.
    public func submit(_ request: ChatRequest, epoch: Int64, traceparent: String?, rank: Int) async throws -> Int64 {
        let json = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        return try await store.write("hand out a model call") { connection in
            try await connection.query("""
                INSERT INTO model_call (epoch, state, trace_parent, rank, request)
                VALUES (\(epoch), 'todo', \(traceparent), \(rank), \(json))
                RETURNING id
                """, logger: store.logger).one(Int64.self)
        }
    }

    /// Takes the answers of those of `ids` that are answered (removing their rows), and names those
    /// that no longer exist (withdrawn by a new holder). Rows another transaction holds are left
    /// for the next call: multi-row statements here and in ``renew(_:owner:lease:)`` never wait
    /// for each other (two that did deadlocked under load).
    public func collect(_ ids: [Int64]) async throws -> (answers: [Int64: Answer], withdrawn: Set<Int64>) {
        let (rows, present) = try await store.write("collect model calls") { connection in
            let done = try await connection.query("""
                DELETE FROM model_call WHERE id IN (
                    SELECT id FROM model_call WHERE id = ANY(\(ids)) AND state = 'done' ORDER BY id FOR UPDATE SKIP LOCKED)
                RETURNING id, reply
                """, logger: store.logger).decode((Int64, String).self)
            var rows: [(Int64, String)] = []
            for try await row in done { rows.append(row) }
            let present = try await connection.query(
                "SELECT id FROM model_call WHERE id = ANY(\(ids))", logger: store.logger).all(Int64.self)
            return (rows, present)
        }
        var answers: [Int64: Answer] = [:]
        for (id, json) in rows { answers[id] = try JSONDecoder().decode(Answer.self, from: Data(json.utf8)) }
        return (answers, Set(ids).subtracting(present).subtracting(answers.keys))
    }

    /// Withdraws the calls of earlier tenures (a new holder does, as it takes the role).
    public func withdraw(before epoch: Int64) async throws {
        try await store.write("withdraw old model calls") { connection in
            try await connection.query("DELETE FROM model_call WHERE epoch < \(epoch)", logger: store.logger)
        }
    }

    // MARK: - Every worker's side

    /// Claims up to `limit` calls, oldest article first: unclaimed ones and ones whose lease ended.
    public func claim(owner: String, limit: Int, lease: Duration) async throws -> [Claimed] {
        let rows = try await store.write("claim model calls") { connection in
            let claimed = try await connection.query("""
                UPDATE model_call SET state = 'running', owner = \(owner), lease_until = now() + make_interval(secs => \(lease.seconds))
                WHERE id IN (
                    SELECT id FROM model_call WHERE state = 'todo' OR (state = 'running' AND lease_until < now())
                    ORDER BY rank, id FOR UPDATE SKIP LOCKED LIMIT \(limit))
                RETURNING id, request, trace_parent, rank
                """, logger: store.logger).decode((Int64, String, String?, Int).self)
            var rows: [(Int64, String, String?, Int)] = []
            for try await row in claimed { rows.append(row) }
            return rows
        }
        return try rows.sorted { ($0.3, $0.0) < ($1.3, $1.0) }.map { id, request, traceparent, rank in
            Claimed(
                id: id, request: try JSONDecoder().decode(ChatRequest.self, from: Data(request.utf8)), traceparent: traceparent, rank: rank)
        }
    }

    /// Extends `owner`'s leases on `ids`.
    public func renew(_ ids: [Int64], owner: String, lease: Duration) async throws {
        guard !ids.isEmpty else { return }
        try await store.write("renew model call leases") { connection in
            try await connection.query("""
                UPDATE model_call SET lease_until = now() + make_interval(secs => \(lease.seconds))
                WHERE id IN (
                    SELECT id FROM model_call WHERE owner = \(owner) AND state = 'running' AND id = ANY(\(ids))
                    ORDER BY id FOR UPDATE SKIP LOCKED)
                """, logger: store.logger)
        }
    }

    /// Gives `owner`'s calls back (a worker that stops): another worker makes them at once.
    public func handBack(owner: String) async throws {
        try await store.write("hand model calls back") { connection in
            try await connection.query(
                "UPDATE model_call SET state = 'todo', owner = NULL, lease_until = NULL WHERE owner = \(owner) AND state = 'running'",
                logger: store.logger)
        }
    }

    /// Stores the answer, if `owner` still holds the call.
    public func answer(_ id: Int64, owner: String, with answer: Answer) async throws {
        let json = String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)
        try await store.write("answer a model call") { connection in
            try await connection.query("""
                UPDATE model_call SET state = 'done', reply = \(json), owner = NULL, lease_until = NULL
                WHERE id = \(id) AND owner = \(owner) AND state = 'running'
                """, logger: store.logger)
        }
    }
}
