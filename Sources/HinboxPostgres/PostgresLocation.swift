import Foundation
import HinboxCore
import NIOSSL
import PostgresNIO

/// A PostgreSQL database named by a `postgres://user:password@host:port/database` URL.
///
/// ``redacted`` is the form to print: the password is replaced by `***`, so it never reaches
/// logs, spans, pages, error messages or the database.
///
/// ```swift
/// let location = try PostgresLocation(url: "postgres://hinbox:secret@127.0.0.1:5433/hinbox")
/// print(location.redacted)   // postgres://hinbox:***@127.0.0.1:5433/hinbox
/// ```
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// The server's port (5432 when the URL has none).
    public var port: Int
    /// The user to connect as (`postgres` when the URL has none).
    public var user: String
    /// The password, if the URL has one. Never print it; print ``redacted``.
    public var password: String?
    /// The database's name (the URL's path).
    public var database: String
    /// `sslmode`: `disable`, `prefer` (the default) or `require`.
    public var tlsMode: String

    /// Whether `text` is a PostgreSQL URL (`postgres://` or `postgresql://`).
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Parses a URL; the error never repeats the password.
    public init(url text: String) throws {
        guard Self.isURL(text), let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw ConfigError("invalid PostgreSQL URL \(Self.redact(text)); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw ConfigError("the PostgreSQL URL \(Self.redact(text)) names no database; add it as the path: postgres://USER@HOST:PORT/DATABASE")
        }
        self.host = host
        port = components.port ?? 5432
        user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding }
        self.database = database.removingPercentEncoding ?? database
        let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(mode) else {
            throw ConfigError("sslmode=\(mode) in \(Self.redact(text)) is not supported; use disable, prefer or require")
        }
        tlsMode = mode
    }

    /// The URL with the password replaced by `***` (safe to print).
    public var redacted: String {
        let credentials = user + (password == nil ? "" : ":***")
        return "postgres://\(credentials)@\(host):\(port)/\(database)" + (tlsMode == "prefer" ? "" : "?sslmode=\(tlsMode)")
    }

    public var description: String { redacted }

    /// This location with another database on the same server (for creating and dropping databases).
    public func with(database: String) -> PostgresLocation {
        var copy = self
        copy.database = database
        return copy
    }

    /// The client configuration for this location.
    func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch tlsMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = 8
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// The configuration of a single connection (the run lock's).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch tlsMode {
        case "disable": .disable
        case "require": .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// Replaces the password of a URL-shaped string, also when it does not parse.
    public static func redact(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
