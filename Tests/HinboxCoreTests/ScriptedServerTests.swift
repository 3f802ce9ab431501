import Foundation
import HinboxCore
import HinboxTesting
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("ScriptedOpenAIServer", .timeLimit(.minutes(1)))
struct ScriptedServerTests {
    static let gazetteer = Gazetteer(entries: [
        .person: [
            .init(name: "Dana Whitfield", type: "politician", aliases: ["Mayor Whitfield"]),
            .init(name: "Tomas Lindqvist", type: "expert"),
        ],
        .organization: [
            .init(name: "Ridgeport Water Authority", type: "utility", aliases: ["Water Authority", "RWA"]),
            .init(name: "Department of Environmental Quality", type: "government_agency", aliases: ["DEQ"]),
        ],
        .location: [.init(name: "Eastgate", type: "neighborhood")],
        .event: [
            .init(name: "Special Hearing on Water Safety", type: "hearing", description: "A council hearing.",
                  startDate: "2025-03-14"),
        ],
    ])

    static let article = """
        Mayor Whitfield said the RWA had failed Eastgate. The Water Authority did not comment.
        The Special Hearing on Water Safety is set for March.
        """

    // MARK: - Chat

    @Test("Extraction returns gazetteer entries found in the article, with the aliases used")
    func extraction() async throws {
        try await withServer { server in
            let people = try await chatContent(server, schema: "extract_person", user: extractionPrompt())
            let person = try #require(people["entities"]?.arrayValue)
            #expect(person.count == 1)  // Lindqvist is not in the text
            #expect(person.first?["name"] == "Mayor Whitfield")  // canonical name absent: first form found
            #expect(person.first?["aliases"] == [])
            #expect(person.first?["type"] == "politician")

            let orgs = try #require(try await chatContent(server, schema: "extract_organization", user: extractionPrompt())["entities"]?.arrayValue)
            #expect(orgs.count == 1)  // DEQ is not in the text
            #expect(orgs.first?["name"] == "Water Authority")
            #expect(orgs.first?["aliases"] == ["RWA"])
            #expect(orgs.first?["tags"] == [])

            let events = try #require(try await chatContent(server, schema: "extract_event", user: extractionPrompt())["entities"]?.arrayValue)
            #expect(events.first?["title"] == "Special Hearing on Water Safety")
            #expect(events.first?["start_date"] == "2025-03-14")
            #expect(events.first?["end_date"] == .null)
            #expect(events.first?["is_fuzzy_date"] == false)
            #expect(events.first?["description"] == "A council hearing.")
        }
    }

    @Test("Text outside <article> is ignored; the canonical name wins when present")
    func extractionScope() async throws {
        try await withServer { server in
            let user = "Title: Tomas Lindqvist\nArticle ID: a1\n<article>\nDana Whitfield, also Mayor Whitfield.\n</article>\n"
            let people = try #require(try await chatContent(server, schema: "extract_person", user: user)["entities"]?.arrayValue)
            #expect(people == [["name": "Dana Whitfield", "type": "politician", "tags": [], "aliases": ["Mayor Whitfield"]]])
        }
    }

    @Test("Profiles cite the article; updates keep the existing text")
    func profiles() async throws {
        try await withServer { server in
            let create = "Entity: Dana Whitfield\nType: person\nArticle ID: art-7\nTitle: Water crisis\n<article>\nx\n</article>"
            let created = try await chatContent(server, schema: "profile_create", user: create)
            let text = try #require(created["text"]?.stringValue)
            #expect(text == "### Overview\nDana Whitfield (person) appears in \"Water crisis\". ^[art-7]")
            #expect(created["tags"] == ["person"])
            #expect(created["confidence"] == 0.8)

            let update = "Entity: Dana Whitfield\nType: person\nArticle ID: art-9\nTitle: Hearing\n"
                + "<existing_profile>\n\(text)\n</existing_profile>\n<article>\ny\n</article>"
            let updated = try #require(try await chatContent(server, schema: "profile_update", user: update)["text"]?.stringValue)
            #expect(updated.hasPrefix(text))
            #expect(updated.hasSuffix("### Update\nDana Whitfield appears again in \"Hearing\". ^[art-9]"))
        }
    }

    @Test("Match check", arguments: [
        ("Dana Whitfield", "Whitfield", true), ("Mayor Dana Whitfield", "Dana Whitfield", true),
        ("DEQ", "Department of Environmental Quality", false), ("ridgeport water authority", "Water Authority", true),
        ("Grace Tillman", "Ruth Okafor", false),
    ])
    func matchCheck(new: String, existing: String, expected: Bool) async throws {
        try await withServer { server in
            let reply = try await chatContent(server, schema: "match_check", user: "New entity: \(new)\nExisting entity: \(existing)\n")
            #expect(reply["is_match"]?.boolValue == expected)
            #expect(reply["confidence"] == 0.9)
        }
    }

