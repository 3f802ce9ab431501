import Foundation
import HinboxCore
import HinboxPostgres
import HinboxStore

/// `hinbox migrate`: copies a SQLite knowledge base into an empty PostgreSQL database — runs,
/// articles, entities, aliases, mentions, vectors, profile versions, merged versions, decisions —
/// in one transaction, batch by batch from one snapshot of the source, then checks every table's
/// row count against what was read.
public enum KnowledgeBaseMigration {
    /// Rows per table on both sides.
    public struct Report: Sendable, CustomStringConvertible {
        public var source: [String: Int]
        public var target: [String: Int]
        public var targetLocation: String

        /// Whether every table has as many rows in the target as in the source.
        public var matches: Bool { source == target }

        public var description: String {
            var lines = ["table                    source   copied"]
            for table in source.keys.sorted() {
                let copied = target[table] ?? 0
                let mark = copied == source[table] ? "ok" : "MISMATCH"
                lines.append("  " + table.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: " %7d  %7d  %@", source[table] ?? 0, copied, mark))
            }
            lines.append(matches
                ? "Copied into \(targetLocation): every table's count matches the source."
                : "The counts differ (MISMATCH above); the copy in \(targetLocation) is incomplete: drop it and run again.")
            return lines.joined(separator: "\n")
        }
    }

    /// Copies the SQLite file at `sourcePath` into the PostgreSQL database at `targetURL`, which
    /// must be empty (a new database is migrated to hinbox's schema first), under its run lock.
    ///
    /// - Throws: ``ConfigError`` when the source does not exist or the target is not a PostgreSQL
    ///   URL; ``StoreError`` when the target holds rows or the copy fails (nothing is kept then).
    public static func copy(from sourcePath: String, to targetURL: String) async throws -> Report {
        guard FileManager.default.fileExists(atPath: sourcePath) else {
            throw ConfigError("no SQLite database at \(sourcePath); pass the file `hinbox process` wrote with --from")
        }
        guard case .postgres(let target) = try StoreLocation(targetURL) else {
            throw ConfigError("--to must be a PostgreSQL URL (postgres://USER[:PASSWORD]@HOST:PORT/DATABASE), not \(targetURL)")
        }
        let source = try SQLiteStore.openReadOnly(path: sourcePath)
        return try await StoreLocation.postgres(target).withRunLock {
            let store = try await PostgresStore.open(target)
            do {
                // Batch by batch from one snapshot of the source: memory holds one batch.
                var read = KnowledgeDump().counts
                try await store.load { sink in
                    try await source.dump { batch in
                        read.merge(batch.counts, uniquingKeysWith: +)
                        try await sink(batch)
                    }
                }
                let report = Report(source: read, target: try await store.tableCounts(), targetLocation: target.redacted)
                await store.close()
                return report
            } catch {
                await store.close()
                throw error
            }
        }
    }
}
