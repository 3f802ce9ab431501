import HinboxCore
import HinboxTesting
import Logging
import Synchronization
import Testing

@Suite("Model requests ranked by article")
struct RequestOrderTests {
    @Test("Every model request of an article, profiles included, carries the article's position as its rank")
    func ranksByArticle() async throws {
        let articles = [
            CoreFixtures.article(id: "a1", "Dana Whitfield met the Ridgeport Water Authority."),
            CoreFixtures.article(id: "a2", title: "Second", "Dana Whitfield visited Eastgate."),
        ]
        let gazetteer = CoreFixtures.gazetteer
        let seen = Mutex<[(article: String, schema: String, rank: Int)]>([])
        let model = FakeChatModel { request in
            let prompt = request.messages.map(\.content).joined()
            let article = prompt.contains("visited Eastgate") ? "a2" : "a1"
            seen.withLock { $0.append((article, request.schema?.name ?? "", RequestOrder.rank)) }
            return try FakeChatModel.gazetteerReply(to: request, gazetteer: gazetteer)
        }
        let report = try await CoreFixtures.pipeline(model, store: InMemoryKnowledgeStore()).run(articles)
        #expect(report.processed.count == 2)

        let requests = seen.withLock { $0 }
        #expect(requests.contains { $0.article == "a2" && $0.schema.hasPrefix("profile") })
        for request in requests {
            #expect(request.rank == (request.article == "a1" ? 0 : 1), "\(request)")
        }
        #expect(RequestOrder.rank == .max)
    }
}
