import Foundation
import HinboxCore
import HinboxLLM

/// An `HTTPTransport` that answers every request at once with the same realistic extraction
/// reply (eight people from a Ridgeport article, with usage), so the network is out of the picture
/// and only hinbox's own work is measured.
struct CannedTransport: HTTPTransport {
    let response: TransportResponse

    init() {
        let people: [JSONValue] = [
            ["name": "Priya Natarajan", "type": "journalist", "aliases": [], "tags": ["media"]],
            ["name": "Joyce Abernathy", "type": "activist", "aliases": ["Abernathy"], "tags": ["community"]],
            ["name": "Dana Whitfield", "type": "politician", "aliases": ["Whitfield", "Mayor Whitfield"], "tags": ["government"]],
            ["name": "Marcus Oyelaran", "type": "official", "aliases": [], "tags": ["government", "environment"]],
            ["name": "Helen Brandt", "type": "expert", "aliases": ["Dr. Brandt"], "tags": ["public_health"]],
            ["name": "Tomás Ferreira", "type": "citizen", "aliases": [], "tags": ["community"]],
            ["name": "Linda Okafor", "type": "lawyer", "aliases": ["Okafor"], "tags": ["legal"]],
            ["name": "Gerald Pike", "type": "executive", "aliases": [], "tags": ["business"]],
        ]
        let content = JSONValue.object(["entities": .array(people)]).jsonString
        let completion: JSONValue = [
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": 1_735_689_600,
            "model": "gpt-4o-mini-2024-07-18",
            "choices": [["index": 0, "message": ["role": "assistant", "content": .string(content)], "finish_reason": "stop"]],
            "usage": ["prompt_tokens": 1_450, "completion_tokens": 260, "total_tokens": 1_710],
        ]
        response = TransportResponse(
            status: 200, headers: ["Content-Type": "application/json"], body: Data(completion.jsonString.utf8))
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        response
    }
}
