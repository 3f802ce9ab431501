import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HinboxCore

/// Reads back what a Phoenix server stored, over its REST API (`/v1/...`) and `/graphql`, for the
/// end-to-end tracing tests.
///
/// Phoenix ingests asynchronously (its 200 to `/v1/traces` comes before the rows exist), so tests
/// read through ``poll(timeout:every:_:until:)`` and assert on the last value it returns.
struct PhoenixClient: Sendable {
    /// The Phoenix the test run started (`scripts/test.sh` exports it, e.g. `http://127.0.0.1:16006`).
    static var testURL: String? {
        guard let url = ProcessInfo.processInfo.environment["HINBOX_TEST_PHOENIX_URL"], !url.isEmpty else { return nil }
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// Base URL, e.g. `http://127.0.0.1:16006`.
    var baseURL: String
    /// Sent as `Authorization: Bearer …` (an API key or the admin secret) when Phoenix has auth on.
    var bearer: String?

    /// One stored span, as `GET /v1/projects/{name}/spans` returns it.
    struct Span: Sendable, CustomStringConvertible {
        var traceID: String
        var spanID: String
        var parentID: String?
        var name: String
        /// Upper case: AGENT, CHAIN, LLM, TOOL, EMBEDDING, …, UNKNOWN.
        var kind: String
        var statusCode: String
        var attributes: [String: JSONValue]

        init(_ json: JSONValue) throws {
            guard let traceID = json["context"]?["trace_id"]?.stringValue, let spanID = json["context"]?["span_id"]?.stringValue else {
                throw PhoenixError("span without context.trace_id/span_id: \(json.jsonString.prefix(300))")
            }
            self.traceID = traceID
            self.spanID = spanID
            parentID = json["parent_id"]?.stringValue
            name = json["name"]?.stringValue ?? ""
            kind = json["span_kind"]?.stringValue ?? ""
            statusCode = json["status_code"]?.stringValue ?? ""
            attributes = json["attributes"]?.objectValue ?? [:]
        }

        func string(_ key: String) -> String? { attributes[key]?.stringValue }
        func number(_ key: String) -> Double? { attributes[key]?.doubleValue }

        /// Every attribute as (dotted key, value text), nested objects and arrays flattened.
        var flattenedAttributes: [(key: String, value: String)] {
            var out: [(String, String)] = []
            func walk(_ prefix: String, _ value: JSONValue) {
                switch value {
                case .object(let object): for (key, inner) in object { walk(prefix.isEmpty ? key : "\(prefix).\(key)", inner) }
                case .array(let items): for (index, inner) in items.enumerated() { walk("\(prefix).\(index)", inner) }
                case .string(let text): out.append((prefix, text))
                default: out.append((prefix, value.jsonString))
                }
            }
            walk("", .object(attributes))
            return out
        }

        var description: String { "\(kind) \(name) \(spanID) (trace \(traceID), parent \(parentID ?? "none"))" }
    }

    struct PhoenixError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: REST

    /// Sends a request and returns the status and body; never throws for an HTTP error status.
    func send(_ method: String, _ path: String, query: [URLQueryItem] = [], json body: JSONValue? = nil,
              bearer override: String? = nil) async throws -> (status: Int, body: Data) {
        guard var components = URLComponents(string: baseURL + path) else { throw PhoenixError("bad URL \(baseURL + path)") }
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else { throw PhoenixError("bad URL \(components)") }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        if let token = override ?? bearer { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.jsonString.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw PhoenixError("no HTTP response from \(url)") }
        return (http.statusCode, data)
    }

    /// GETs JSON; a 404 gives `nil` (e.g. a project that has no spans yet), any other non-2xx throws.
    func getJSON(_ path: String, query: [URLQueryItem] = []) async throws -> JSONValue? {
        let (status, data) = try await send("GET", path, query: query)
        if status == 404 { return nil }
        guard (200..<300).contains(status) else {
            throw PhoenixError("GET \(path) → HTTP \(status): \(String(decoding: data.prefix(500), as: UTF8.self))")
        }
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Follows `next_cursor` and returns every `data` element.
    func getAllPages(_ path: String, query: [URLQueryItem]) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var cursor: String?
        repeat {
            var pageQuery = query + [URLQueryItem(name: "limit", value: "1000")]
            if let cursor { pageQuery.append(URLQueryItem(name: "cursor", value: cursor)) }
            guard let page = try await getJSON(path, query: pageQuery) else { return items }
            items += page["data"]?.arrayValue ?? []
            cursor = page["next_cursor"]?.stringValue
        } while cursor != nil
        return items
    }

    /// Every span of `project` (none when the project does not exist yet).
    func spans(project: String, query: [URLQueryItem] = []) async throws -> [Span] {
        try await getAllPages("/v1/projects/\(project)/spans", query: query).map(Span.init)
    }

    /// The trace ids of `project` that belong to session `sessionID`.
    func traceIDs(project: String, sessionID: String) async throws -> Set<String> {
        let traces = try await getAllPages("/v1/projects/\(project)/traces", query: [URLQueryItem(name: "session_identifier", value: sessionID)])
        return Set(traces.compactMap { $0["trace_id"]?.stringValue })
    }

    // MARK: GraphQL

    /// Runs a GraphQL query and returns its `data`; GraphQL errors throw.
    func graphQL(_ query: String, variables: [String: JSONValue] = [:]) async throws -> JSONValue {
        let (status, data) = try await send("POST", "/graphql", json: ["query": .string(query), "variables": .object(variables)])
        guard (200..<300).contains(status) else {
            throw PhoenixError("GraphQL → HTTP \(status): \(String(decoding: data.prefix(500), as: UTF8.self))")
        }
        let answer = try JSONDecoder().decode(JSONValue.self, from: data)
        if let errors = answer["errors"]?.arrayValue, !errors.isEmpty {
            throw PhoenixError("GraphQL errors: \(JSONValue.array(errors).jsonString)")
        }
        return answer["data"] ?? .null
    }

    /// `getProjectByName`: trace count and the total cost Phoenix computed (nil when the project does not exist).
    func projectSummary(_ project: String) async throws -> (traceCount: Int, cost: Double, tokens: Double)? {
        let data = try await graphQL(
            "query($name: String!) { getProjectByName(name: $name) { traceCount costSummary { total { cost tokens } } } }",
            variables: ["name": .string(project)])
        guard let node = data["getProjectByName"], node != .null else { return nil }
        return (Int(node["traceCount"]?.doubleValue ?? 0),
                node["costSummary"]?["total"]?["cost"]?.doubleValue ?? 0,
                node["costSummary"]?["total"]?["tokens"]?.doubleValue ?? 0)
    }

    /// `getTraceByOtelId`: the trace's root span name/kind (GraphQL kinds are lower case), session and project.
    func trace(_ traceID: String) async throws -> JSONValue {
        let data = try await graphQL(
            """
            query($id: String!) { getTraceByOtelId(traceId: $id) {
              numSpans rootSpan { name spanKind } session { sessionId } project { name } spanCountsByKind { spanKind count } } }
            """,
            variables: ["id": .string(traceID)])
        return data["getTraceByOtelId"] ?? .null
    }

    /// `getProjectSessionById`: the session's trace ids (empty when Phoenix has no such session).
    func sessionTraceIDs(_ sessionID: String) async throws -> Set<String> {
        let data = try await graphQL(
            "query($id: String!) { getProjectSessionById(sessionId: $id) { numTraces traces(first: 1000) { edges { node { traceId } } } } }",
            variables: ["id": .string(sessionID)])
        let edges = data["getProjectSessionById"]?["traces"]?["edges"]?.arrayValue ?? []
        return Set(edges.compactMap { $0["node"]?["traceId"]?.stringValue })
    }

    // MARK: Auth

    /// `POST /v1/system/api_keys` with the admin secret as Bearer; returns the new key.
    func createSystemAPIKey(adminSecret: String, name: String) async throws -> String {
        let (status, data) = try await send(
            "POST", "/v1/system/api_keys", json: ["data": ["name": .string(name)]], bearer: adminSecret)
        let text = String(decoding: data.prefix(500), as: UTF8.self)
        guard (200..<300).contains(status) else { throw PhoenixError("POST /v1/system/api_keys → HTTP \(status): \(text)") }
        let answer = try JSONDecoder().decode(JSONValue.self, from: data)
        guard let key = answer["data"]?["key"]?.stringValue ?? answer["key"]?.stringValue else {
            throw PhoenixError("no key in the api_keys answer (\(answer.jsonString.count) bytes)")
        }
        return key
    }
}

/// Spans of one project grouped by trace, with the checks the trace contract needs.
struct SpanSet {
    var spans: [PhoenixClient.Span]

