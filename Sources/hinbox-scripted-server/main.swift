// A scripted OpenAI-compatible server for trying hinbox without a model, and for benchmarks.
//
//   hinbox-scripted-server GAZETTEER.json [--port P] [--latency-ms N] [--fault-rate R] [--seed S]
//
// Prints the base URL, then serves until killed.
import Foundation
import HinboxTesting

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let port = option("--port").flatMap(Int.init) ?? 0
let latency = option("--latency-ms").flatMap(Int.init) ?? 0
let faultRate = option("--fault-rate").flatMap(Double.init) ?? 0
let seed = option("--seed").flatMap(UInt64.init) ?? 1
guard let gazetteerPath = arguments.first, !gazetteerPath.hasPrefix("--") else {
    FileHandle.standardError.write(Data("usage: hinbox-scripted-server GAZETTEER.json [--port P] [--latency-ms N] [--fault-rate R] [--seed S]\n".utf8))
    exit(2)
}
let gazetteer = try Gazetteer(contentsOf: URL(fileURLWithPath: gazetteerPath))
let faults: FaultPlan = faultRate > 0 ? .random(rate: faultRate, seed: seed, faults: [.rateLimited, .serverError, .unavailable, .malformedJSON, .truncatedJSON]) : .none
let server = try await ScriptedOpenAIServer.start(
    port: port, latency: .milliseconds(latency), faults: faults, handler: GazetteerScript.handler(gazetteer: gazetteer))
FileHandle.standardOutput.write(Data((server.baseURL + "\n").utf8))
while true { try await Task.sleep(for: .seconds(3600)) }
