import Foundation

/// Counts calls and tokens for the run summary.
public final class UsageMeter: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private var cached = 0
    private var usage = TokenUsage(prompt: 0, completion: 0)

    public init() {}

    func record(_ reply: ChatResponse) {
        lock.withLock {
            calls += 1
            if reply.fromCache { cached += 1 }
            if let tokens = reply.usage {
                usage = TokenUsage(prompt: usage.prompt + tokens.prompt, completion: usage.completion + tokens.completion)
            }
        }
    }

    /// Successful calls and the tokens they used so far.
    public var snapshot: (calls: Int, usage: TokenUsage) { lock.withLock { (calls, usage) } }

    /// How many of the calls the reply cache answered.
    public var cachedCalls: Int { lock.withLock { cached } }
}

/// A ``ChatModel`` that records every successful call's usage in a ``UsageMeter``.
public struct MeteredChatModel: ChatModel {
    public var base: any ChatModel
    public var meter: UsageMeter

    public init(_ base: any ChatModel, meter: UsageMeter) {
        self.base = base
        self.meter = meter
    }

    public var descriptor: ModelDescriptor { base.descriptor }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let response = try await base.complete(request)
        meter.record(response)
        return response
    }
}
