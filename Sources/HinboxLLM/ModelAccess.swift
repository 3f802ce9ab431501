/// The keys and base URLs ``ModelRouter`` routes with, as plain values.
///
/// HinboxLLM reads no environment and knows no setting names: the app reads them (HinboxApp's
/// `AppConfiguration`) and hands them over here. Each value carries the name a user sets it by,
/// which error hints quote ("check OPENAI_API_KEY").
///
/// ```swift
/// var access = ModelAccess(baseURLFlag: "--base-url", baseURL: .init("MY_BASE_URL", nil), apiKey: .init("MY_KEY", nil))
/// access.providers["openai"] = .init(keys: [.init("OPENAI_API_KEY", key)])
/// let route = try ModelRouter(access: access).route("openai/gpt-4o-mini")
/// ```
public struct ModelAccess: Sendable, Hashable {
    /// One setting: the name a user sets it by and its value (`nil` or blank: not set).
    public struct Setting: Sendable, Hashable {
        /// How a user sets it, quoted in error hints (an environment variable, a flag).
        public var name: String
        /// The value, `nil` when it is not set.
        public var value: String?

        /// Creates a setting.
        public init(_ name: String, _ value: String?) {
            self.name = name
            self.value = value
        }
    }

    /// One provider prefix's settings.
    public struct Provider: Sendable, Hashable {
        /// Its API keys in order of preference: the first one set is sent.
        public var keys: [Setting]
        /// What replaces its default base URL, if it can be replaced.
        public var baseURL: Setting?

        /// Creates a provider's settings.
        public init(keys: [Setting] = [], baseURL: Setting? = nil) {
            self.keys = keys
            self.baseURL = baseURL
        }
    }

    /// The flag that sets ``baseURL`` (quoted in hints together with its setting's name).
    public var baseURLFlag: String
    /// An explicit base URL: it wins for every prefix and lets unknown prefixes through as `custom`.
    public var baseURL: Setting
    /// The key sent with an explicit base URL when the provider's own key is not set.
    public var apiKey: Setting
    /// Settings by provider prefix (`openai`, `openrouter`, `gemini`, `ollama`, `local`).
    public var providers: [String: Provider]

    /// Creates the settings.
    public init(baseURLFlag: String, baseURL: Setting, apiKey: Setting, providers: [String: Provider] = [:]) {
        self.baseURLFlag = baseURLFlag
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.providers = providers
    }

    /// "`flag` / `name`": every way to set the explicit base URL.
    var baseURLNames: String { "\(baseURLFlag) / \(baseURL.name)" }
}
