public import HinboxCore

/// Where a model lives: the provider and model name, the OpenAI-compatible base URL and the key.
///
/// Made by ``ModelRouter``. The API key never appears in `description`, `debugDescription` or a
/// mirror, so a route can be logged or dumped safely.
public struct ProviderRoute: Sendable, Hashable {
    /// Provider (`openai`, `openrouter`, `gemini`, `ollama`, `local` or `custom`) and model name.
    public var descriptor: ModelDescriptor
    /// The base URL without a trailing slash, e.g. `https://api.openai.com/v1`.
    public var baseURL: String
    /// The key sent as `Authorization: Bearer …`; `nil` sends no `Authorization` header.
    public var apiKey: String?
    /// The setting the key comes from (named in error hints), if any.
    public var apiKeyVariable: String?
    /// The setting that changes `baseURL` (named in "cannot reach" errors), if any.
    public var baseURLVariable: String?
    /// Whether `apiKey` is a secret (a key the user set) and must be scrubbed from
    /// anything hinbox echoes. Placeholder keys (`ollama`, `local`, `none`) are not.
    public var apiKeyIsSecret: Bool
    /// What error messages tell a user to change, in the app's words.
    public var hints: Hints

    /// Next steps quoted in error messages, worded by ``ModelRouter`` from ``ModelAccess``.
    public struct Hints: Sendable, Hashable {
        /// The next step when the server cannot be reached; `nil`: check the network (and
        /// ``ProviderRoute/baseURLVariable``).
        public var unreachable: String?
        /// How to send a key when the route has no key setting of its own; `nil`: not said.
        public var serverKey: String?

        /// Creates hints.
        public init(unreachable: String? = nil, serverKey: String? = nil) {
            self.unreachable = unreachable
            self.serverKey = serverKey
        }
    }

    /// Creates a route; prefer ``ModelRouter/route(_:)``.
    public init(
        descriptor: ModelDescriptor,
        baseURL: String,
        apiKey: String?,
        apiKeyVariable: String? = nil,
        baseURLVariable: String? = nil,
        apiKeyIsSecret: Bool = true,
        hints: Hints = Hints()
    ) {
        self.descriptor = descriptor
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.apiKeyVariable = apiKeyVariable
        self.baseURLVariable = baseURLVariable
        self.apiKeyIsSecret = apiKeyIsSecret
        self.hints = hints
    }

    /// `llm.provider` / `gen_ai.provider.name`: `google` for Gemini, else the provider.
    public var tracingProvider: String {
        descriptor.provider == "gemini" ? "google" : descriptor.provider
    }

    /// The strings that must never leave the process (the key, when it is a secret).
    var secrets: [String] {
        guard apiKeyIsSecret, let apiKey, !apiKey.isEmpty else { return [] }
        return [apiKey]
    }

    /// `{baseURL}/{path}`.
    func url(_ path: String) -> String { "\(baseURL)/\(path)" }
}

extension ProviderRoute: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `openai/gpt-4o-mini @ https://api.openai.com/v1` (never the key).
    public var description: String { "\(descriptor) @ \(baseURL)" }

    /// Same as `description`, plus where the key comes from.
    public var debugDescription: String {
        "ProviderRoute(\(descriptor) @ \(baseURL), key: \(apiKey == nil ? "none" : "<\(apiKeyVariable ?? "set")>"))"
    }

    /// A mirror without the key, so `dump(route)` cannot leak it.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "descriptor": descriptor.description,
            "baseURL": baseURL,
            "apiKey": apiKey == nil ? "none" : "<redacted>",
        ])
    }
}
