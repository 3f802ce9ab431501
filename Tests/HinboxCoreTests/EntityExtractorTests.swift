import HinboxCore
import HinboxTesting
import Testing

@Suite("EntityExtractor: request and repair")
struct EntityExtractorTests {
    static let article = CoreFixtures.article("Mayor Dana Whitfield met Ana Ruiz at Ridgeport City Hall.")

    static func extractor(_ model: FakeChatModel) -> EntityExtractor {
        EntityExtractor(chat: StructuredChat(model: model), domain: CoreFixtures.domain, prompts: CoreFixtures.prompts, maxTokens: 512)
    }

    static func people(_ names: [String]) -> String {
        CoreFixtures.reply(names.map { ["name": .string($0), "type": "other"] }).jsonString
    }

    @Test("The request carries the rendered prompt, the article block and the type's schema")
    func request() throws {
        let request = Self.extractor(.replies([])).request(for: .person, article: Self.article)
        #expect(request.schema?.name == "extract_person")
        #expect(request.maxTokens == 512)
        #expect(request.messages.map(\.role) == [.system, .user])
        #expect(request.messages[0].content.hasPrefix("Extract people (person) for: Local news about a water crisis"))
        #expect(request.messages[0].content.contains("- politician: Office holder"))
        #expect(request.messages[1].content == ArticlePrompt.block(for: Self.article))
        #expect(request.messages[1].content.contains("Article ID: a1\n"))
    }

    @Test("A clean reply takes one call")
    func noRepair() async throws {
        let model = FakeChatModel.replies([Self.people(["Dana Whitfield", "Ana Ruiz"])])
        let report = try await Self.extractor(model).extract(.person, from: Self.article)
        #expect(report.entities.map(\.name) == ["Dana Whitfield", "Ana Ruiz"])
        #expect(model.requests.count == 1)
    }

    @Test("A reply that needs repair gets exactly one repair call, whose better result is kept")
    func repair() async throws {
        let model = FakeChatModel.replies([
            Self.people(["Dana Whitfield", "Invented Person", "Another Invention"]),
            Self.people(["Dana Whitfield", "Ana Ruiz"]),
            Self.people(["Never Asked"]),
        ])
        let report = try await Self.extractor(model).extract(.person, from: Self.article)
        #expect(model.requests.count == 2)
        #expect(report.entities.map(\.name) == ["Dana Whitfield", "Ana Ruiz"])
        let repair = try #require(model.requests.last)
        #expect(repair.messages[0].content.contains("IMPORTANT: a previous extraction of people"))
        #expect(repair.messages[0].content.contains("2 of 3 entries unusable"))
        #expect(repair.messages[1] == model.requests[0].messages[1])
    }

    @Test("A worse repair reply is ignored")
    func worseRepair() async throws {
        let model = FakeChatModel.replies([
            Self.people(["Dana Whitfield", "Ana Ruiz", "Invented One", "Invented Two", "Invented Three"]),
            Self.people(["Dana Whitfield"]),
        ])
        let report = try await Self.extractor(model).extract(.person, from: Self.article)
        #expect(model.requests.count == 2)
        #expect(report.entities.map(\.name) == ["Dana Whitfield", "Ana Ruiz"])
    }
}
