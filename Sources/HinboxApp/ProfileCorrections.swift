import Foundation
public import HinboxCore
import HinboxStore

/// The correcting commands: `profiles merge` and `profiles split`. Each is one transaction and
/// leaves a `manual` decision in the profile's merge history (`hinbox profiles show`).
///
/// Each correction holds the database's ``RunLock`` while it runs, like `hinbox process`: a
/// correction in the middle of a run would change entities the run has resolved against and make
/// its later commits fail. While a run holds the lock, a correction is refused at once, saying so.
public struct ProfileCorrections: Sendable {
    public var store: any KnowledgeBase
    /// Where the run lock is taken; nil for a database no other process can see (in memory).
    public var location: StoreLocation?

    /// Corrections on `store`, locking the database it was opened from (see ``StoreLocation/of(_:)``).
    public init(store: any KnowledgeBase) {
        self.store = store
        location = StoreLocation.of(store)
    }

    /// Opens the configured database; an error when a SQLite file does not exist yet.
    public static func open(_ configuration: AppConfiguration) async throws -> ProfileCorrections {
        ProfileCorrections(store: try await configuration.database.openExisting())
    }

    /// Merges `source` into `target` (ids, names or aliases) and describes what changed.
    public func merge(into target: String, from source: String, json: Bool = false) async throws -> String {
        describe(try await locked { try await store.mergeEntities(into: target, from: source) }, json: json)
    }

    /// What a merge changed, as `profiles merge` prints it.
    public func describe(_ outcome: MergeOutcome, json: Bool = false) -> String {
        if json {
            return JSONOutput.encode(MergeJSON(
                keptId: outcome.kept.id, keptName: outcome.kept.name, removedId: outcome.removed.id,
                removedName: outcome.removed.name, version: outcome.version, movedMentions: outcome.movedMentions,
                droppedMentions: outcome.droppedMentions, addedAliases: outcome.addedAliases, runId: outcome.runID))
        }
        var lines = [
            "Merged \"\(outcome.removed.name)\" (\(outcome.removed.id)) into \"\(outcome.kept.name)\" (\(outcome.kept.id)): now version \(outcome.version).",
            "  mentions moved: \(Self.list(outcome.movedMentions))",
        ]
        if !outcome.droppedMentions.isEmpty {
            lines.append("  mentions dropped (the article already mentioned \(outcome.kept.id)): \(Self.list(outcome.droppedMentions))")
        }
        lines.append("  aliases added: \(Self.list(outcome.addedAliases))")
        lines.append("  \(outcome.removed.id) is gone; its history is in `hinbox profiles show \(outcome.kept.id)`.")
        return lines.joined(separator: "\n")
    }

    /// Moves the mention of `article` out of `entity` into a new entity and describes it.
    public func split(_ entity: String, article: String, json: Bool = false) async throws -> String {
        describe(try await locked { try await store.splitEntity(entity, article: article) }, json: json)
    }

    /// What a split changed, as `profiles split` prints it.
    public func describe(_ outcome: SplitOutcome, json: Bool = false) -> String {
        if json {
            return JSONOutput.encode(SplitJSON(
                sourceId: outcome.source.id, sourceName: outcome.source.name, createdId: outcome.created.id,
                createdName: outcome.created.name, articleId: outcome.articleID, removedAlias: outcome.removedAlias,
                runId: outcome.runID))
        }
        var lines = [
            "Split article \(outcome.articleID) from \"\(outcome.source.name)\" (\(outcome.source.id)) into new \(outcome.created.type.rawValue) \"\(outcome.created.name)\" (\(outcome.created.id)).",
        ]
        if let alias = outcome.removedAlias { lines.append("  \"\(alias)\" is no longer an alias of \(outcome.source.id).") }
        lines.append("  See `hinbox profiles show \(outcome.created.id)`.")
        return lines.joined(separator: "\n")
    }

    /// Runs `body` holding the database's run lock (none for an in-memory database).
    private func locked<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        guard let location else { return try await body() }
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) { return try await body() }
        do {
            return try await location.withRunLock(body)
        } catch let refused as RunLock.Refused {
            throw ConfigError("\(refused.description.replacingOccurrences(of: "; wait for it", with: "; corrections wait for runs: wait for it")) — nothing was changed")
        }
    }

    private static func list(_ items: [String]) -> String { items.isEmpty ? "none" : items.joined(separator: ", ") }
}

struct MergeJSON: Encodable {
    var keptId: String
    var keptName: String
    var removedId: String
    var removedName: String
    var version: Int
    var movedMentions: [String]
    var droppedMentions: [String]
    var addedAliases: [String]
    var runId: String
}

struct SplitJSON: Encodable {
    var sourceId: String
    var sourceName: String
    var createdId: String
    var createdName: String
    var articleId: String
    var removedAlias: String?
    var runId: String
}
