import Foundation
import HinboxApp
import HinboxWeb
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `hinbox serve` in-process on 127.0.0.1 and a free port, over a fixture database.
struct RunningServer {
    /// Base URL ending in `/`.
    let url: String
    private let task: Task<Void, any Error>

    struct Timeout: Error {}

    /// Starts the server exactly as `hinbox serve` wires it, and waits (at most 30 s) until it listens.
    static func start(databasePath: String, allowEdits: Bool = false) async throws -> RunningServer {
        let settings = WebSettings(host: "127.0.0.1", port: 0, phoenixURL: "http://127.0.0.1:6006", allowEdits: allowEdits)
        let logger = Logger(label: "web-test") { _ in SwiftLogNoOpLogHandler() }
        let server = try await WebServing.server(databasePath: databasePath, settings: settings, logger: logger)
        let (urls, continuation) = AsyncStream<String>.makeStream()
        let task = Task { try await server.runUntilCancelled { url in continuation.yield(url) } }
        let url = try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                for await url in urls { return url }
                throw Timeout()
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))  // a deadline, not synchronisation
                throw Timeout()
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
        return RunningServer(url: url, task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// `path` relative to the server.
    func at(_ path: String) -> String { url + path.drop { $0 == "/" } }

    /// A plain HTTP request (for status codes and headers, which a DOM dump does not show).
    func request(_ path: String, method: String = "GET", form: [String: String]? = nil) async throws -> (status: Int, headers: [String: String], body: String) {
        var request = URLRequest(url: URL(string: at(path))!)
        request.httpMethod = method
        if let form {
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            request.httpBody = Data(form.map { key, value in
                "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
            }.joined(separator: "&").utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)".lowercased()] = "\(value)" }
        return (http.statusCode, headers, String(decoding: data, as: UTF8.self))
    }
}
