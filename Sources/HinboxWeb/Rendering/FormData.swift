import Foundation

/// `application/x-www-form-urlencoded` pairs, from a query string or a POST body (`+` is a space).
struct FormData: Sendable {
    private var values: [String: String] = [:]

    init(_ encoded: String) {
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = Self.decode(parts[0]), !key.isEmpty else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
            if values[key] == nil { values[key] = value }
        }
    }

    /// The first value of `key`, trimmed; nil when absent or blank.
    subscript(_ key: String) -> String? {
        guard let value = values[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// `key` as a positive integer, else nil.
    func positiveInt(_ key: String) -> Int? {
        self[key].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
