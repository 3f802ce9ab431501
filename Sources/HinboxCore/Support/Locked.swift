import Synchronization

/// A value shared between tasks behind a lock: carries a result out of a closure that cannot
/// return it (a span body that throws, a service's run).
///
/// ```swift
/// let traceID = Locked<String?>(nil)
/// try await withSpan { span in traceID.value = id(of: span); try await work() }
/// ```
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) {
        mutex = Mutex(value)
    }

    /// The value now.
    public var value: Value {
        get { mutex.withLock { $0 } }
        set { mutex.withLock { $0 = newValue } }
    }

    /// Reads and changes the value in one step.
    public func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T {
        mutex.withLock { body(&$0) }
    }
}