    var traceIDs: Set<String> { Set(spans.map(\.traceID)) }
    var roots: [PhoenixClient.Span] { spans.filter { $0.parentID == nil } }
    var kinds: Set<String> { Set(spans.map(\.kind)) }
    func ofKind(_ kind: String) -> [PhoenixClient.Span] { spans.filter { $0.kind == kind } }
    /// LLM spans of calls that were answered (a failed attempt is an LLM span with status ERROR).
    var answeredLLM: [PhoenixClient.Span] { ofKind("LLM").filter { $0.statusCode != "ERROR" } }
    func inTrace(_ traceID: String) -> [PhoenixClient.Span] { spans.filter { $0.traceID == traceID } }

    /// Spans whose `parent_id` is not a span of the same trace.
    var danglingParents: [PhoenixClient.Span] {
        let byTrace = Dictionary(grouping: spans, by: \.traceID).mapValues { Set($0.map(\.spanID)) }
        return spans.filter { span in
            guard let parent = span.parentID else { return false }
            return !(byTrace[span.traceID]?.contains(parent) ?? false)
        }
    }

    /// Whether `traces` traces are complete: that many roots, no dangling parent and at least `llmSpans`
    /// answered (non-ERROR) LLM spans. Children end before their root, so they are exported no later.
    func isComplete(traces: Int, llmSpans: Int) -> Bool {
        roots.count >= traces && danglingParents.isEmpty && answeredLLM.count >= llmSpans
    }
}
