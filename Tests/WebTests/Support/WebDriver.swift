import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import HinboxCore
import HinboxSpawn
import HinboxTesting

/// Debian's `chromedriver` driving headless Chromium over the W3C WebDriver protocol (plain HTTP
/// and JSON), for the tests that click: navigate, find an element, click it, read the page.
///
/// ```swift
/// try await WebDriver.session { browser in
///     try await browser.open(server.at("/review"))
///     try await browser.click(try await browser.element("form.merge button"))
/// }
/// ```
final class WebDriver: Sendable {
    /// The binary, when installed (`scripts/system-deps.sh --browser`).
    static let path: String? = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var isInstalled: Bool { path != nil && Chromium.isInstalled }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let base: String
    private let sessionID: String

    private init(base: String, sessionID: String) {
        self.base = base
        self.sessionID = sessionID
    }

    /// Starts chromedriver on a free loopback port and a headless Chromium session, runs `body`,
    /// then ends both however `body` ends.
    static func session<T: Sendable>(_ body: (WebDriver) async throws -> T) async throws -> T {
        guard let path, let chromium = Chromium.path else {
            throw Failure(description: "chromium-driver is not installed; run scripts/system-deps.sh --browser")
        }
        let driver = try await ChildProcess.start(.init(path, ["--port=0"], environment: ProcessInfo.processInfo.environment))
        defer {
            driver.signal(SIGTERM)
            driver.cleanUp()
        }
        // "ChromeDriver was started successfully on port 34371."
        let announced = try await poll(timeout: .seconds(30)) { driver.stdout } until: { $0.contains("started successfully on port ") || !driver.isRunning }
        guard let port = announced.split(separator: "port ").last?.prefix(while: \.isNumber), !port.isEmpty else {
            throw Failure(description: "chromedriver did not start: \(announced) \(driver.stderr)")
        }
        let base = "http://127.0.0.1:\(port)"
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-webdriver-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let capabilities: JSONValue = ["capabilities": ["alwaysMatch": ["goog:chromeOptions": [
            "binary": .string(chromium),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-extensions", "--window-size=1400,1000", .string("--user-data-dir=\(profile.path)")],
        ]]]]
        let created = try await request(base + "/session", method: "POST", body: capabilities)
        guard let id = created["value"]?["sessionId"]?.stringValue else { throw Failure(description: "no WebDriver session: \(created.jsonString)") }
        let browser = WebDriver(base: base, sessionID: id)
        do {
            let result = try await body(browser)
            _ = try? await request("\(base)/session/\(id)", method: "DELETE", body: nil)
            return result
        } catch {
            _ = try? await request("\(base)/session/\(id)", method: "DELETE", body: nil)
            throw error
        }
    }

    /// Loads `url` and waits for it to finish loading.
    func open(_ url: String) async throws {
        _ = try await command("url", body: ["url": .string(url)])
    }

    /// The first element matching a CSS selector.
    func element(_ selector: String) async throws -> String {
        let found = try await command("element", body: ["using": "css selector", "value": .string(selector)])
        // W3C WebDriver names the element reference by this fixed key.
        guard let id = found["element-6066-11e4-a52e-4f735466cecf"]?.stringValue else {
            throw Failure(description: "no element matches \(selector): \(found.jsonString)")
        }
        return id
    }

    /// Clicks an element; a form submission it starts is followed like a user's click.
    func click(_ element: String) async throws {
        _ = try await command("element/\(element)/click", body: [:])
    }

    /// The page's address now.
    func currentURL() async throws -> String {
        try await command("url", method: "GET").stringValue ?? ""
    }

    /// The page's serialised DOM now.
    func source() async throws -> String {
        try await command("source", method: "GET").stringValue ?? ""
    }

    private func command(_ path: String, method: String = "POST", body: JSONValue? = nil) async throws -> JSONValue {
        let reply = try await Self.request("\(base)/session/\(sessionID)/\(path)", method: method, body: method == "GET" ? nil : body ?? [:])
        return reply["value"] ?? .null
    }

    // AsyncHTTPClient, not URLSession: chromedriver writes headers without a space after the colon
    // ("Content-Length:917"), which FoundationNetworking's parser refuses ("Failed writing header").
    private static func request(_ url: String, method: String, body: JSONValue?) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.jsonString))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(90))
        let data = try await response.body.collect(upTo: 64 << 20)
        let reply = JSONValue.parse(String(buffer: data)) ?? .null
        guard response.status == .ok else {
            throw Failure(description: "WebDriver \(method) \(url): \(reply["value"]?["message"]?.stringValue ?? reply.jsonString)")
        }
        return reply
    }
}