    @Test("Envelope, json_object schema lookup, usage, and 400s")
    func envelope() async throws {
        try await withServer { server in
            let body: JSONValue = [
                "model": "smollm2-135m-instruct",
                "response_format": ["type": "json_object"],
                "messages": [["role": "system", "content": "Reply as JSON. schema: match_check"],
                             ["role": "user", "content": "New entity: A B\nExisting entity: C B"]],
            ]
            let (status, reply, _) = try await call(server, path: "/chat/completions", body: body)
            #expect(status == 200)
            #expect(reply?["object"] == "chat.completion")
            #expect(reply?["model"] == "smollm2-135m-instruct")
            let choice = try #require(reply?["choices"]?.arrayValue?.first)
            #expect(choice["finish_reason"] == "stop")
            #expect(choice["message"]?["role"] == "assistant")
            #expect(JSONValue.parse(choice["message"]?["content"]?.stringValue ?? "")?["is_match"] == true)
            let usage = try #require(reply?["usage"])
            #expect((usage["prompt_tokens"]?.doubleValue ?? 0) > 5)
            #expect(usage["total_tokens"]?.doubleValue == (usage["prompt_tokens"]?.doubleValue ?? 0) + (usage["completion_tokens"]?.doubleValue ?? 0))

            let fallback: JSONValue = [
                "model": "scripted", "response_format": ["type": "json_object"],
                "messages": [["role": "system", "content": "Write a profile.\n\nReply with a single JSON object that follows this JSON schema (profile_create):\n{}"],
                             ["role": "user", "content": "Entity: X\nType: person\nArticle ID: a\nTitle: T\n<article>\nX\n</article>"]],
            ]
            let profile = try await call(server, path: "/chat/completions", body: fallback)
            #expect(profile.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue?.contains("^[a]") == true)

            let noModel = try await call(server, path: "/chat/completions", body: ["messages": []])
            #expect(noModel.status == 400)
            let unknown = try await call(server, path: "/chat/completions", body: chatBody(schema: "nope", user: "x"))
            #expect(unknown.status == 400)
            #expect(unknown.json?["error"] != nil)
            let models = try await call(server, path: "/models", body: nil)
            #expect(models.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue }.contains("smollm2-135m-instruct") == true)
        }
    }

    // MARK: - Embeddings

    @Test("Embeddings: 384 unit floats per input; near-duplicates closer than unrelated text")
    func embeddings() async throws {
        try await withServer { server in
            let inputs = ["Mayor Dana Whitfield declared a water emergency in Eastgate.",
                          "Mayor Dana Whitfield declared a water emergency in Eastgate on Monday.",
                          "The quarterly earnings of a chip maker beat analyst forecasts."]
            let (status, reply, _) = try await call(server, path: "/embeddings", body: ["model": "all-minilm-l6-v2", "input": .array(inputs.map(JSONValue.string))])
            #expect(status == 200)
            let data = try #require(reply?["data"]?.arrayValue)
            #expect(data.count == 3)
            let vectors = data.map { ($0["embedding"]?.arrayValue ?? []).map { Float($0.doubleValue ?? .nan) } }
            for (index, vector) in vectors.enumerated() {
                #expect(data[index]["index"]?.doubleValue == Double(index))
                #expect(vector.count == 384)
                #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
            }
            let near = HashingEmbedding.cosine(vectors[0], vectors[1])
            let far = HashingEmbedding.cosine(vectors[0], vectors[2])
            #expect(near > 0.8)
            #expect(far < 0.3)
            #expect(near > far + 0.5)
            #expect(vectors[0] == HashingEmbedding.standard.embed(inputs[0]))
            #expect(reply?["usage"]?["prompt_tokens"] != nil)
        }
    }

    @Test("Spelling variants stay close")
    func embeddingVariants() {
        let embed = HashingEmbedding.standard
        let a = embed.embed("Ridgeport Water Authority"), b = embed.embed("ridgeport water authority's")
        #expect(HashingEmbedding.cosine(a, b) > HashingEmbedding.cosine(a, embed.embed("Calder County Circuit Court")))
        #expect(embed.embed("").count == 384)
    }

    // MARK: - Server behaviour

