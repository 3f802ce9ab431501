import Foundation
import HinboxCore
import HinboxStore
import HinboxTesting
import Synchronization
import Testing

/// A step that fails transiently is tried again in place, before its turn passes, so a flaky
/// provider changes nothing in the database; a step that keeps failing fails only its article.
@Suite("Pipeline: steps retried in place")
struct PipelineRetryTests {
    /// A failure that may go away, like the LLM client's retryable errors.
    struct Flaky: TransientFailure, CustomStringConvertible {
        var isTransient: Bool { true }
        var description: String { "the provider returned no choices (gave up after 4 attempts)" }
    }

    /// Counts requests per (schema, article, entity) so a failure can be keyed to its n-th try.
    final class Tries: Sendable {
        private let counts = Mutex<[String: Int]>([:])
        /// 1 for the first time `request` is seen, 2 for the second…
        func next(_ request: ChatRequest) -> Int {
            let key = "\(request.schema?.name ?? "-")|\(request.messages.map(\.content).joined())"
            return counts.withLock { $0[key, default: 0] += 1; return $0[key]! }
        }
        var total: Int { counts.withLock { $0.values.reduce(0, +) } }
    }

    @Test("Every extraction, match check and profile call failing twice first: all processed, equal to a clean run, at concurrency 1 and 8",
          arguments: [1, 8])
    func flakyEverywhere(concurrency: Int) async throws {
        let clean = try PipelineTests.Harness(model: PipelineTests.reorderingModel())
        _ = try await clean.run(PipelineTests.overlappingStories, concurrency: concurrency)
        let expected = try await PipelineTests.knowledgeBase(clean)

        let tries = Tries()
        let flaky = try PipelineTests.Harness(model: PipelineTests.reorderingModel { request, _ in
            if tries.next(request) <= 2 { throw Flaky() }
        })
        let report = try await flaky.run(PipelineTests.overlappingStories, concurrency: concurrency)
        #expect(report.failed.isEmpty, "\(report.failed.map { "\($0.articleID): \($0.error ?? "")" })")
        #expect(report.processed.count == 12)
        #expect(try await PipelineTests.knowledgeBase(flaky) == expected)
        #expect(expected.count > 12)
    }

    @Test("A step that keeps failing transiently is tried 3 times, then only its article fails; the others are processed")
    func keepsFailing() async throws {
        let attempts = Mutex(0)
        let harness = try PipelineTests.Harness(model: PipelineTests.reorderingModel { request, id in
            if id == "d04", request.schema?.name.hasPrefix("profile") == true {
                attempts.withLock { $0 += 1 }
                throw Flaky()
            }
        })
        let report = try await harness.run(PipelineTests.overlappingStories, concurrency: 4, plan: PipelineTests.standard(block: 1))
        #expect(report.failed.map(\.articleID) == ["d04"])
        #expect(report.failed.first?.error?.contains("no choices") == true, "\(report.failed)")
        #expect(report.processed.count == 11)
        #expect(try await harness.store.articleDetail(id: "d04")?.article.status == .failed)
        // Each of d04's entities' first profile call: 3 tries (chained versions wait on it and fail with it).
        let tried = attempts.withLock { $0 }
        #expect(tried > 0 && tried % StepRetry().attempts == 0, "\(tried) profile calls")
    }

    @Test("A failure that will not go away is not retried")
    func permanentNotRetried() async throws {
        let attempts = Mutex(0)
        let harness = try PipelineTests.Harness(model: PipelineTests.reorderingModel { request, id in
            if id == "d02", request.schema?.name == "extract_person" {
                attempts.withLock { $0 += 1 }
                throw PipelineTests.FakeFailure.profile
            }
        })
        let report = try await harness.run(Array(PipelineTests.overlappingStories.prefix(3)), concurrency: 1)
        #expect(report.failed.map(\.articleID) == ["d02"])
        #expect(report.processed.count == 2)
        // One try: the failure is not transient, so neither the step nor the article is retried.
        #expect(attempts.withLock { $0 } == 1)
    }
}
