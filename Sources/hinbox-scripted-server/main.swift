// A scripted OpenAI-compatible server for trying hinbox without a model, and for benchmarks.
//
//   hinbox-scripted-server GAZETTEER.json|LABELLED-DOCS-DIR [--port P] [--latency-ms N] [--fault-rate R] [--seed S]
//                                         [--port-file FILE] [--record-requests] [--otlp]
//                                         [--max-profile-chars N]
//
// Prints the base URL (and writes it to --port-file's file, once listening), then serves until killed.
// Request bodies are not kept unless --record-requests is given (long benchmark runs stay small).
// Profiles stay under --max-profile-chars (default 4000; 0: unbounded) as a real model's would: the
// scripted profile_update appends a section per article, so a popular entity's profile would
// otherwise grow past hinbox's 6000-character limit; the oldest update sections are dropped.
// --otlp also starts a span-counting OTLP/HTTP collector (FakeOTLPCollector, accepts everything)
// on another loopback port; the stats name its endpoint and count the spans it received.
//
// Benchmark counters, outside the OpenAI API (they bypass nothing: they get the same latency):
//   GET  /_scripted/stats   {"requests", "chat_requests", "embedding_requests", "model_requests",
//                            "first_model_request_at", "last_model_request_at", "last_model_reply_at"
//                            (Unix seconds, or null), "in_flight", "max_in_flight"
//                            [, "otlp_endpoint", "otlp_spans"]}
//   GET  /_scripted/occupancy  {"changes": [[Unix seconds, model requests open], ...]}: every change
//                            since the last reset (scripts/bench/occupancy.py reads it)
//   POST /_scripted/reset   zeroes the counters and answers the same JSON (as it was before the reset)
import Foundation
import HinboxCore
import HinboxTesting

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let usage = "usage: hinbox-scripted-server GAZETTEER.json [--port P] [--latency-ms N] [--fault-rate R] [--seed S] [--port-file FILE] [--record-requests]\n"
let port = option("--port").flatMap(Int.init) ?? 0
let latency = option("--latency-ms").flatMap(Int.init) ?? 0
let faultRate = option("--fault-rate").flatMap(Double.init) ?? 0
let seed = option("--seed").flatMap(UInt64.init) ?? 1
let portFile = option("--port-file")
let recordsRequests = arguments.contains("--record-requests")
let withCollector = arguments.contains("--otlp")
let maxProfileChars = option("--max-profile-chars").flatMap(Int.init) ?? 4000
guard let gazetteerPath = arguments.first, !gazetteerPath.hasPrefix("--") else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
// A folder of labelled documents (../shared/data/gum-news) answers with their gold entities.
var isFolder: ObjCBool = false
let gazetteer = FileManager.default.fileExists(atPath: gazetteerPath, isDirectory: &isFolder) && isFolder.boolValue
    ? try GoldGazetteer.load(directory: gazetteerPath)
    : try Gazetteer(contentsOf: URL(fileURLWithPath: gazetteerPath))
let faults: FaultPlan = faultRate > 0 ? .random(rate: faultRate, seed: seed, faults: [.rateLimited, .serverError, .unavailable, .malformedJSON, .truncatedJSON, .emptyChoices, .noContent]) : .none

/// The server, once started (the handler is built before it exists).
final class ServerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: ScriptedOpenAIServer?
    private var storedCollector: FakeOTLPCollector?
    private var spanBaseline = 0
    var server: ScriptedOpenAIServer? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
    var collector: FakeOTLPCollector? {
        get { lock.withLock { storedCollector } }
        set { lock.withLock { storedCollector = newValue } }
    }

    /// Spans the collector accepted since the last reset.
    func spans() -> Int? {
        guard let collector else { return nil }
        let total = (try? collector.acceptedSpans().count) ?? -1
        return total - lock.withLock { spanBaseline }
    }

    func resetSpans() {
        guard let collector else { return }
        let total = (try? collector.acceptedSpans().count) ?? 0
        lock.withLock { spanBaseline = total }
    }
}
let box = ServerBox()