    @Test("50 concurrent requests are all answered and recorded")
    func concurrency() async throws {
        try await withServer(latency: .milliseconds(20)) { server in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        try await call(server, path: "/chat/completions",
                                       body: chatBody(schema: "match_check", user: "New entity: P\(index) X\nExisting entity: Q X")).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 50))
            #expect(server.requests.map(\.index) == Array(0..<50))
        }
    }

    @Test("Requests are recorded in order, with their connections counted")
    func recording() async throws {
        try await withServer { server in
            _ = try await call(server, path: "/models", body: nil)
            _ = try await call(server, path: "/chat/completions", body: chatBody(schema: "match_check", user: "New entity: a\nExisting entity: b"))
            _ = try await call(server, path: "/embeddings", body: ["model": "m", "input": "hello"])
            let requests = server.requests
            #expect(requests.map(\.method) == ["GET", "POST", "POST"])
            #expect(requests.map(\.path) == ["/v1/models", "/v1/chat/completions", "/v1/embeddings"])
            #expect(requests.map(\.index) == [0, 1, 2])
            #expect(requests[2].body?["input"] == "hello")
            #expect(requests[1].header("content-type") == "application/json")
            // Whether the client reuses the connection is the client's choice (URLSession does not
            // always); the server counts each one and never more than there were requests.
            #expect((1...3).contains(server.connectionsAccepted))
        }
    }

    // MARK: - Faults

    @Test("Random fault plans depend only on seed and request index")
    func faultDeterminism() {
        let faults: [Fault] = [.rateLimited, .serverError, .truncatedJSON]
        let plan = FaultPlan.random(rate: 0.3, seed: 42, faults: faults)
        let again = FaultPlan.random(rate: 0.3, seed: 42, faults: faults)
        let forward = (0..<500).map { plan.fault(forRequest: $0) }
        let backward = (0..<500).reversed().map { again.fault(forRequest: $0) }.reversed()
        #expect(forward == Array(backward))
        let injected = forward.compactMap { $0 }.count
        #expect((100...200).contains(injected))
        #expect(Set(forward.compactMap { $0 }) == Set(faults))
        let other = (0..<500).map { FaultPlan.random(rate: 0.3, seed: 43, faults: faults).fault(forRequest: $0) }
        #expect(other != forward)
        #expect((0..<100).allSatisfy { FaultPlan.none.fault(forRequest: $0) == nil })
    }

    @Test("Injected faults: 429 + Retry-After, 5xx, broken and truncated content, closed connection")
    func injectedFaults() async throws {
        let plan = FaultPlan.scripted([1: .rateLimited, 2: .unavailable, 3: .malformedJSON, 4: .truncatedJSON,
                                       5: .closeConnection, 6: .slow(.milliseconds(1)), 7: .serverError])
        try await withServer(faults: plan) { server in
            let body = chatBody(schema: "extract_organization", user: extractionPrompt())
            #expect(try await call(server, path: "/models", body: nil).status == 200)  // index 0; GET never faulted

            let limited = try await call(server, path: "/chat/completions", body: body)
            #expect(limited.status == 429)
            #expect(limited.response.value(forHTTPHeaderField: "Retry-After") == "1")
            #expect(try await call(server, path: "/chat/completions", body: body).status == 503)

            let malformed = try await call(server, path: "/chat/completions", body: body)
            #expect(malformed.status == 200)
            let broken = try #require(malformed.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue)
            #expect(JSONValue.parse(broken) == nil)

            let truncated = try await call(server, path: "/chat/completions", body: body)
            let choice = try #require(truncated.json?["choices"]?.arrayValue?.first)
            #expect(choice["finish_reason"] == "length")
            let cut = try #require(choice["message"]?["content"]?.stringValue)
            #expect(cut.hasPrefix("{\"entities\""))
            #expect(JSONValue.parse(cut) == nil)

            let payload = body.jsonString
            let closed = try rawExchange(port: server.port, "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(payload.utf8.count)\r\n\r\n\(payload)")
            #expect(closed.isEmpty)  // closed without a status line
            #expect(try await call(server, path: "/chat/completions", body: body).status == 200)  // slow
            #expect(try await call(server, path: "/chat/completions", body: body).status == 500)
            #expect(server.faultsInjected == [1: .rateLimited, 2: .unavailable, 3: .malformedJSON, 4: .truncatedJSON,
                                              5: .closeConnection, 6: .slow(.milliseconds(1)), 7: .serverError])
        }
    }

    @Test("The shipped gazetteer decodes", .enabled(if: FileManager.default.fileExists(atPath: shippedGazetteerURL.path)))
    func shippedGazetteer() throws {
        let gazetteer = try Gazetteer(contentsOf: shippedGazetteerURL)
        #expect(Set(gazetteer.entries.keys) == Set(EntityType.allCases))
        #expect(gazetteer.entries[.person]?.contains { $0.name == "Dana Whitfield" } == true)
    }

    /// `matches` searches UTF-8 bytes; it must find what Foundation's literal
    /// `range(of:)` finds (the search it replaced), at the edges of words and clusters included.
    @Test("Gazetteer matching finds what Foundation's literal search finds",
          .enabled(if: FileManager.default.fileExists(atPath: shippedGazetteerURL.path)))
    func matchingAgreesWithFoundation() throws {
        let gazetteer = try Gazetteer(contentsOf: shippedGazetteerURL)
        let forms = gazetteer.entries.values.flatMap { $0.flatMap(\.forms) }
        let articles = shippedArticlesURL.flatMap { try? FileManager.default.contentsOfDirectory(at: $0, includingPropertiesForKeys: nil) } ?? []
        var texts = articles.compactMap { try? String(contentsOf: $0, encoding: .utf8) }
        texts += forms.prefix(40).flatMap { form in
            ["(\(form))", "x\(form)", "\(form)s", "«\(form)»,", "\(form)\u{301} end", "\(form)-\(form)"]
        }
        #expect(texts.count > 200)
        var found = 0
        for text in texts {
            for type in EntityType.allCases {
                let naive = (gazetteer.entries[type] ?? []).compactMap { entry -> [String]? in
                    let forms = entry.forms.filter { foundationOccurs($0, in: text) }
                    return forms.isEmpty ? nil : forms
                }
                let fast = gazetteer.matches(of: type, in: text).map { [$0.name] + $0.aliases }
                #expect(fast.map(Set.init) == naive.map(Set.init), "\(type) in \(text.prefix(80))")
                found += fast.count
            }
        }
        #expect(found > 100)
    }
}

