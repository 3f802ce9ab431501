import Foundation
public import HinboxLLM

/// The environment variables the model router's keys and base URLs come from; HinboxLLM gets
/// the values (``ModelAccess``) and never reads the environment itself.
///
/// | prefix | base URL override | key |
/// |---|---|---|
/// | `openai/` | `OPENAI_BASE_URL` | `OPENAI_API_KEY` |
/// | `openrouter/` | – | `OPENROUTER_API_KEY` |
/// | `gemini/` | – | `GEMINI_API_KEY`, else `GOOGLE_API_KEY` |
/// | `ollama/` | `OLLAMA_API_URL` | – (`ollama`) |
/// | `local/` | `HINBOX_LOCAL_URL` | – (`local`) |
///
/// An explicit base URL (`--base-url` / `HINBOX_BASE_URL`) wins for every prefix; the key is then
/// the provider's variable if set, else `HINBOX_API_KEY`.
extension ModelAccess {
    /// Reads the keys and base URLs from `environment`; `baseURL` is `--base-url` (a blank one
    /// falls back to `HINBOX_BASE_URL`).
    public init(environment: [String: String], baseURL: String? = nil) {
        func setting(_ name: String) -> Setting { Setting(name, environment[name]) }
        let flag = baseURL.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        self.init(
            baseURLFlag: "--base-url",
            baseURL: Setting("HINBOX_BASE_URL", flag ?? environment["HINBOX_BASE_URL"]),
            apiKey: setting("HINBOX_API_KEY"),
            providers: [
                "openai": Provider(keys: [setting("OPENAI_API_KEY")], baseURL: setting("OPENAI_BASE_URL")),
                "openrouter": Provider(keys: [setting("OPENROUTER_API_KEY")]),
                "gemini": Provider(keys: [setting("GEMINI_API_KEY"), setting("GOOGLE_API_KEY")]),
                "ollama": Provider(baseURL: setting("OLLAMA_API_URL")),
                "local": Provider(baseURL: setting("HINBOX_LOCAL_URL")),
            ])
    }
}

extension ModelRouter {
    /// A router over the keys and base URLs in `environment` (see ``ModelAccess/init(environment:baseURL:)``).
    public init(environment: [String: String], baseURL: String? = nil) {
        self.init(access: ModelAccess(environment: environment, baseURL: baseURL))
    }
}

extension AppConfiguration {
    /// The keys and base URLs model routes are read from: ``environment`` and ``baseURL``, with
    /// `HINBOX_LOCAL_URL` following a moved `HINBOX_LOCAL_PORT`.
    public var modelAccess: ModelAccess {
        ModelAccess(environment: modelEnvironment, baseURL: baseURL)
    }
}