@Sendable func statsJSON(_ stats: ScriptedOpenAIServer.Stats) -> JSONValue {
    let time = { (date: Date?) in date.map { JSONValue.number($0.timeIntervalSince1970) } ?? .null }
    var json: JSONValue = [
        "requests": .number(Double(stats.requests)),
        "chat_requests": .number(Double(stats.chatRequests)),
        "embedding_requests": .number(Double(stats.embeddingRequests)),
        "model_requests": .number(Double(stats.modelRequests)),
        "first_model_request_at": time(stats.firstModelRequestAt),
        "last_model_request_at": time(stats.lastModelRequestAt),
        "last_model_reply_at": time(stats.lastModelReplyAt),
        "in_flight": .number(Double(stats.inFlight)),
        "max_in_flight": .number(Double(stats.maxInFlight)),
    ]
    if case .object(var fields) = json, let collector = box.collector {
        fields["otlp_endpoint"] = .string(collector.endpoint)
        fields["otlp_spans"] = .number(Double(box.spans() ?? 0))
        json = .object(fields)
    }
    return json
}

let script = GazetteerScript.handler(gazetteer: gazetteer)
let handler: ScriptedOpenAIServer.Handler = { request in
    switch (request.method, request.path) {
    case ("GET", "/_scripted/stats"):
        guard let server = box.server else { return .json(["error": "starting"], status: 503) }
        return .json(statsJSON(server.stats))
    case ("GET", "/_scripted/occupancy"):
        guard let server = box.server else { return .json(["error": "starting"], status: 503) }
        let changes = server.occupancy.map { change -> JSONValue in
            [.number(change.at.timeIntervalSince1970), .number(Double(change.inFlight))]
        }
        return .json(["changes": .array(changes)])
    case ("POST", "/_scripted/reset"):
        guard let server = box.server else { return .json(["error": "starting"], status: 503) }
        let before = statsJSON(server.stats)
        server.resetStats()
        box.resetSpans()
        return .json(before)
    default:
        return bounded(await script(request), request: request)
    }
}

/// A chat reply whose JSON content has a `text` longer than `--max-profile-chars`, with the
/// oldest `### Update` sections dropped (the first section, the overview, stays).
@Sendable func bounded(_ reply: ScriptedOpenAIServer.Reply, request: ScriptedOpenAIServer.Request) -> ScriptedOpenAIServer.Reply {
    guard maxProfileChars > 0, case .json(let body, let status, let headers) = reply,
        let content = body["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue,
        let parsed = JSONValue.parse(content), case .object(var fields) = parsed,
        let text = fields["text"]?.stringValue, text.count > maxProfileChars
    else { return reply }
    var sections = text.components(separatedBy: "\n\n### Update")
    let overview = sections.removeFirst()
    var kept: [String] = []
    var length = overview.count
    for section in sections.reversed() {
        guard length + section.count + 13 <= maxProfileChars else { break }
        kept.insert(section, at: 0)
        length += section.count + 13
    }
    fields["text"] = .string(([String(overview.prefix(maxProfileChars))] + kept).joined(separator: "\n\n### Update"))
    return .json(ScriptedReplies.chatCompletion(content: JSONValue.object(fields).jsonString, request: request),
                 status: status, headers: headers)
}

let server = try await ScriptedOpenAIServer.start(
    port: port, latency: .milliseconds(latency), faults: faults, recordsRequests: recordsRequests, handler: handler)
box.server = server
if withCollector { box.collector = try await FakeOTLPCollector.start() }
if let portFile {
    // Written whole then renamed, so a reader polling for it never sees half a port.
    let temporary = portFile + ".tmp"
    try Data("\(server.port)\n".utf8).write(to: URL(fileURLWithPath: temporary))
    _ = rename(temporary, portFile)
}
FileHandle.standardOutput.write(Data((server.baseURL + "\n").utf8))
while true { try await Task.sleep(for: .seconds(3600)) }
