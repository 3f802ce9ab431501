import Foundation
import HinboxCore
import HinboxStore
import HinboxTesting
import Testing

/// Folded profile updates (`profile_batch`): a known entity's updates from one block of the
/// input become one profile call and one version citing each article; a run stopped inside a
/// block leaves them waiting in the store, and the next run folds them as an uninterrupted run would.
@Suite("Pipeline: folded profile updates")
struct FoldedUpdatesTests {
    typealias P = PipelineTests

    /// d01…d12 of the overlapping stories, in blocks of 4.
    static let plan = PipelineTests.standard(block: 4)

    @Test("An entity's updates within a block are one profile call and one version covering each article, cited")
    func oneVersionPerBlock() async throws {
        let harness = try P.Harness(model: P.reorderingModel())
        let report = try await harness.run(P.overlappingStories, concurrency: 4, plan: Self.plan)
        #expect(report.processed.count == 12)
        var folded = 0
        for summary in try await harness.store.profiles(type: nil, search: nil) {
            let detail = try await harness.profile(summary.id)
            // Every article is taken in by exactly one version; none waits after the last block.
            #expect(detail.versions.flatMap(\.covers).sorted() == summary.articleIDs.sorted(), "\(summary.name)")
            #expect(!detail.mentions.contains { $0.pendingProfile }, "\(summary.name)")
            for version in detail.versions {
                // A version takes in articles of one block only, and its trigger ends that block.
                let blocks = Set(version.covers.map { Self.block(of: $0) })
                #expect(blocks.count == 1, "\(summary.name) v\(version.version): \(version.covers)")
                if version.version > 1 { #expect(blocks == [Self.block(of: version.triggerArticleID)]) }
                for id in version.covers { #expect(version.profile.text.contains("^[\(id)]"), "\(summary.name) v\(version.version) cites \(id)") }
                if version.covers.count > 1 { folded += 1 }
            }
        }
        #expect(folded > 0, "no update folded several articles")
        let folds = harness.model.requests.filter { $0.schema?.name == "profile_fold" }
        #expect(folds.count == folded)
        for request in folds {
            let user = request.messages.last { $0.role == .user }?.content ?? ""
            #expect(user.components(separatedBy: "Article ID: ").count - 1 > 1, "a fold call sends each of its articles")
        }
    }

    @Test("--limit stopping inside a block leaves its updates waiting; the next run folds them as one uninterrupted run does",
          arguments: [5, 6, 7])
    func limitInsideBlock(limit: Int) async throws {
        let clean = try P.Harness(model: P.reorderingModel())
        _ = try await clean.run(P.overlappingStories, concurrency: 4, plan: Self.plan)

        let resumed = try P.Harness(model: P.reorderingModel())
        let first = try await resumed.run(P.overlappingStories, concurrency: 4, limit: limit, plan: Self.plan)
        #expect(first.processed.count == limit)
        var waiting = 0
        for summary in try await resumed.store.profiles(type: nil, search: nil) {
            let detail = try await resumed.profile(summary.id)
            waiting += detail.mentions.count(where: \.pendingProfile)
            #expect(Set(detail.versions.flatMap(\.covers)).isDisjoint(with: detail.mentions.filter(\.pendingProfile).map(\.articleID)))
        }
        #expect(waiting > 0, "the block the limit cut has updates waiting")
        let second = try await resumed.run(P.overlappingStories, runID: "run-2", concurrency: 4, plan: Self.plan)
        #expect(second.processed.count == 12 - limit)
        let expected = try await P.knowledgeBase(clean)
        #expect(try await P.knowledgeBase(resumed) == expected)
    }

    static func block(of articleID: String) -> Int {
        ((Int(articleID.dropFirst()) ?? 1) - 1) / plan.profileBlock
    }
}
