import Foundation
import HinboxCore
import HinboxStore
import HinboxWeb
import Logging

/// Wires `hinbox serve`: the database opened read-only for the pages, and (with `--allow-edits`)
/// merge/split through ``ProfileCorrections`` under the same ``RunLock`` as `hinbox process`.
public enum WebServing {
    /// A server over the database at `databasePath`.
    ///
    /// - Throws: when the database does not exist or cannot be opened.
    public static func server(databasePath: String, settings: WebSettings, logger: Logger) throws -> WebServer {
        let store = try SQLiteStore.openReadOnly(path: databasePath)
        let edits = settings.allowEdits ? edits(databasePath: databasePath) : nil
        return try WebServer(browser: store, settings: settings, edits: edits, logger: logger)
    }

    /// Writes the static site of the database at `databasePath` into `directory`; returns the file count.
    public static func exportSite(databasePath: String, to directory: String, phoenixURL: String?) async throws -> Int {
        let store = try SQLiteStore.openReadOnly(path: databasePath)
        let site = try StaticSite(browser: store, phoenixURL: phoenixURL)
        return try await site.export(to: URL(fileURLWithPath: directory))
    }

    /// `profiles merge/split` as the review queue calls them: each takes the run lock for its
    /// transaction (refused while `hinbox process` runs) and opens its own writer.
    public static func edits(databasePath: String) -> WebEdits {
        WebEdits(
            merge: { target, source in
                try await locked(databasePath) { corrections in
                    let outcome = try await corrections.store.mergeEntities(into: target, from: source)
                    return WebEdits.Outcome(message: corrections.describe(outcome), entityID: outcome.kept.id)
                }
            },
            split: { entity, article in
                try await locked(databasePath) { corrections in
                    let outcome = try await corrections.store.splitEntity(entity, article: article)
                    return WebEdits.Outcome(message: corrections.describe(outcome), entityID: outcome.created.id)
                }
            })
    }

    private static func locked<T: Sendable>(_ databasePath: String, _ body: (ProfileCorrections) async throws -> T) async throws -> T {
        let lock = try RunLock.acquire(databasePath: databasePath)
        defer { lock.release() }
        return try await body(ProfileCorrections(store: try SQLiteStore.open(path: databasePath)))
    }
}
