#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nanosecond CPU clocks. The benchmark framework's `cpuTotal` counts scheduler ticks (10 ms on
/// Linux), too coarse for one lookup or one LLM call, so per-operation CPU is read here.
public enum CPUClock {
    /// CPU time of the calling thread: for work that stays on one thread.
    public static func thread() -> Int { read(CLOCK_THREAD_CPUTIME_ID) }

    /// CPU time of the whole process, every thread included: for async work that hops between
    /// threads and background work (span export) it causes.
    public static func process() -> Int { read(CLOCK_PROCESS_CPUTIME_ID) }

    private static func read(_ clock: clockid_t) -> Int {
        var now = timespec()
        clock_gettime(clock, &now)
        return Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec)
    }
}
