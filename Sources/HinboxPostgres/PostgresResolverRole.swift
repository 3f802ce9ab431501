import HinboxCore
public import Logging
import PostgresNIO

/// The resolver role among several `hinbox process --worker` on one database: the one worker that
/// resolves and commits articles, in the global order, so the knowledge base is what one process
/// would make.
///
/// The role is a session-level advisory lock on a connection of its own, which each worker keeps
/// for its life and asks for the role every poll: the server drops the lock when that session
/// ends, however the holder ends (kill -9 included), and another worker takes it.
/// Taking it increments `resolver_fence.epoch`; every commit of the holder checks the epoch in
/// its transaction (``ResolverFence``), so a holder that lost its session — and with it the role —
/// but still runs cannot write.
public final class PostgresResolverRole: Sendable {
    /// The advisory lock key of the role (`hinbor` in ASCII).
    static let key: Int64 = 0x68_69_6E_62_6F_72
    private let connection: PostgresConnection
    private let holder: String
    /// The database, without its password (for errors).
    private let location: String
    private let logger: Logger

    private init(connection: PostgresConnection, holder: String, location: String, logger: Logger) {
        self.connection = connection
        self.holder = holder
        self.location = location
        self.logger = logger
    }

    /// A session of its own from which `holder` may take the role (connecting takes nothing).
    ///
    /// - Throws: ``StoreError/cannotOpen`` when the server cannot be reached.
    public static func connect(
        _ location: PostgresLocation, holder: String, logger: Logger = Logger(label: "hinbox.postgres")
    ) async throws -> PostgresResolverRole {
        PostgresResolverRole(
            connection: try await PostgresRunLock.connect(location, id: 2, logger: logger), holder: holder, location: location.redacted,
            logger: logger)
    }

    /// Takes the role if it is free, naming the holder in `resolver_fence`; nil while another
    /// session holds it. The same session is asked again later (workers poll for the role).
    public func tryTake() async throws -> ResolverFence? {
        do {
            guard try await connection.query("SELECT pg_try_advisory_lock(\(Self.key))", logger: logger).one(Bool.self) else { return nil }
            do {
                // Waits for a commit of the previous holder still in flight (it reads the epoch FOR SHARE).
                let epoch = try await connection.query("""
                    UPDATE resolver_fence SET epoch = epoch + 1, holder = \(holder), since = now() WHERE id = 1 RETURNING epoch
                    """, logger: logger).one(Int64.self)
                return ResolverFence(epoch: epoch)
            } catch {
                await giveUp()
                throw error
            }
        } catch {
            throw StoreError.cannotConnect(location: location, reason: PostgresFailure.reason(error))
        }
    }

    /// Gives the role up (the session stays, to take it again); another worker may take it.
    public func giveUp() async {
        _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.key))", logger: logger)
    }

    /// Closes the session, giving the role up if it held it.
    public func close() async {
        try? await connection.close()
    }
}

/// One tenure of the resolver role: its epoch, checked in every transaction the holder writes.
public struct ResolverFence: Sendable, Hashable {
    /// `resolver_fence.epoch` when the role was taken.
    public let epoch: Int64

    /// The tenure that took the role at `epoch`.
    public init(epoch: Int64) {
        self.epoch = epoch
    }

    /// The role passed to another worker: this holder must stop writing.
    public struct Lost: Error, CustomStringConvertible {
        /// The tenure that tried to write.
        public let epoch: Int64
        /// The role's epoch now (a later holder's).
        public let current: Int64
        public var description: String {
            "this worker lost the resolver role (its epoch \(epoch), now \(current)): another worker resolves from here; nothing of this article was written"
        }
    }

    /// Throws ``Lost`` unless the role is still this tenure's; holds the fence row (FOR SHARE) so a
    /// new holder's epoch bump waits for this transaction.
    func check(_ connection: PostgresConnection, logger: Logger) async throws {
        let current = try await connection.query("SELECT epoch FROM resolver_fence WHERE id = 1 FOR SHARE", logger: logger).one(Int64.self)
        guard current == epoch else { throw Lost(epoch: epoch, current: current) }
    }

    /// Marks the article's work item settled, in the transaction that wrote its outcome.
    func settle(_ articleID: String, as state: String, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE work_item SET state = \(state), extraction = NULL, owner = NULL, lease_until = NULL, updated_at = now()
            WHERE article_id = \(articleID)
            """, logger: logger)
    }
}
