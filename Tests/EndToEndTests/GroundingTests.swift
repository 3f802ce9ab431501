import Foundation
import HinboxCore
import HinboxStore
import HinboxTesting
import Testing

/// Grounding: every new profile version is checked against the article that wrote it, verdicts
/// are stored with the version, and a version with unsupported sentences is revised once.
@Suite("Pipeline: grounding verdicts")
struct GroundingTests {
    /// The gazetteer model, with a sentence no article contains added to Dana Whitfield's profile
    /// in the batch reply; `revises` false: the revision returns the profile unchanged.
    static func inventingModel(revises: Bool = true) -> FakeChatModel {
        FakeChatModel { request in
            var reply = try FakeChatModel.gazetteerReply(to: request, gazetteer: PipelineTests.gazetteer)
            let user = request.messages.last { $0.role == .user }?.content ?? ""
            if request.schema?.name == "profile_batch", case .array(let profiles)? = JSONValue.parse(reply.content)?["profiles"] {
                let edited = profiles.map { entry -> JSONValue in
                    guard entry["name"]?.stringValue == "Dana Whitfield" else { return entry }
                    let invented = (entry["text"]?.stringValue ?? "") + "\n\nShe won the Zanzibar Medal in Oslo. ^[a1]"
                    return ["name": "Dana Whitfield", "text": .string(invented), "confidence": 0.8]
                }
                reply.content = JSONValue.object(["profiles": .array(edited)]).jsonString
            }
            if request.schema?.name == "profile_revise", !revises, let existing = user.components(separatedBy: "<existing_profile>\n").dropFirst().first?
                .components(separatedBy: "\n</existing_profile>").first
            {
                reply.content = JSONValue.object(["text": .string(existing)]).jsonString
            }
            return reply
        }
    }

    static func calls(_ model: FakeChatModel, _ schema: String) -> Int {
        model.requests.count { $0.schema?.name == schema }
    }

    @Test("Each version carries a verdict per sentence citing its article, from one check per article; unchanged earlier sentences keep theirs")
    func versionsCarryVerdicts() async throws {
        let harness = try PipelineTests.Harness()
        let report = try await harness.run([PipelineTests.a1, PipelineTests.a2], grounding: true)
        #expect(report.processed.count == 2)
        #expect(Self.calls(harness.model, "grounding") == 2, "one check per article, all its profiles at once")
        #expect(Self.calls(harness.model, "profile_revise") == 0)

        let eastgate = try await harness.profile("Eastgate")
        let first = try #require(eastgate.versions[0].profile.grounding)
        #expect(!first.claims.isEmpty)
        #expect(first.claims.allSatisfy { $0.articleID == "a1" && $0.verdict == .supported })
        #expect(!first.revised)
        let second = try #require(eastgate.versions[1].profile.grounding)
        #expect(Set(second.claims.map(\.articleID)) == ["a1", "a2"], "the a1 sentence is unchanged and keeps its verdict")
        #expect(second.claims.first == first.claims.first)
        #expect(second.claims.allSatisfy { $0.verdict == .supported })
    }

    @Test("A sentence its article does not contain is unsupported: the profile is revised once, checked again, and both checks are stored")
    func unsupportedIsRevised() async throws {
        let harness = try PipelineTests.Harness(model: Self.inventingModel())
        _ = try await harness.run([PipelineTests.a1], grounding: true)
        let dana = try await harness.profile("Dana Whitfield").version.profile
        #expect(!dana.text.contains("Zanzibar"), "the revision removed it: \(dana.text)")
        let grounding = try #require(dana.grounding)
        #expect(grounding.revised)
        let invented = try #require(grounding.firstCheck.first { $0.sentence.contains("Zanzibar") })
        #expect(invented.verdict == .unsupported)
        #expect(invented.note.contains("Zanzibar"))
        #expect(!grounding.claims.isEmpty && grounding.claims.allSatisfy { $0.verdict == .supported })
        #expect(Self.calls(harness.model, "profile_revise") == 1)
        #expect(Self.calls(harness.model, "grounding") == 2, "the first check and the re-check of the revised profile")

        // The other profiles of the article were not revised.
        let eastgate = try #require(try await harness.profile("Eastgate").version.profile.grounding)
        #expect(!eastgate.revised && eastgate.firstCheck.isEmpty)
    }

    @Test("The next version builds on the revised text: a call written on the unrevised draft is written again on the final")
    func nextVersionBuildsOnRevision() async throws {
        let harness = try PipelineTests.Harness(model: Self.inventingModel())
        let report = try await harness.run([PipelineTests.a1, PipelineTests.a2], concurrency: 2, grounding: true)
        #expect(report.processed.count == 2)
        let dana = try await harness.profile("Dana Whitfield")
        #expect(dana.versions.count == 2)
        #expect(dana.versions.allSatisfy { !$0.profile.text.contains("Zanzibar") }, "\(dana.versions.map(\.profile.text))")
        // The update was written on v1's draft (still inventing) and again on v1 as revised.
        let updates = harness.model.requests.filter {
            $0.schema?.name == "profile_update" && $0.messages.last?.content.hasPrefix("Entity: Dana Whitfield") == true
        }
        #expect(updates.count == 2)
        #expect(updates.contains { $0.messages.last?.content.contains("Zanzibar") == true })
        #expect(updates.contains { $0.messages.last?.content.contains("Zanzibar") == false })
    }

    @Test("The revision pass is bounded: a revision that fixes nothing is stored with its unsupported verdicts, after one revise and one re-check")
    func revisionIsBounded() async throws {
        let harness = try PipelineTests.Harness(model: Self.inventingModel(revises: false))
        let report = try await harness.run([PipelineTests.a1], grounding: true)
        #expect(report.processed.count == 1)
        let grounding = try #require(try await harness.profile("Dana Whitfield").version.profile.grounding)
        #expect(grounding.revised)
        #expect(grounding.count(.unsupported) == 1)
        #expect(grounding.summary.contains("1 unsupported") && grounding.summary.contains("revised once"))
        #expect(Self.calls(harness.model, "profile_revise") == 1)
        #expect(Self.calls(harness.model, "grounding") == 2)
    }

    @Test("With grounding on, concurrency 1 and 8 give the same versions and verdicts")
    func deterministic() async throws {
        var outputs: [[String]] = []
        for concurrency in [1, 8] {
            let harness = try PipelineTests.Harness(model: PipelineTests.reorderingModel())
            let report = try await harness.run(PipelineTests.overlappingStories, concurrency: concurrency, grounding: true)
            #expect(report.processed.count == 12)
            var lines = try await PipelineTests.knowledgeBase(harness)
            for summary in try await harness.store.profiles(type: nil, search: nil) {
                for version in try await harness.profile(summary.id).versions {
                    lines.append("\(summary.id) v\(version.version): \(version.profile.grounding.map { "\($0.claims)" } ?? "unchecked")")
                }
            }
            outputs.append(lines)
        }
        #expect(outputs[0].count > 25)
        #expect(!outputs[0].contains { $0.hasSuffix("unchecked") })
        #expect(outputs[0] == outputs[1])
    }

    @Test("Grounding off (the default in tests, and the compact plan's) makes no grounding calls and stores no verdicts")
    func off() async throws {
        let harness = try PipelineTests.Harness()
        _ = try await harness.run([PipelineTests.a1])
        #expect(Self.calls(harness.model, "grounding") == 0)
        #expect(try await harness.profile("Eastgate").version.profile.grounding == nil)
    }
}
