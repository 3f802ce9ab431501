import ArgumentParser
import HinboxApp

/// Which domain and models a command uses, and where the model server is.
struct ModelOptions: ParsableArguments {
    @Option(help: "Domain under config/domains/ (env HINBOX_DOMAIN; default from config/hinbox.yaml: news).")
    var domain: String?

    @Option(help: ArgumentHelp(
        "Chat model as provider/model: openai/…, openrouter/…, gemini/…, ollama/…, local/… (env HINBOX_MODEL).",
        valueName: "model"))
    var model: String?

    @Option(name: .customLong("embedding-model"), help: "Embedding model, same form as --model (env HINBOX_EMBEDDING_MODEL).")
    var embeddingModel: String?

    @Option(name: .customLong("base-url"), help: "OpenAI-compatible base URL for any other server, e.g. http://localhost:8000/v1 (env HINBOX_BASE_URL).")
    var baseURL: String?

    /// Sets the overrides these options give on `overrides`.
    func apply(to overrides: inout AppConfiguration.Overrides) {
        overrides.domain = domain
        overrides.model = model
        overrides.embeddingModel = embeddingModel
        overrides.baseURL = baseURL
    }
}
