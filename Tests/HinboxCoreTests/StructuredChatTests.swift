import HinboxCore
import HinboxTesting
import Testing

@Suite("StructuredChat: parsing, repair and failure")
struct StructuredChatTests {
    static let schema = ResponseSchema(name: "extract_person", schema: [
        "type": "object",
        "properties": ["entities": ["type": "array", "items": ["type": "object", "required": ["name"]]]],
        "required": ["entities"],
    ])
    let request = ChatRequest(
        messages: [ChatMessage(.system, "Extract people."), ChatMessage(.user, "Dana Whitfield spoke.")],
        schema: schema, temperature: 0, maxTokens: 64)

    @Test("A reply in Markdown fences or with prose around it is parsed", arguments: [
        "```json\n{\"entities\": [{\"name\": \"Dana\"}]}\n```",
        "Here you go:\n{\"entities\": [{\"name\": \"Dana\"}]}\nHope that helps.",
        "  {\"entities\": [{\"name\": \"Dana\"}]}  ",
    ])
    func fenced(_ content: String) async throws {
        let model = FakeChatModel.replies([content])
        let reply = try await StructuredChat(model: model).complete(request)
        #expect(reply.value == ["entities": [["name": "Dana"]]])
        #expect(reply.attempts == 1)
        #expect(model.requests.count == 1)
    }

    @Test("Invalid JSON gets one repair call that quotes the reply and names the problem")
    func repairInvalidJSON() async throws {
        let model = FakeChatModel.replies(["{\"entities\": [", #"{"entities": []}"#])
        let reply = try await StructuredChat(model: model).complete(request)
        #expect(reply.value == ["entities": []])
        #expect(reply.attempts == 2)
        let repair = try #require(model.requests.last)
        #expect(model.requests.count == 2)
        #expect(repair.messages.count == 4)
        #expect(repair.messages[0] == request.messages[0])
        #expect(repair.messages[2] == ChatMessage(.assistant, "{\"entities\": ["))
        #expect(repair.messages[3].role == .user)
        #expect(repair.messages[3].content.contains("the reply was not valid JSON"))
        #expect(repair.schema?.name == "extract_person")
    }

    @Test("A reply cut off by the token limit is repaired with a request for shorter JSON")
    func repairTruncated() async throws {
        let model = FakeChatModel.replies(["{\"entities\": [{\"na", #"{"entities": []}"#], finishReason: "length")
        _ = try await StructuredChat(model: model).complete(request)
        #expect(model.requests.last?.messages.last?.content.contains("cut off") == true)
    }

    @Test("A schema-violating reply is repaired with the violations listed")
    func repairSchemaViolation() async throws {
        let model = FakeChatModel.replies([#"{"people": []}"#, #"{"entities": [{"name": "Dana Whitfield"}]}"#])
        let reply = try await StructuredChat(model: model).complete(request)
        #expect(reply.attempts == 2)
        #expect(reply.value["entities"]?.arrayValue?.count == 1)
        let repair = try #require(model.requests.last?.messages.last?.content)
        #expect(repair.contains("$: missing required field 'entities'"))
    }

    @Test("Two unusable replies throw StructuredOutputError with the last problems; no third call")
    func gives_up() async throws {
        let model = FakeChatModel.replies(["not json", #"{"entities": [{"title": "no name"}]}"#, #"{"entities": []}"#])
        let error = await #expect(throws: StructuredOutputError.self) {
            try await StructuredChat(model: model).complete(request)
        }
        #expect(error?.schema == "extract_person")
        #expect(error?.problems == ["$.entities[0]: missing required field 'name'"])
        #expect(model.requests.count == 2)
    }

    @Test("Model errors propagate without a repair call")
    func modelError() async throws {
        let model = FakeChatModel { _ in throw FakeChatModelError.injected("down") }
        await #expect(throws: FakeChatModelError.injected("down")) {
            try await StructuredChat(model: model).complete(request)
        }
        #expect(model.requests.count == 1)
    }
}
