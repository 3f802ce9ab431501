import Foundation
import HinboxCore

/// Turns a model string `provider/model` into a ``ProviderRoute``.
///
/// | prefix | default base URL | key when none is set |
/// |---|---|---|
/// | `openai/` | `https://api.openai.com/v1` | required |
/// | `openrouter/` | `https://openrouter.ai/api/v1` | required |
/// | `gemini/` | `https://generativelanguage.googleapis.com/v1beta/openai` | required |
/// | `ollama/` | `http://localhost:11434/v1` | `ollama` |
/// | `local/` | `http://127.0.0.1:8080/v1` | `local` |
///
/// Keys and base URL overrides come from ``ModelAccess`` (the app reads them; which environment
/// variables set what is documented with `AppConfiguration`). An explicit base URL wins for
/// every prefix; the key is then the provider's if set, else ``ModelAccess/apiKey``, else a
/// placeholder. A model string without a known prefix needs a base URL and is sent whole
/// (provider `custom`). Everything after the prefix is the model name, slashes included
/// (`openrouter/anthropic/claude-3.5-haiku` → `anthropic/claude-3.5-haiku`).
///
/// ```swift
/// let router = ModelRouter(access: configuration.modelAccess)
/// let route = try router.route("openai/gpt-4o-mini")
/// ```
public struct ModelRouter: Sendable {
    /// The keys and base URLs to route with.
    public var access: ModelAccess

    /// Creates a router over the given keys and base URLs.
    public init(access: ModelAccess) {
        self.access = access
    }

    /// The prefixes the router knows, in the order error messages list them.
    public static let knownPrefixes = ["openai", "openrouter", "gemini", "ollama", "local"]

    private struct Provider {
        var defaultBaseURL: String
        /// Sent when no key variable is set; `nil` means the key is required.
        var placeholderKey: String?
        /// Whether a base URL without a path gets `/v1` appended (servers people point at by host).
        var appendsV1 = false
    }

    private static let providers: [String: Provider] = [
        "openai": Provider(defaultBaseURL: "https://api.openai.com/v1"),
        "openrouter": Provider(defaultBaseURL: "https://openrouter.ai/api/v1"),
        "gemini": Provider(defaultBaseURL: "https://generativelanguage.googleapis.com/v1beta/openai"),
        "ollama": Provider(defaultBaseURL: "http://localhost:11434/v1", placeholderKey: "ollama", appendsV1: true),
        "local": Provider(defaultBaseURL: "http://127.0.0.1:8080/v1", placeholderKey: "local", appendsV1: true),
    ]

    /// Routes `model`.
    /// - Throws: ``LLMError`` for an empty model name, an unknown prefix without a base URL, an
    ///   invalid base URL, or a cloud provider whose key variable is not set.
    public func route(_ model: String) throws -> ProviderRoute {
        let model = model.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !model.isEmpty else { throw LLMError.invalidModel("the model name is empty") }
        let explicitBase = nonEmpty(access.baseURL.value)
        let parts = model.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let prefix = parts.count == 2 ? String(parts[0]).lowercased() : ""

        guard let provider = Self.providers[prefix] else {
            guard let explicitBase else { throw LLMError.unknownProvider(model: model, prefixes: Self.knownPrefixes, access: access) }
            let key = nonEmpty(access.apiKey.value)
            return ProviderRoute(
                descriptor: ModelDescriptor(provider: "custom", model: model),
                baseURL: try normalise(explicitBase, appendV1: false),
                apiKey: key ?? "none",
                apiKeyVariable: access.apiKey.name,
                baseURLVariable: access.baseURLNames,
                apiKeyIsSecret: key != nil,
                hints: hints("custom"))
        }

        let name = String(parts[1])
        guard !name.isEmpty else {
            throw LLMError.invalidModel("'\(model)' has no model name after '\(prefix)/' (e.g. \(prefix)/\(example(prefix)))")
        }
        let descriptor = ModelDescriptor(provider: prefix, model: name)
        let settings = access.providers[prefix] ?? ModelAccess.Provider()
        let keyNames = settings.keys.map(\.name)
        let setKey = settings.keys.lazy.compactMap { key in nonEmpty(key.value).map { (key.name, $0) } }.first
        let hints = hints(prefix)

        if let explicitBase {
            let key = setKey?.1 ?? nonEmpty(access.apiKey.value)
            return ProviderRoute(
                descriptor: descriptor,
                baseURL: try normalise(explicitBase, appendV1: false),
                apiKey: key ?? provider.placeholderKey ?? "none",
                apiKeyVariable: setKey?.0 ?? keyNames.first ?? access.apiKey.name,
                baseURLVariable: access.baseURLNames,
                apiKeyIsSecret: key != nil,
                hints: hints)
        }

        let baseURLName = settings.baseURL?.name
        let overridden = nonEmpty(settings.baseURL?.value)
        let base = try normalise(overridden ?? provider.defaultBaseURL, appendV1: provider.appendsV1)
        if let setKey {
            return ProviderRoute(
                descriptor: descriptor, baseURL: base, apiKey: setKey.1, apiKeyVariable: setKey.0,
                baseURLVariable: baseURLName, apiKeyIsSecret: true, hints: hints)
        }
        if let placeholder = provider.placeholderKey {
            return ProviderRoute(
                descriptor: descriptor, baseURL: base, apiKey: placeholder, apiKeyVariable: nil,
                baseURLVariable: baseURLName, apiKeyIsSecret: false, hints: hints)
        }
        if overridden != nil {
            // A cloud prefix pointed elsewhere (its base URL setting): local servers ignore the key.
            return ProviderRoute(
                descriptor: descriptor, baseURL: base, apiKey: "none", apiKeyVariable: keyNames.first,
                baseURLVariable: baseURLName, apiKeyIsSecret: false, hints: hints)
        }
        throw LLMError.missingAPIKey(model: model, variables: keyNames)
    }

    // MARK: - Helpers

    /// What error hints name for `prefix`'s routes: the settings a user changes.
    private func hints(_ prefix: String) -> ProviderRoute.Hints {
        let ownURL = access.providers[prefix]?.baseURL?.name
        let unreachable: String? =
            switch prefix {
            case "local": "Start hinbox's local model server, or set \(ownURL ?? "its base URL") / \(access.baseURLFlag)."
            case "ollama": "Start it with `ollama serve`, or set \(ownURL ?? "its base URL") / \(access.baseURLFlag)."
            case "custom": "Check \(access.baseURLFlag) / \(access.baseURL.name)."
            default: nil
            }
        return ProviderRoute.Hints(
            unreachable: unreachable, serverKey: "pass one with \(access.baseURLFlag) and \(access.apiKey.name)")
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    private func normalise(_ url: String, appendV1: Bool) throws -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"),
            url.split(separator: "/", omittingEmptySubsequences: true).count >= 2
        else { throw LLMError.invalidBaseURL(url) }
        // `http://host:port` (no path) → `http://host:port/v1` for servers addressed by host.
        if appendV1, url.split(separator: "/", omittingEmptySubsequences: true).count == 2 { url += "/v1" }
        return url
    }

    private func example(_ prefix: String) -> String {
        switch prefix {
        case "openai": "gpt-4o-mini"
        case "openrouter": "anthropic/claude-3.5-haiku"
        case "gemini": "gemini-2.0-flash"
        case "ollama": "qwen2.5:7b"
        default: "smollm2-135m-instruct"
        }
    }
}
