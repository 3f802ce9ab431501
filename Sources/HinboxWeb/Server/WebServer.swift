import Foundation
public import HinboxCore
import Hummingbird
public import Logging

/// `hinbox serve`: server-rendered pages over a ``KnowledgeBrowser``.
///
/// ```swift
/// let server = try WebServer(browser: store, settings: .default, edits: nil)
/// try await server.run { url in print("hinbox serves \(url)") }   // until SIGINT/SIGTERM
/// ```
public struct WebServer: Sendable {
    public let settings: WebSettings
    let browser: any KnowledgeBrowser
    let edits: WebEdits?
    let renderer: PageRenderer
    let logger: Logger

    /// - Parameters:
    ///   - edits: the merge/split operations; used only when `settings.allowEdits` is on.
    public init(browser: any KnowledgeBrowser, settings: WebSettings, edits: WebEdits? = nil, logger: Logger = Logger(label: "hinbox.web")) throws {
        self.browser = browser
        self.settings = settings
        self.edits = edits
        self.logger = logger
        self.renderer = PageRenderer(settings: settings, formToken: Self.newToken())
    }

    /// The per-server form token: 32 random bytes as hex.
    private static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The Hummingbird application: routes, security headers, no services of its own.
    func application(onRunning: @escaping @Sendable (String) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: SecurityHeaders(renderer: renderer))
        WebRoutes(server: self).register(on: router)
        let host = settings.host
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: settings.port), serverName: "hinbox"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shownHost = host.contains(":") ? "[\(host)]" : host
                await onRunning("http://\(shownHost):\(port)/")
            },
            logger: logger)
    }

    /// Serves until SIGINT or SIGTERM, then shuts down gracefully (open requests finish).
    /// `onRunning` gets the base URL once the port is bound.
    public func run(onRunning: @escaping @Sendable (String) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).runService()
    }

    /// Serves until the surrounding task is cancelled (tests); `onRunning` as in ``run(onRunning:)``.
    public func runUntilCancelled(onRunning: @escaping @Sendable (String) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).run()
    }
}
