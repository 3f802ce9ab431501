/// Reads `read()` every `interval` until `done` holds or `timeout` has passed, and returns the
/// last value read: the caller asserts on it, so a timeout shows up as a failed expectation with
/// the data seen.
public func poll<T>(
    timeout: Duration = .seconds(60), every interval: Duration = .milliseconds(100),
    _ read: () async throws -> T, until done: (T) -> Bool
) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        let value = try await read()
        if done(value) || clock.now >= deadline { return value }
        try await Task.sleep(for: interval)
    }
}

/// Polls `condition` until it holds; throws ``PollTimeout`` naming `what` after `timeout`.
public func eventually(
    _ what: String, timeout: Duration = .seconds(20), every interval: Duration = .milliseconds(10),
    _ condition: () async throws -> Bool
) async throws {
    guard try await poll(timeout: timeout, every: interval, condition, until: { $0 }) else {
        throw PollTimeout(description: "timed out waiting for \(what)")
    }
}

/// ``eventually(_:timeout:every:_:)`` gave up.
public struct PollTimeout: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}
