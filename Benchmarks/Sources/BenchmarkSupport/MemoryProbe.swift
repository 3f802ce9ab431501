import Foundation

/// The process's memory, for "bytes per stored entity" figures. (glibc's `mallinfo2` reads 0
/// under the benchmark's malloc interposer, so resident memory is what is measured.)
public enum MemoryProbe {
    /// Resident set size in bytes (`VmRSS` in `/proc/self/status`), 0 where unavailable.
    public static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }
}
