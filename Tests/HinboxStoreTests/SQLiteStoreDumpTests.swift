import Foundation
import HinboxCore
@testable import HinboxStore
import Testing

/// `SQLiteStore.dump`, what `hinbox migrate` reads: every row, in insertion order, batch by batch.
@Suite("SQLite dump")
struct SQLiteStoreDumpTests {
    typealias F = StoreFixtures

    @Test("Batches of any size add up to the whole dump, every table's rows counted")
    func batches() async throws {
        let path = F.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let store = try SQLiteStore.open(path: path)
        try await store.startRun(F.run())
        for index in 0..<5 {
            var commit = F.newEntityCommit(
                article: "a\(index)", entity: "per_\(index)", name: "Person \(index)", aliases: ["P\(index)", "Pers. \(index)"], minute: index)
            commit.embeddings = [EntityEmbedding(entityID: "per_\(index)", model: "test/embed", vector: [1, 0, Float(index)], evidence: "e")]
            try await store.commit(commit)
        }
        _ = try await store.mergeEntities(into: "per_0", from: "per_1", at: F.t0.addingTimeInterval(600))

        let whole = try await SQLiteStore.openReadOnly(path: path).dump()
        #expect(whole.counts == [
            "run": 2, "article": 5, "entity": 4, "alias": 11, "mention": 5, "profile_version": 5, "entity_embedding": 4,
            "resolution_decision": 1, "merged_profile_version": 1,
        ])
        for size in [1, 2, 3, 1000] {
            var batches = 0
            var joined = KnowledgeDump()
            try await store.dump(batchSize: size) { batch in
                #expect(batch.counts.values.allSatisfy { $0 <= size })
                joined.append(batch)
                batches += 1
            }
            #expect(joined == whole, "batch size \(size)")
            #expect(batches >= 9)
        }
    }
}
