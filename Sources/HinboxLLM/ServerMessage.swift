import Foundation
import HinboxCore

/// Turns an error body into a short, key-free message fit for an error, a log line or a span.
enum ServerMessage {
    /// The longest server message kept.
    static let maxLength = 300

    /// The `error.message` (or `message`, or `error` string, or raw text) of `body`, on one
    /// line, trimmed to ``maxLength`` characters, with every secret replaced by `[REDACTED]`.
    static func extract(from body: Data, secrets: [String]) -> String {
        let text = String(decoding: body, as: UTF8.self)
        let message = jsonMessage(JSONValue.parse(text)) ?? text
        return clean(message, secrets: secrets)
    }

    /// `text` on one line, trimmed and scrubbed.
    static func clean(_ text: String, secrets: [String]) -> String {
        var line = scrub(text, secrets: secrets)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        if line.count > maxLength { line = String(line.prefix(maxLength)) + "…" }
        return line
    }

    /// `text` with each secret (and the secret's middle part, when long) replaced.
    static func scrub(_ text: String, secrets: [String]) -> String {
        var text = text
        for secret in secrets where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "[REDACTED]")
            // Servers sometimes echo a key partly masked; drop any 12-char run of it too.
            if secret.count >= 16 {
                let middle = String(secret.dropFirst(4).prefix(12))
                text = text.replacingOccurrences(of: middle, with: "[REDACTED]")
            }
        }
        return text
    }

    private static func jsonMessage(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if let first = value.arrayValue?.first { return jsonMessage(first) }
        if let error = value["error"] {
            if let message = error["message"]?.stringValue { return message }
            if let message = error.stringValue { return message }
        }
        if let message = value["message"]?.stringValue { return message }
        if let detail = value["detail"]?.stringValue { return detail }
        return nil
    }

    /// Whether an error message says the server cannot do `response_format` / `json_schema`.
    static func mentionsResponseFormat(_ body: Data) -> Bool {
        let text = String(decoding: body, as: UTF8.self).lowercased()
        return text.contains("response_format") || text.contains("json_schema") || text.contains("response format")
    }

    /// The delay from `Retry-After` (seconds) or `retry-after-ms`; HTTP-date values are ignored.
    static func retryAfter(_ headers: [String: String]) -> Duration? {
        if let ms = headers["retry-after-ms"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), ms >= 0 {
            return .milliseconds(Int64(ms))
        }
        if let seconds = headers["retry-after"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), seconds >= 0 {
            return .milliseconds(Int64(seconds * 1000))
        }
        return nil
    }
}
