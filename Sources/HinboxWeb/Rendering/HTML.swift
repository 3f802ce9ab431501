import Foundation
import HinboxCore

import Foundation

/// Escaping and link rules for untrusted text. Templates escape with `{{x}}`; code that builds
/// HTML itself (Markdown, highlighted articles, diffs, SVG) goes through ``escape(_:)``.
enum HTML {
    /// `& < > " '` as entities: safe in element content and quoted attributes.
    static func escape(_ text: some StringProtocol) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `url` when it is an absolute http(s) URL with a host and no whitespace or control
    /// characters; nil otherwise (so `javascript:`, `data:` and relative tricks never become links).
    static func safeExternalURL(_ url: String?) -> String? {
        guard let url = url?.trimmingCharacters(in: .whitespacesAndNewlines), !url.isEmpty,
              !url.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" }),
              let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else { return nil }
        return url
    }

    /// One path segment, percent-encoded so any id stays inside its segment of our own paths.
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A query string from pairs (nil values left out), `?`-prefixed, or "" when empty.
    static func query(_ pairs: [(String, String?)]) -> String {
        let parts = pairs.compactMap { key, value in value.map { "\(segment(key))=\(segment($0))" } }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    // MARK: - Our own paths

    static func entityPath(_ id: String, version: Int? = nil) -> String {
        "/entity/\(segment(id))" + query([("version", version.map(String.init))])
    }

    static func articlePath(_ id: String) -> String { "/article/\(segment(id))" }

    static func listPath(_ type: EntityType) -> String { "/\(type.plural)" }
}
