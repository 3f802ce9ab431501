public import Logging

/// How often one step of an article is tried before the article fails: a step is one type's
/// extraction, one type's evidence embeddings, the article's resolution (match checks), or one
/// entity's profile.
///
/// A step is tried again, in place and before the article's turn passes, only when it failed
/// for a reason that may go away (a ``TransientFailure`` — a busy or flaky provider after the
/// client spent its own retries); so the input order, and with it the database, stays what an
/// uninterrupted run gives. Anything else (cancellation, an unreachable server, a reply that is
/// well-formed but wrong after its repair round) fails the step at once.
///
/// ## The call budget of one step
/// - one HTTP **call** is at most `RetryPolicy.maxAttempts` requests (default 4), plus one
///   more, once per client, when a server refuses `json_schema` and the client falls back to
///   `json_object`;
/// - one **structured reply** is at most 2 calls: the second repairs a reply that broke the schema
///   (``StructuredChat``);
/// - one **extraction** is at most 2 structured replies: the second repairs a poor extraction
///   (``EntityExtractor``); a profile or a match check is 1;
/// - one **step** is tried at most ``attempts`` times (default 3).
///
/// So one type's extraction makes at most 3 × 2 × 2 × 4 = 48 requests, a profile or a match check
/// 3 × 2 × 4 = 24, an embedding batch 3 × 4 = 12 (each + 1 the first time a server refuses
/// `json_schema`) — and on a healthy provider exactly one each. `CallBudgetTests` holds these
/// bounds.
public struct StepRetry: Sendable {
    /// Tries per step, first one included.
    public var attempts: Int
    public var logger: Logger

    public init(attempts: Int = 3, logger: Logger = Logger(label: "hinbox.pipeline")) {
        self.attempts = max(1, attempts)
        self.logger = logger
    }

    /// Runs `body` until it succeeds, fails for a reason that will not go away, or has been tried
    /// ``attempts`` times.
    public func run<T>(_ step: String, article: String, _ body: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch let error as any TransientFailure where error.isTransient && attempt < attempts && !Task.isCancelled {
                logger.info(
                    "\(step) failed, trying the step again",
                    metadata: ["article": "\(article)", "attempt": "\(attempt)", "error": "\(error)"])
                attempt += 1
            }
        }
    }
}

/// An error that may not happen again if the same work is tried again (the LLM client's
/// retryable errors conform).
public protocol TransientFailure: Error {
    /// Whether trying again may succeed.
    var isTransient: Bool { get }
}