// MARK: - Helpers

/// The reference for ``Gazetteer/matches(of:in:)``: a literal Foundation search on word boundaries.
private func foundationOccurs(_ form: String, in text: String) -> Bool {
    guard !form.isEmpty else { return false }
    var searchRange = text.startIndex..<text.endIndex
    while let range = text.range(of: form, options: .literal, range: searchRange) {
        let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
        let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
        let isWordChar = { (char: Character?) in char.map { $0.isLetter || $0.isNumber } ?? false }
        if !isWordChar(before), !isWordChar(after) { return true }
        searchRange = text.index(after: range.lowerBound)..<text.endIndex
    }
    return false
}

private let shippedArticlesURL: URL? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("data/ridgeport")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}()

private let shippedGazetteerURL: URL = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let candidates = ["Tests/Fixtures/gazetteer.json", "data/gazetteer.json"].map { root.appendingPathComponent($0) }
    return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
}()

private func withServer(
    latency: Duration = .zero, faults: FaultPlan = .none, _ body: (ScriptedOpenAIServer) async throws -> Void
) async throws {
    let server = try await ScriptedOpenAIServer.start(
        latency: latency, faults: faults, handler: GazetteerScript.handler(gazetteer: ScriptedServerTests.gazetteer))
    do {
        try await body(server)
    } catch {
        try await server.shutdown()
        throw error
    }
    try await server.shutdown()
}

private let session: URLSession = {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpMaximumConnectionsPerHost = 64
    configuration.timeoutIntervalForRequest = 30
    return URLSession(configuration: configuration)
}()

private func extractionPrompt() -> String {
    "Article ID: a1\nTitle: Whitfield vs DEQ\n<article>\n\(ScriptedServerTests.article)\n</article>\n"
}

private func chatBody(schema: String, user: String) -> JSONValue {
    [
        "model": "scripted",
        "response_format": ["type": "json_schema", "json_schema": ["name": .string(schema), "schema": [:]]],
        "messages": [["role": "system", "content": "You extract."], ["role": "user", "content": .string(user)]],
    ]
}

@discardableResult
private func call(_ server: ScriptedOpenAIServer, path: String, body: JSONValue?)
    async throws -> (status: Int, json: JSONValue?, response: HTTPURLResponse)
{
    var request = URLRequest(url: URL(string: server.baseURL + path)!)
    if let body {
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.jsonString.utf8)
    }
    let (data, response) = try await session.data(for: request)
    let http = try #require(response as? HTTPURLResponse)
    return (http.statusCode, JSONValue.parse(String(decoding: data, as: UTF8.self)), http)
}

private func chatContent(_ server: ScriptedOpenAIServer, schema: String, user: String) async throws -> JSONValue {
    let (status, reply, _) = try await call(server, path: "/chat/completions", body: chatBody(schema: schema, user: user))
    try #require(status == 200)
    let content = try #require(reply?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue)
    return try #require(JSONValue.parse(content))
}

/// Sends raw HTTP/1.1 text over a fresh socket and reads until the server closes it. (URLSession on
/// Linux waits for its timeout when a connection closes without a reply, so this checks that case.)
private func rawExchange(port: Int, _ text: String) throws -> String {
    #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    try #require(fd >= 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    try #require(connected == 0)
    let bytes = Array(text.utf8)
    try #require(bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) } == bytes.count)
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count <= 0 { break }
        received += buffer[0..<count]
    }
    return String(decoding: received, as: UTF8.self)
}
