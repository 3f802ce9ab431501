import Foundation
import HinboxCore

/// Escaping and link rules for untrusted text. Pages escape through ``Markup``'s interpolation;
/// the renderers that build HTML themselves (Markdown, highlighted articles, diffs, SVG) call ``escape(_:)``.
enum HTML {
    /// `& < > " '` as entities: safe in element content and quoted attributes.
    static func escape(_ text: some StringProtocol) -> String {
        var result = ""
        escape(text, into: &result)
        return result
    }

    /// Appends `text` to `html` with `& < > " '` as entities. Works on UTF-8 bytes, not
    /// Characters: a quote followed by a combining mark is one Character but still a quote to
    /// an HTML parser, so it must be escaped too. Text without those bytes is appended whole.
    static func escape(_ text: some StringProtocol, into html: inout String) {
        let text = Substring(text)
        let utf8 = text.utf8
        guard utf8.contains(where: isSpecial) else {
            html.append(contentsOf: text)
            return
        }
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if let entity = entity(for: byte) {
                html.append(contentsOf: text[start..<index])
                html += entity
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        html.append(contentsOf: text[start..<utf8.endIndex])
    }

    /// Appends UTF-8 `bytes` to `html` with `& < > " '` as entities, as ``escape(_:into:)`` does
    /// for a string (for renderers that build their output as bytes).
    static func escape(_ bytes: some Sequence<UInt8>, into html: inout [UInt8]) {
        for byte in bytes {
            if let entity = entity(for: byte) { html.append(contentsOf: entity.utf8) } else { html.append(byte) }
        }
    }

    /// The entity that stands for `byte`, when it is one of `& < > " '`.
    private static func entity(for byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }

    private static func isSpecial(_ byte: UInt8) -> Bool { entity(for: byte) != nil }

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

    /// One path segment, percent-encoded so any id stays inside its segment of our own paths:
    /// every byte but ASCII letters, digits and `-._~` as `%XX` (UTF-8).
    static func segment(_ text: String) -> String {
        let utf8 = text.utf8
        guard !utf8.allSatisfy(isUnreserved) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count * 3)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
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
