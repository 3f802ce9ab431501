import Foundation
import HinboxCore
import HinboxTesting
import Testing

/// The call budget of one step (``StepRetry``): a call is at most `maxAttempts` requests, a step
/// at most 3 tries; a reply that breaks the schema gets one repair call, a poor extraction one
/// more structured reply. Counted on the server side.
@Suite("Call budget per step", .serialized)
struct CallBudgetTests {
    @Test("A provider that only ever returns no choices: a type's extraction makes 3 tries × 4 requests, then the article fails naming the cause")
    func transientBudget() async throws {
        let workspace = try ReliabilityWorkspace.make()
        defer { workspace.remove() }
        let server = try await ScriptedOpenAIServer.start(
            faults: .random(rate: 1, seed: 1, faults: [.emptyChoices]), handler: ReliabilityScript.handler(gazetteer: try KnowledgeSnapshot.sampleGazetteer()))
        defer { Task { try? await server.shutdown() } }
        let result = try await workspace.process(server, ["--limit", "1"])
        #expect(result.exitCode == 1, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        let bySchema = Dictionary(grouping: server.requests.filter { $0.path.hasSuffix("/chat/completions") }) {
            $0.body?["response_format"]?["json_schema"]?["name"]?.stringValue ?? "-"
        }.mapValues(\.count)
        // The first type to give up spent the whole budget; the others were cancelled with the article.
        #expect(Set(bySchema.keys) == ["extract_person", "extract_organization", "extract_location", "extract_event"], "\(bySchema)")
        #expect(bySchema.values.max() == 12 && bySchema.values.allSatisfy { $0 <= 12 }, "\(bySchema)")
        #expect(server.requests.count <= 48)
        #expect(result.stdout.contains("the provider returned no choices (gave up after 4 attempts)"), "\(result.stdout)")
        #expect(!result.stdout.contains("base URL"), "\(result.stdout)")
        let failed = try await workspace.hinbox(["articles", "list", "--failed"])
        #expect(failed.stdout.contains("no choices"), "\(failed.stdout)")
    }

    @Test("A reply that keeps breaking the schema: one repair call per structured reply, no step retry (it is not transient)")
    func repairBudget() async throws {
        let model = FakeChatModel { _ in ChatResponse(content: #"{"entities": "not a list"}"#, finishReason: "stop") }
        let extractor = EntityExtractor(chat: StructuredChat(model: model), domain: PipelineTests.domain, prompts: PipelineTests.prompts)
        let retry = StepRetry()
        await #expect(throws: StructuredOutputError.self) {
            try await retry.run("extract.person", article: "a1") { try await extractor.extract(.person, from: PipelineTests.a1) }
        }
        #expect(model.requests.count == 2)
    }

    @Test("A poor extraction gets one quality repair: at most 2 structured replies")
    func qualityRepairBudget() async throws {
        // Names that are not in the article: every entry is dropped by the mention filter.
        let model = FakeChatModel { _ in
            ChatResponse(content: #"{"entities": [{"name": "Nobody Here", "type": "other"}, {"name": "Someone Else", "type": "other"}, {"name": "No One", "type": "other"}]}"#, finishReason: "stop")
        }
        let extractor = EntityExtractor(chat: StructuredChat(model: model), domain: PipelineTests.domain, prompts: PipelineTests.prompts)
        let report = try await extractor.extract(.person, from: PipelineTests.a1)
        #expect(report.entities.isEmpty)
        #expect(model.requests.count == 2)
    }
}
