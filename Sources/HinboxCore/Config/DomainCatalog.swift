import Foundation

/// The domains under a hinbox checkout: `config/domains/<name>/domain.yaml`, with prompt
/// overrides in `prompts/<name>/`. Lists them and creates new ones from a template domain.
public struct DomainCatalog: Sendable {
    /// The `config` directory (holding `domains/`).
    public var configDirectory: String
    /// The `prompts` directory (holding the shared templates and one folder per domain).
    public var promptsDirectory: String

    /// A catalog of the domains under `configDirectory/domains`, with prompts under `promptsDirectory`.
    public init(configDirectory: String, promptsDirectory: String) {
        self.configDirectory = configDirectory
        self.promptsDirectory = promptsDirectory
    }

    /// One domain as `hinbox domains list` shows it.
    public struct Entry: Sendable, Hashable {
        /// The folder name, used with `--domain`.
        public var name: String
        /// The YAML's `description` (empty when it has none or cannot be read).
        public var description: String
        /// The entity types the domain extracts, in canonical order.
        public var entityTypes: [EntityType]
        /// The domain's relevance text: when set, off-topic articles are not extracted.
        public var relevance: String?
        /// The domain's `domain.yaml`.
        public var configPath: String
        /// `prompts/<name>/` when the domain overrides templates there, else nil.
        public var promptsPath: String?
        /// Template names this domain overrides (`match_check`…); the rest come from `prompts/`.
        public var overriddenPrompts: [String]
        /// Why the domain's YAML could not be read, when it could not.
        public var problem: String?
    }

    /// Every domain folder, sorted by name; a domain whose YAML is broken is listed with its problem.
    public func list() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(configDirectory)/domains")) ?? []
        return names.sorted().filter { FileManager.default.fileExists(atPath: configPath($0)) }.map(entry)
    }

    /// The listing entry of domain `name`.
    public func entry(_ name: String) -> Entry {
        let prompts = "\(promptsDirectory)/\(name)"
        let overrides = ((try? FileManager.default.contentsOfDirectory(atPath: prompts)) ?? [])
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }.map { String($0.dropLast(3)) }.sorted()
        var entry = Entry(name: name, description: "", entityTypes: [], relevance: nil, configPath: configPath(name),
                          promptsPath: overrides.isEmpty ? nil : prompts, overriddenPrompts: overrides)
        do {
            let domain = try DomainConfig.load(name: name, configDirectory: configDirectory)
            entry.description = domain.description
            entry.entityTypes = domain.entityTypes
            entry.relevance = domain.relevance
        } catch {
            entry.problem = "\(error)"
        }
        return entry
    }

    // MARK: - Creating a domain

    /// Creates domain `name` from domain `template`: `config/domains/<name>/domain.yaml` (the
    /// template's, renamed, with a header saying what to edit) and `prompts/<name>/` holding every
    /// prompt template as the template domain sees it, ready to edit.
    /// - Throws: ``ConfigError`` for a bad name, an existing domain or a missing template; nothing is left half made.
    @discardableResult
    public func create(_ name: String, from template: String = "news") throws -> Entry {
        try Self.validate(name: name)
        let templateYAML = configPath(template)
        guard let yaml = try? String(contentsOfFile: templateYAML, encoding: .utf8) else {
            let available = list().map(\.name).joined(separator: ", ")
            throw ConfigError("no template domain '\(template)' (looked for \(templateYAML)); available: \(available)")
        }
        let domainDirectory = "\(configDirectory)/domains/\(name)"
        let promptDirectory = "\(promptsDirectory)/\(name)"
        for existing in [domainDirectory, promptDirectory] where FileManager.default.fileExists(atPath: existing) {
            throw ConfigError("\(existing) already exists; pick another name or remove it first (nothing was changed)")
        }
        let prompts = try PromptLibrary.load(promptsDirectory: promptsDirectory, domain: template)
        do {
            try FileManager.default.createDirectory(atPath: domainDirectory, withIntermediateDirectories: true)
            try DomainTemplate.yaml(from: yaml, name: name, template: template)
                .write(toFile: configPath(name), atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: promptDirectory, withIntermediateDirectories: true)
            for prompt in prompts.templateNames {
                try (prompts.template(prompt) ?? "").write(toFile: "\(promptDirectory)/\(prompt).md", atomically: true, encoding: .utf8)
            }
            try DomainTemplate.promptsReadme(name: name, template: template)
                .write(toFile: "\(promptDirectory)/README.md", atomically: true, encoding: .utf8)
        } catch {
            try? FileManager.default.removeItem(atPath: domainDirectory)
            try? FileManager.default.removeItem(atPath: promptDirectory)
            throw ConfigError("cannot create domain '\(name)': \(error.localizedDescription)")
        }
        return entry(name)
    }

    /// A domain name is a folder name and a `--domain` value: lowercase letters, digits, `-` and
    /// `_`, starting with a letter, at most 40 characters.
    public static func validate(name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_")
        guard let first = name.first, first.isLetter, first.isASCII, name.count <= 40, name.allSatisfy(allowed.contains) else {
            throw ConfigError("invalid domain name '\(name)': use lowercase letters, digits, '-' and '_', starting with a letter (at most 40 characters), e.g. 'guantanamo' or 'city-council'")
        }
    }

    private func configPath(_ name: String) -> String { "\(configDirectory)/domains/\(name)/domain.yaml" }
}
