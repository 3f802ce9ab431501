import Foundation
import HinboxLLM
import Testing

@Suite("AsyncHTTPTransport", .timeLimit(.minutes(1)))
struct AsyncHTTPTransportTests {
    @Test("A refused connection is reported as cannotConnect at once")
    func refused() async throws {
        try await AsyncHTTPTransport.withHTTPClient { http in
            let transport = AsyncHTTPTransport(client: http)
            let request = TransportRequest(
                url: "http://127.0.0.1:1/v1/chat/completions", headers: ["Authorization": "Bearer x"],
                body: Data("{}".utf8), timeout: .seconds(20))
            let error = await #expect(throws: TransportError.self) { try await transport.send(request) }
            #expect(error?.isCannotConnect == true, "\(String(describing: error))")
        }
    }
}
