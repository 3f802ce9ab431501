import HinboxApp
import HinboxCore
import HinboxLLM
import Testing

@Suite("ModelRouter")
struct ModelRouterTests {
    @Test(
        "Routes each provider prefix to its default base URL and key",
        arguments: [
            ("openai/gpt-4o-mini", "openai", "gpt-4o-mini", "https://api.openai.com/v1", "k-openai"),
            ("openrouter/anthropic/claude-3.5-haiku", "openrouter", "anthropic/claude-3.5-haiku", "https://openrouter.ai/api/v1", "k-router"),
            ("gemini/gemini-2.0-flash", "gemini", "gemini-2.0-flash", "https://generativelanguage.googleapis.com/v1beta/openai", "k-gemini"),
            ("ollama/qwen2.5:7b", "ollama", "qwen2.5:7b", "http://localhost:11434/v1", "ollama"),
            ("local/smollm2-135m-instruct", "local", "smollm2-135m-instruct", "http://127.0.0.1:8080/v1", "local"),
            ("local/all-minilm-l6-v2", "local", "all-minilm-l6-v2", "http://127.0.0.1:8080/v1", "local"),
        ])
    func defaults(model: String, provider: String, name: String, baseURL: String, key: String) throws {
        let environment = ["OPENAI_API_KEY": "k-openai", "OPENROUTER_API_KEY": "k-router", "GEMINI_API_KEY": "k-gemini"]
        let route = try ModelRouter(environment: environment).route(model)
        #expect(route.descriptor == ModelDescriptor(provider: provider, model: name))
        #expect(route.baseURL == baseURL)
        #expect(route.apiKey == key)
    }

    @Test("Gemini falls back to GOOGLE_API_KEY and traces as google")
    func geminiFallbackKey() throws {
        let route = try ModelRouter(environment: ["GOOGLE_API_KEY": "g"]).route("gemini/gemini-2.5-flash")
        #expect(route.apiKey == "g")
        #expect(route.apiKeyVariable == "GOOGLE_API_KEY")
        #expect(route.tracingProvider == "google")
    }

    @Test("Environment variables override the default base URLs")
    func environmentOverrides() throws {
        let router = ModelRouter(environment: [
            "OPENAI_BASE_URL": "http://proxy:9000/v1/", "OPENAI_API_KEY": "k",
            "OLLAMA_API_URL": "http://gpu-box:11434", "HINBOX_LOCAL_URL": "http://127.0.0.1:9999/v1",
        ])
        #expect(try router.route("openai/gpt-4o").baseURL == "http://proxy:9000/v1")
        #expect(try router.route("ollama/llama3").baseURL == "http://gpu-box:11434/v1")
        #expect(try router.route("local/smollm2-135m-instruct").baseURL == "http://127.0.0.1:9999/v1")
    }

    @Test("An explicit base URL wins for any prefix, and makes unknown prefixes custom")
    func explicitBaseURL() throws {
        let router = ModelRouter(environment: ["HINBOX_API_KEY": "hk"], baseURL: "http://vllm:8000/v1")
        let known = try router.route("openai/gpt-4o-mini")
        #expect(known.baseURL == "http://vllm:8000/v1")
        #expect(known.descriptor.model == "gpt-4o-mini")
        #expect(known.apiKey == "hk")
        let custom = try router.route("meta-llama/Llama-3.1-8B-Instruct")
        #expect(custom.descriptor == ModelDescriptor(provider: "custom", model: "meta-llama/Llama-3.1-8B-Instruct"))
        #expect(custom.apiKey == "hk")
        let bare = try ModelRouter(environment: ["HINBOX_BASE_URL": "http://lmstudio:1234/v1"]).route("qwen2.5-7b")
        #expect(bare.descriptor.provider == "custom")
        #expect(bare.baseURL == "http://lmstudio:1234/v1")
        #expect(bare.apiKey == "none")
    }

    @Test("An unknown prefix without a base URL lists the prefixes and says how to set one")
    func unknownPrefix() {
        let error = #expect(throws: LLMError.self) { try ModelRouter(environment: [:]).route("anthropic/claude-3-haiku") }
        let text = error?.description ?? ""
        for prefix in ModelRouter.knownPrefixes { #expect(text.contains("\(prefix)/")) }
        #expect(text.contains("--base-url"))
        #expect(text.contains("HINBOX_BASE_URL"))
        #expect(error?.isConfigurationError == true)
    }

    @Test("A cloud provider without its key names the variable", arguments: [
        ("openai/gpt-4o-mini", "OPENAI_API_KEY"),
        ("openrouter/openai/gpt-4o-mini", "OPENROUTER_API_KEY"),
        ("gemini/gemini-2.0-flash", "GEMINI_API_KEY"),
    ])
    func missingKey(model: String, variable: String) {
        let error = #expect(throws: LLMError.self) { try ModelRouter(environment: ["OPENAI_API_KEY": "  "]).route(model) }
        #expect(error?.description.contains(variable) == true)
    }

    @Test("Empty model names and bad base URLs are rejected")
    func invalidInput() {
        #expect(throws: LLMError.self) { try ModelRouter(environment: [:]).route("local/") }
        #expect(throws: LLMError.self) { try ModelRouter(environment: [:]).route("  ") }
        #expect(throws: LLMError.self) { try ModelRouter(environment: [:], baseURL: "localhost:8080").route("x") }
    }

    @Test("A route never prints its key")
    func routeHidesKey() throws {
        let route = try ModelRouter(environment: ["OPENAI_API_KEY": "sk-test-PLANTED-123"]).route("openai/gpt-4o-mini")
        var dumped = ""
        dump(route, to: &dumped)
        for text in [route.description, route.debugDescription, "\(route)", String(reflecting: route), dumped] {
            #expect(!text.contains("PLANTED"))
        }
    }
}
