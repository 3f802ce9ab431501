import Foundation
import HinboxApp
import HinboxCore
import HinboxStore
import HinboxTesting
import Synchronization
import Testing

/// The compact call plan (the embedded demo model's): one extraction call per article, profiles
/// several to a call, no repairs — and the same entities as the standard plan.
@Suite("Pipeline: compact call plan")
struct CompactCallPlanTests {
    static func entities(_ harness: PipelineTests.Harness) async throws -> [String] {
        try await harness.store.profiles(type: nil, search: nil).map { "\($0.type.rawValue)|\($0.id)|\($0.name)|v\($0.version)" }.sorted()
    }

    @Test("One extraction call per article and one profile call per 8 entities; the same entities and versions as the standard plan")
    func fewerCallsSameEntities() async throws {
        let standard = try PipelineTests.Harness(model: PipelineTests.reorderingModel())
        _ = try await standard.run(PipelineTests.overlappingStories, plan: PipelineTests.standard(block: CallPlan.compact.profileBlock))
        let compact = try PipelineTests.Harness(model: PipelineTests.reorderingModel())
        let report = try await compact.run(PipelineTests.overlappingStories, plan: .compact)
        #expect(report.processed.count == 12)
        #expect(try await Self.entities(compact) == Self.entities(standard))

        let requests = compact.model.requests
        let schemas = Dictionary(grouping: requests) { $0.schema?.name ?? "-" }.mapValues(\.count)
        #expect(schemas["extract_all"] == 12, "\(schemas)")
        #expect(schemas.keys.allSatisfy { ["extract_all", "profile_batch"].contains($0) }, "\(schemas)")
        // Each article's profiles fit in one call (at most 6 entities per story here).
        #expect(schemas["profile_batch"] == 12, "\(schemas)")
        // Standard: four extraction calls and a profile call per four entities per article.
        #expect(requests.count < standard.model.requests.count / 2, "\(requests.count) vs \(standard.model.requests.count)")
        let versions = try await harness(compact, profile: "Dana Whitfield")
        #expect(versions.contains { $0.contains("### Update") }, "updates build on the previous version: \(versions)")
    }

    @Test("Concurrency 1 and 8 give the same database with the compact plan")
    func deterministic() async throws {
        var outputs: [[String]] = []
        for concurrency in [1, 8] {
            let harness = try PipelineTests.Harness(model: PipelineTests.reorderingModel())
            _ = try await harness.run(PipelineTests.overlappingStories, concurrency: concurrency, plan: .compact)
            outputs.append(try await PipelineTests.knowledgeBase(harness))
        }
        #expect(outputs[0].count > 20)
        #expect(outputs[0] == outputs[1])
    }

    @Test("A profile the batch reply leaves out is written alone; with repairs off (the demo plan) it is noted without a call",
          arguments: [true, false])
    func missingFromBatch(repairs: Bool) async throws {
        let model = FakeChatModel { request in
            var reply = try FakeChatModel.gazetteerReply(to: request, gazetteer: PipelineTests.gazetteer)
            if request.schema?.name == "profile_batch", var value = JSONValue.parse(reply.content),
                case .array(let profiles)? = value["profiles"], profiles.count > 1
            {
                value = ["profiles": .array(Array(profiles.dropFirst()))]
                reply.content = value.jsonString
            }
            return reply
        }
        let harness = try PipelineTests.Harness(model: model)
        let report = try await harness.run([PipelineTests.a1], plan: CallPlan(combinedExtraction: true, profilesPerCall: 8, repairs: repairs))
        #expect(report.processed.count == 1)
        let schemas = harness.model.requests.compactMap { $0.schema?.name }
        #expect(schemas.filter { $0 == "profile_batch" }.count == 1)
        #expect(schemas.filter { $0 == "profile_create" }.count == (repairs ? 1 : 0), "\(schemas)")
        let versions = try await harness.store.profiles(type: nil, search: nil)
        #expect(versions.count == report.processed[0].created)
        #expect(try await Self.entities(harness).count == report.processed[0].created)
    }

    @Test("Batch entries whose names a small model changed still find their entities: no call per profile")
    func lenientNames() async throws {
        let model = FakeChatModel { request in
            var reply = try FakeChatModel.gazetteerReply(to: request, gazetteer: PipelineTests.gazetteer)
            if request.schema?.name == "profile_batch", case .array(let profiles)? = JSONValue.parse(reply.content)?["profiles"] {
                let renamed: [JSONValue] = profiles.enumerated().map { position, profile in
                    let name = profile["name"]?.stringValue ?? ""
                    let changed = position.isMultiple(of: 2) ? "\(name) (as named)" : name.uppercased()
                    return ["name": .string(changed), "text": profile["text"] ?? "", "confidence": 0.5]
                }
                reply.content = JSONValue.object(["profiles": .array(renamed.reversed())]).jsonString
            }
            return reply
        }
        let harness = try PipelineTests.Harness(model: model)
        let report = try await harness.run([PipelineTests.a1, PipelineTests.a2], plan: .compact)
        #expect(report.processed.count == 2)
        let schemas = harness.model.requests.compactMap { $0.schema?.name }
        #expect(!schemas.contains { $0.hasPrefix("profile_c") || $0.hasPrefix("profile_u") }, "\(schemas)")
        // Each entity got its own profile, not a neighbour's.
        let whitfield = try await harness.profile("Dana Whitfield")
        #expect(whitfield.version.profile.text.contains("Dana Whitfield"), "\(whitfield.version.profile.text)")
    }

    @Test("call_plan auto: compact for the embedded demo model, standard for any other; an explicit value wins")
    func configuration() throws {
        let root = ProjectPaths.root(from: #filePath)
        var local = try AppConfiguration(overrides: .init(), environment: ["HINBOX_HOME": root, "HINBOX_MODEL": "local/smollm2-135m-instruct"])
        #expect(local.callPlan == .compact)
        let openAI = try AppConfiguration(overrides: .init(), environment: ["HINBOX_HOME": root, "HINBOX_MODEL": "openai/gpt-4o-mini"])
        #expect(openAI.callPlan == .standard)
        local.settings.callPlan = "standard"
        #expect(local.callPlan == .standard)
    }

    func harness(_ harness: PipelineTests.Harness, profile name: String) async throws -> [String] {
        try await harness.profile(name).versions.map(\.profile.text)
    }
}
