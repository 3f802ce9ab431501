import Foundation
public import HinboxPostgres

/// The throwaway PostgreSQL cluster of the tests: `HINBOX_TEST_POSTGRES_URL`, which scripts/test.sh
/// sets after starting one with scripts/postgres.sh. Without it, PostgreSQL tests are skipped.
public enum TestPostgres {
    /// The cluster's URL, nil when the tests run without one.
    public static var url: String? {
        ProcessInfo.processInfo.environment["HINBOX_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether PostgreSQL tests can run.
    public static var isAvailable: Bool { url != nil }

    /// Runs `body` with a fresh, empty database of its own (so tests run in parallel), dropped
    /// afterwards however `body` ends.
    public static func withDatabase<T: Sendable>(_ body: (PostgresLocation) async throws -> T) async throws -> T {
        guard let url else { throw Unavailable() }
        let server = try PostgresLocation(url: url)
        let name = "hinbox_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let location = try await PostgresDatabases.create(name, on: server)
        do {
            let value = try await body(location)
            try await PostgresDatabases.drop(name, on: server)
            return value
        } catch {
            try? await PostgresDatabases.drop(name, on: server)
            throw error
        }
    }

    /// A fresh database's store, closed and dropped after `body`.
    public static func withStore<T: Sendable>(_ body: (PostgresStore) async throws -> T) async throws -> T {
        try await withDatabase { try await withStoreAt($0, body) }
    }

    /// The store of the database at `location`, closed after `body`.
    public static func withStoreAt<T: Sendable>(_ location: PostgresLocation, _ body: (PostgresStore) async throws -> T) async throws -> T {
        let store = try await PostgresStore.open(location)
        do {
            let value = try await body(store)
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }

    /// Thrown when `HINBOX_TEST_POSTGRES_URL` is unset (tests check ``isAvailable`` first).
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String { "HINBOX_TEST_POSTGRES_URL is not set; run scripts/test.sh, or start scripts/postgres.sh and export it" }
    }
}
