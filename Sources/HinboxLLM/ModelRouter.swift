import Foundation
import HinboxCore

/// Turns a model string `provider/model` into a ``ProviderRoute``.
///
/// | prefix | base URL (override) | key |
/// |---|---|---|
/// | `openai/` | `https://api.openai.com/v1` (`OPENAI_BASE_URL`) | `OPENAI_API_KEY` |
/// | `openrouter/` | `https://openrouter.ai/api/v1` | `OPENROUTER_API_KEY` |
/// | `gemini/` | `https://generativelanguage.googleapis.com/v1beta/openai` | `GEMINI_API_KEY`, else `GOOGLE_API_KEY` |
/// | `ollama/` | `http://localhost:11434/v1` (`OLLAMA_API_URL`) | `ollama` |
/// | `local/` | `http://127.0.0.1:8080/v1` (`HINBOX_LOCAL_URL`) | `local` |
///
/// An explicit base URL (`--base-url` / `HINBOX_BASE_URL`) wins for every prefix; the key is then
/// the provider's variable if set, else `HINBOX_API_KEY`, else a placeholder. A model string
/// without a known prefix needs a base URL and is sent whole (provider `custom`). Everything
/// after the prefix is the model name, slashes included
/// (`openrouter/anthropic/claude-3.5-haiku` → `anthropic/claude-3.5-haiku`).
///
/// The environment is injected: the router never reads the process environment.
///
/// ```swift
/// let router = ModelRouter(environment: ProcessInfo.processInfo.environment, baseURL: options.baseURL)
/// let route = try router.route("openai/gpt-4o-mini")
/// ```
public struct ModelRouter: Sendable {
    /// The environment variables to read keys and URL overrides from.
    public var environment: [String: String]
    /// The explicit base URL; `nil` falls back to `HINBOX_BASE_URL` in `environment`.
    public var baseURL: String?

    /// Creates a router over an environment and an optional explicit base URL.
    public init(environment: [String: String], baseURL: String? = nil) {
        self.environment = environment
        self.baseURL = baseURL
    }

    /// The prefixes the router knows, in the order error messages list them.
    public static let knownPrefixes = ["openai", "openrouter", "gemini", "ollama", "local"]

    private struct Provider {
        var defaultBaseURL: String
        var baseURLVariable: String?
        var keyVariables: [String]
        /// Sent when no key variable is set; `nil` means the key is required.
        var placeholderKey: String?
        /// Whether a base URL without a path gets `/v1` appended (servers people point at by host).
        var appendsV1 = false
    }

    private static let providers: [String: Provider] = [
        "openai": Provider(
            defaultBaseURL: "https://api.openai.com/v1", baseURLVariable: "OPENAI_BASE_URL",
            keyVariables: ["OPENAI_API_KEY"]),
        "openrouter": Provider(
            defaultBaseURL: "https://openrouter.ai/api/v1", keyVariables: ["OPENROUTER_API_KEY"]),
        "gemini": Provider(
            defaultBaseURL: "https://generativelanguage.googleapis.com/v1beta/openai",
            keyVariables: ["GEMINI_API_KEY", "GOOGLE_API_KEY"]),
        "ollama": Provider(
            defaultBaseURL: "http://localhost:11434/v1", baseURLVariable: "OLLAMA_API_URL",
            keyVariables: [], placeholderKey: "ollama", appendsV1: true),
        "local": Provider(
            defaultBaseURL: "http://127.0.0.1:8080/v1", baseURLVariable: "HINBOX_LOCAL_URL",
            keyVariables: [], placeholderKey: "local", appendsV1: true),
    ]

    /// Routes `model`.
    /// - Throws: ``LLMError`` for an empty model name, an unknown prefix without a base URL, an
    ///   invalid base URL, or a cloud provider whose key variable is not set.
    public func route(_ model: String) throws -> ProviderRoute {
        let model = model.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !model.isEmpty else { throw LLMError.invalidModel("the model name is empty") }
        let explicitBase = nonEmpty(baseURL) ?? value("HINBOX_BASE_URL")
        let parts = model.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let prefix = parts.count == 2 ? String(parts[0]).lowercased() : ""

        guard let provider = Self.providers[prefix] else {
            guard let explicitBase else { throw LLMError.unknownProvider(model: model, prefixes: Self.knownPrefixes) }
            let key = value("HINBOX_API_KEY")
            return ProviderRoute(
                descriptor: ModelDescriptor(provider: "custom", model: model),
                baseURL: try normalise(explicitBase, appendV1: false),
                apiKey: key ?? "none",
                apiKeyVariable: "HINBOX_API_KEY",
                baseURLVariable: "--base-url / HINBOX_BASE_URL",
                apiKeyIsSecret: key != nil)
        }

        let name = String(parts[1])
        guard !name.isEmpty else {
            throw LLMError.invalidModel("'\(model)' has no model name after '\(prefix)/' (e.g. \(prefix)/\(example(prefix)))")
        }
        let descriptor = ModelDescriptor(provider: prefix, model: name)
        let envKey = provider.keyVariables.lazy.compactMap { variable in value(variable).map { (variable, $0) } }.first

        if let explicitBase {
            let fallbackKey = value("HINBOX_API_KEY")
            let key = envKey?.1 ?? fallbackKey
            return ProviderRoute(
                descriptor: descriptor,
                baseURL: try normalise(explicitBase, appendV1: false),
                apiKey: key ?? provider.placeholderKey ?? "none",
                apiKeyVariable: envKey?.0 ?? provider.keyVariables.first ?? "HINBOX_API_KEY",
                baseURLVariable: "--base-url / HINBOX_BASE_URL",
                apiKeyIsSecret: key != nil)
        }

        let overridden = provider.baseURLVariable.flatMap(value)
        let base = try normalise(overridden ?? provider.defaultBaseURL, appendV1: provider.appendsV1)
        if let envKey {
            return ProviderRoute(
                descriptor: descriptor, baseURL: base, apiKey: envKey.1, apiKeyVariable: envKey.0,
                baseURLVariable: provider.baseURLVariable, apiKeyIsSecret: true)
        }
        if let placeholder = provider.placeholderKey {
            return ProviderRoute(
                descriptor: descriptor, baseURL: base, apiKey: placeholder, apiKeyVariable: nil,
                baseURLVariable: provider.baseURLVariable, apiKeyIsSecret: false)
        }
        if overridden != nil {
            // A cloud prefix pointed elsewhere (OPENAI_BASE_URL): local servers ignore the key.
            return ProviderRoute(
                descriptor: descriptor, baseURL: base, apiKey: "none", apiKeyVariable: provider.keyVariables.first,
                baseURLVariable: provider.baseURLVariable, apiKeyIsSecret: false)
        }
        throw LLMError.missingAPIKey(model: model, variables: provider.keyVariables)
    }

    // MARK: - Helpers

    private func value(_ name: String) -> String? { nonEmpty(environment[name]) }

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
