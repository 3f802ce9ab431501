import Foundation

/// Markdown prompt templates from `prompts/`, with `{{variable}}` placeholders.
///
/// A domain may override any template with `prompts/<domain>/<name>.md`.
public struct PromptLibrary: Sendable, Hashable {
    private var templates: [String: String]

    /// Templates by name (`extract`, `profile_create`, `profile_update`, `match_check`).
    public init(templates: [String: String]) {
        self.templates = templates
    }

    /// Loads `prompts/*.md`, then `prompts/<domain>/*.md` over them.
    public static func load(promptsDirectory: String, domain: String) throws -> PromptLibrary {
        var templates: [String: String] = [:]
        for directory in [promptsDirectory, "\(promptsDirectory)/\(domain)"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in names where file.hasSuffix(".md") && file != "README.md" {
                templates[String(file.dropLast(3))] = try String(contentsOfFile: "\(directory)/\(file)", encoding: .utf8)
            }
        }
        for required in ["extract", "profile_create", "profile_update", "profile_fold", "match_check"] where templates[required] == nil {
            throw ConfigError("missing prompt template \(promptsDirectory)/\(required).md")
        }
        return PromptLibrary(templates: templates)
    }

    /// Whether the library has template `name`.
    public func contains(_ name: String) -> Bool { templates[name] != nil }

    /// Renders template `name`, replacing `{{key}}` with `variables[key]`; placeholders without a
    /// value stay as they are, and values are inserted as given (never scanned for placeholders).
    public func render(_ name: String, _ variables: [String: String]) -> String {
        Self.fill(templates[name] ?? "", variables)
    }

    /// One pass over the template's UTF-8 (every model request renders a prompt, so this stays
    /// clear of Foundation's string search).
    static func fill(_ template: String, _ variables: [String: String]) -> String {
        let bytes = Array(template.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + variables.values.reduce(0) { $0 + $1.utf8.count })
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "{"), let (key, end) = placeholder(in: bytes, at: index), let value = variables[key] {
                output += value.utf8
                index = end
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The key of a `{{key}}` (letters, digits, `_`) starting at `start`, and the index after it.
    private static func placeholder(in bytes: [UInt8], at start: Int) -> (key: String, end: Int)? {
        guard start + 1 < bytes.count, bytes[start + 1] == UInt8(ascii: "{") else { return nil }
        var index = start + 2
        while index < bytes.count, isKeyByte(bytes[index]) { index += 1 }
        guard index > start + 2, index + 1 < bytes.count, bytes[index] == UInt8(ascii: "}"), bytes[index + 1] == UInt8(ascii: "}") else { return nil }
        return (String(decoding: bytes[(start + 2)..<index], as: UTF8.self), index + 2)
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): true
        default: false
        }
    }

    /// The names of every loaded template, sorted.
    public var templateNames: [String] { templates.keys.sorted() }

    /// The raw template text (for the `llm.prompt_template.template` attribute).
    public func template(_ name: String) -> String? { templates[name] }
}
