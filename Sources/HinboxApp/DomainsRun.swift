public import Foundation
public import HinboxCore

/// `hinbox domains list` and `hinbox domains init`: the text they print, from a ``DomainCatalog``.
public struct DomainsRun: Sendable {
    /// The domains of the checkout.
    public var catalog: DomainCatalog
    /// The checkout holding `config/` and `prompts/`; paths under it are shown relative to it.
    public var projectRoot: String

    /// Finds the checkout the same way every command does (`--config-dir`, `HINBOX_HOME`, the
    /// current directory, the binary's checkout), without reading model or database settings.
    public init(configDirectory: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        projectRoot = try ConfigLocator.projectRoot(explicit: configDirectory ?? environment["HINBOX_HOME"])
        catalog = DomainCatalog(configDirectory: "\(projectRoot)/config", promptsDirectory: "\(projectRoot)/prompts")
    }

    /// One block per domain: name and description, entity types, config file and prompts.
    public func list(json: Bool = false) -> String {
        let entries = catalog.list()
        if json { return JSONOutput.encode(entries.map(DomainJSON.init)) }
        guard !entries.isEmpty else { return "no domains in \(catalog.configDirectory)/domains; create one with `hinbox domains init NAME`" }
        return entries.map(describe).joined(separator: "\n\n")
    }

    /// Checks a new domain's name before anything is looked up (see ``DomainCatalog/validate(name:)``).
    public static func validate(name: String) throws { try DomainCatalog.validate(name: name) }

    /// Creates the domain and says where its files are and what to do next.
    public func initialize(name: String, from template: String) throws -> String {
        let entry = try catalog.create(name, from: template)
        return """
            Created domain "\(name)" from "\(template)":
              \(shown(entry.configPath))   edit the description, entity types, guidance and tags
              \(shown(entry.promptsPath ?? "\(catalog.promptsDirectory)/\(name)"))/   prompt templates (\(entry.overriddenPrompts.joined(separator: ", ")))
            Use it: hinbox process <dir> --domain \(name)
            """
    }

    private func describe(_ entry: DomainCatalog.Entry) -> String {
        var lines = ["\(entry.name)" + (entry.description.isEmpty ? "" : " — \(entry.description)")]
        if let problem = entry.problem {
            lines.append("  problem: \(problem)")
        } else {
            lines.append("  entity types: \(entry.entityTypes.map(\.rawValue).joined(separator: ", "))")
            lines.append("  relevance check: " + (entry.relevance == nil ? "off (every article is extracted)" : "on"))
        }
        lines.append("  config:  \(shown(entry.configPath))")
        if let prompts = entry.promptsPath {
            lines.append("  prompts: \(shown(prompts))/ (\(entry.overriddenPrompts.joined(separator: ", "))) over \(shown(catalog.promptsDirectory))/")
        } else {
            lines.append("  prompts: \(shown(catalog.promptsDirectory))/ (shared)")
        }
        return lines.joined(separator: "\n")
    }

    /// A path relative to the checkout when it is inside it.
    private func shown(_ path: String) -> String {
        path.hasPrefix(projectRoot + "/") ? String(path.dropFirst(projectRoot.count + 1)) : path
    }
}

/// `hinbox domains list --json`: one object per domain.
struct DomainJSON: Encodable {
    var name: String
    var description: String
    var entityTypes: [String]
    var relevance: String?
    var config: String
    var prompts: String?
    var overriddenPrompts: [String]
    var problem: String?

    init(_ entry: DomainCatalog.Entry) {
        name = entry.name
        description = entry.description
        entityTypes = entry.entityTypes.map(\.rawValue)
        relevance = entry.relevance
        config = entry.configPath
        prompts = entry.promptsPath
        overriddenPrompts = entry.overriddenPrompts
        problem = entry.problem
    }
}
