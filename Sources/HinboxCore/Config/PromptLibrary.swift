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
        for required in ["extract", "profile_create", "profile_update", "match_check"] where templates[required] == nil {
            throw ConfigError("missing prompt template \(promptsDirectory)/\(required).md")
        }
        return PromptLibrary(templates: templates)
    }

    /// Renders template `name`, replacing `{{key}}` with `variables[key]`.
    public func render(_ name: String, _ variables: [String: String]) -> String {
        var text = templates[name] ?? ""
        for (key, value) in variables {
            text = text.replacingOccurrences(of: "{{\(key)}}", with: value)
        }
        return text
    }

    /// The raw template text (for the `llm.prompt_template.template` attribute).
    public func template(_ name: String) -> String? { templates[name] }
}
