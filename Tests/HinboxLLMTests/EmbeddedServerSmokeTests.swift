import Foundation
import HinboxApp
import HinboxCore
import HinboxLLM
import HinboxTesting
import Testing

/// Structure checks against the real embedded server (llama-server with SmolLM2-135M and
/// all-MiniLM-L6-v2) that `scripts/test.sh` starts on a loopback test port.
///
/// The 135M chat model's extractions are not meaningful, so only their shape is checked; the
/// embedding model is real, so its geometry is.
@Suite(
    "Embedded model server smoke", .serialized, .timeLimit(.minutes(5)),
    .enabled(
        if: ProcessInfo.processInfo.environment["HINBOX_TEST_LOCAL_URL"] != nil,
        "HINBOX_TEST_LOCAL_URL is not set (set by scripts/test.sh)"))
struct EmbeddedServerSmokeTests {
    static let root = ProjectPaths.root(from: #filePath)
    let baseURL = ProcessInfo.processInfo.environment["HINBOX_TEST_LOCAL_URL"] ?? ""

    /// A client for `local/<model>`, routed through `HINBOX_LOCAL_URL` like a user's configuration.
    func client(_ transport: AsyncHTTPTransport, model: String) throws -> OpenAICompatibleClient {
        let route = try ModelRouter(environment: ["HINBOX_LOCAL_URL": baseURL]).route("local/\(model)")
        #expect(route.descriptor == ModelDescriptor(provider: "local", model: model))
        return OpenAICompatibleClient(
            route: route, transport: transport, limiter: ConcurrencyLimiter(limit: 2),
            requestTimeout: .seconds(120), logger: LogCapture().logger)
    }

    @Test("an extraction call returns a schema-valid reply")
    func extraction() async throws {
        let domain = try DomainConfig.load(name: "news", configDirectory: "\(Self.root)/config")
        let prompts = try PromptLibrary.load(promptsDirectory: "\(Self.root)/prompts", domain: domain.name)
        let article = Article(
            id: "smoke-1", title: "Boil-water notice in Ridgeport", publishedDate: "2025-02-03",
            content: """
                Ridgeport mayor Dana Whitfield announced a boil-water notice on Monday after the \
                Ridgeport Water Authority found bacteria in samples taken near the Halvern River.
                """,
            source: "smoke.md")
        let report = try await AsyncHTTPTransport.withHTTPClient { http in
            let chat = try client(AsyncHTTPTransport(client: http), model: "smollm2-135m-instruct")
            // StructuredChat validates the reply against the schema (one repair call at most) and
            // throws when it stays invalid; the quality check keeps only names found in the text.
            let extractor = EntityExtractor(
                chat: StructuredChat(model: chat), domain: domain, prompts: prompts, temperature: 0, maxTokens: 512)
            return try await extractor.extract(.person, from: article)
        }
        #expect(report.entities.count <= report.inputCount)
        #expect(report.entities.count <= OutputLimits.standard.entitiesPerCall)
    }

    @Test("embeddings: 384 dimensions, unit length, a near-duplicate scores above an unrelated sentence")
    func embeddings() async throws {
        let texts = [
            "The mayor announced a boil-water notice on Monday.",
            "On Monday the mayor issued a notice to boil water.",
            "The football club signed a new striker.",
        ]
        let vectors = try await AsyncHTTPTransport.withHTTPClient { http in
            try await client(AsyncHTTPTransport(client: http), model: "all-minilm-l6-v2").embed(texts)
        }
        try #require(vectors.count == 3)
        for vector in vectors {
            #expect(vector.count == 384)
            #expect(abs(Self.norm(vector) - 1) <= 1e-3, "L2 norm \(Self.norm(vector))")
        }
        let nearDuplicate = Self.cosine(vectors[0], vectors[1])
        let unrelated = Self.cosine(vectors[0], vectors[2])
        #expect(nearDuplicate > unrelated, "near-duplicate \(nearDuplicate) vs unrelated \(unrelated)")
    }

    @Test(
        "the server listens on 127.0.0.1 only",
        .enabled(if: FileManager.default.fileExists(atPath: "/proc/net/tcp"), "needs Linux /proc/net/tcp"))
    func loopbackOnly() throws {
        let port = try #require(URLComponents(string: baseURL)?.port, "no port in \(baseURL)")
        let listeners = Self.listeningAddresses(port: port)
        try #require(!listeners.isEmpty, "nothing listens on port \(port) in /proc/net/tcp{,6}")
        for address in listeners {
            #expect(address != "00000000", "bound to 0.0.0.0:\(port)")
            #expect(address != String(repeating: "0", count: 32), "bound to [::]:\(port)")
            // 127.0.0.1, written little-endian (0100007F), or the same as an IPv4-mapped IPv6 address.
            #expect(address == "0100007F" || address == "0000000000000000FFFF00000100007F", "bound to \(address):\(port)")
        }
    }

    // MARK: - Helpers

    /// The hex local addresses of the sockets listening on `port` (state 0A) in /proc/net/tcp and tcp6.
    static func listeningAddresses(port: Int) -> [String] {
        let hexPort = String(format: "%04X", port)
        var addresses: [String] = []
        for file in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 3, fields[3] == "0A" else { continue }
                let local = fields[1].split(separator: ":")
                guard local.count == 2, local[1].uppercased() == hexPort else { continue }
                addresses.append(local[0].uppercased())
            }
        }
        return addresses
    }

    static func norm(_ vector: [Float]) -> Double {
        vector.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let dot = zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        return dot / (norm(a) * norm(b))
    }
}
