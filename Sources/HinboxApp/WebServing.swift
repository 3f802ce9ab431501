import Foundation
import HinboxCore
import HinboxStore
public import HinboxWeb
public import Logging

/// Wires `hinbox serve`: the database opened read-only for the pages, and (with `--allow-edits`)
/// merge/split through ``ProfileCorrections`` under the same run lock as `hinbox process`.
public enum WebServing {
    /// A server over the database at `databasePath` (a SQLite file or a PostgreSQL URL).
    ///
    /// - Throws: when the database does not exist or cannot be opened.
    public static func server(databasePath: String, settings: WebSettings, logger: Logger) async throws -> WebServer {
        let location = try StoreLocation(databasePath)
        let store = try await location.open(readOnly: true)
        let edits = settings.allowEdits ? edits(location) : nil
        return try WebServer(browser: store, settings: settings, edits: edits, logger: logger)
    }

    /// Writes the static site of the database at `databasePath` into `directory`; returns the file count.
    public static func exportSite(databasePath: String, to directory: String, phoenixURL: String?) async throws -> Int {
        let store = try await StoreLocation(databasePath).open(readOnly: true)
        do {
            let site = try StaticSite(browser: store, phoenixURL: phoenixURL)
            let files = try await site.export(to: URL(fileURLWithPath: directory))
            await store.close()
            return files
        } catch {
            await store.close()
            throw error
        }
    }

    /// `profiles merge/split` as the review queue calls them: each takes the run lock for its
    /// transaction (refused while `hinbox process` runs) and opens its own writer.
    public static func edits(_ location: StoreLocation) -> WebEdits {
        WebEdits(
            merge: { target, source in
                try await locked(location) { corrections in
                    let outcome = try await corrections.store.mergeEntities(into: target, from: source)
                    return WebEdits.Outcome(message: corrections.describe(outcome), entityID: outcome.kept.id)
                }
            },
            split: { entity, article in
                try await locked(location) { corrections in
                    let outcome = try await corrections.store.splitEntity(entity, article: article)
                    return WebEdits.Outcome(message: corrections.describe(outcome), entityID: outcome.created.id)
                }
            })
    }

    private static func locked<T: Sendable>(_ location: StoreLocation, _ body: (ProfileCorrections) async throws -> T) async throws -> T {
        try await location.withRunLock {
            let store = try await location.open()
            do {
                let value = try await body(ProfileCorrections(store: store))
                await store.close()
                return value
            } catch {
                await store.close()
                throw error
            }
        }
    }
}
