public import Foundation
public import HinboxCore

/// Everything a command needs to know, resolved once from flags, environment and
/// `config/hinbox.yaml` (in that order of precedence).
public struct AppConfiguration: Sendable {
    /// What the command line said; nil means "not given".
    public struct Overrides: Sendable {
        public var configDirectory: String?
        public var database: String?
        public var model: String?
        public var embeddingModel: String?
        public var baseURL: String?
        public var domain: String?
        public var concurrency: Int?
        public var llmConcurrency: Int?
        public var project: String?
        public var noTrace = false
        /// `--no-cache`: every model request goes to the server.
        public var noCache = false

        public init() {}
    }

    public var projectRoot: String
    public var settings: HinboxSettings
    public var environment: [String: String]
    /// `--db` as given: a SQLite file path or a PostgreSQL URL (which may hold a password: print
    /// ``database`` instead).
    public var databasePath: String
    /// Where the knowledge base is (``databasePath`` parsed).
    public var database: StoreLocation
    public var model: String
    public var embeddingModel: String
    public var baseURL: String?
    public var domainName: String
    public var concurrency: Int
    /// `--llm-concurrency`, `HINBOX_LLM_CONCURRENCY` or `llm_concurrency`, before the embedded
    /// server's cap (see ``llmConcurrency``).
    public var requestedLLMConcurrency: Int
    public var tracing: TracingSettings
    /// Whether model replies are kept in and read from the reply cache (`--no-cache`, `HINBOX_NO_CACHE`).
    public var usesReplyCache: Bool
    /// The embedded model server's port (`HINBOX_LOCAL_PORT`, default 8080).
    public var localPort: Int
    /// `HINBOX_LOCAL_URL`: a `local/` model server of the user's own, which hinbox never starts.
    public var localURL: String?
    /// `HINBOX_MAX_ATTEMPTS`: tries per model request, transport retries included (default: the retry policy's).
    public var maxAttempts: Int?

    /// Resolves the configuration; throws ``ConfigError`` with what to fix.
    public init(overrides: Overrides, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.environment = environment
        projectRoot = try ConfigLocator.projectRoot(explicit: Self.explicitProjectRoot(overrides, environment))
        settings = try HinboxSettings.load(configDirectory: "\(projectRoot)/config")
        databasePath = Self.databasePath(overrides, environment)
        database = try StoreLocation(databasePath)
        model = overrides.model ?? environment["HINBOX_MODEL"] ?? settings.model
        embeddingModel = overrides.embeddingModel ?? environment["HINBOX_EMBEDDING_MODEL"] ?? settings.embeddingModel
        baseURL = overrides.baseURL ?? environment["HINBOX_BASE_URL"]
        domainName = overrides.domain ?? environment["HINBOX_DOMAIN"] ?? settings.domain
        concurrency = max(1, overrides.concurrency ?? settings.concurrency)
        requestedLLMConcurrency = max(1, try overrides.llmConcurrency ?? Self.positiveInteger(environment, "HINBOX_LLM_CONCURRENCY") ?? settings.llmConcurrency)
        tracing = TracingSettings(environment: environment, project: overrides.project, disabled: overrides.noTrace)
        usesReplyCache = !overrides.noCache && environment["HINBOX_NO_CACHE"] == nil
        localPort = environment["HINBOX_LOCAL_PORT"].flatMap(Int.init) ?? 8080
        localURL = environment["HINBOX_LOCAL_URL"]
        maxAttempts = environment["HINBOX_MAX_ATTEMPTS"].flatMap(Int.init).map { max(1, $0) }
    }

    /// `--config-dir` or `HINBOX_HOME`; nil: look for the checkout (``ConfigLocator``).
    public static func explicitProjectRoot(_ overrides: Overrides, _ environment: [String: String]) -> String? {
        overrides.configDirectory ?? environment["HINBOX_HOME"]
    }

    /// `--db`, `HINBOX_DATABASE_URL`, `HINBOX_DB` or `./hinbox.sqlite` (also for the doctor when the
    /// rest does not resolve).
    public static func databasePath(_ overrides: Overrides, _ environment: [String: String]) -> String {
        overrides.database ?? environment["HINBOX_DATABASE_URL"] ?? environment["HINBOX_DB"] ?? "./hinbox.sqlite"
    }

    /// The environment model routes are read from: ``environment`` with `HINBOX_LOCAL_URL`
    /// following a moved `HINBOX_LOCAL_PORT`.
    public var modelEnvironment: [String: String] {
        var environment = environment
        if localURL == nil, let port = environment["HINBOX_LOCAL_PORT"] {
            environment["HINBOX_LOCAL_URL"] = "http://127.0.0.1:\(port)/v1"
        }
        return environment
    }

    /// The reply cache (``ReplyCache``) under the cache directory, bounded by `reply_cache_mb`.
    public var replyCacheDirectory: String { "\(cacheDirectory)/replies" }

    public var configDirectory: String { "\(projectRoot)/config" }
    public var promptsDirectory: String { "\(projectRoot)/prompts" }

    /// The cache directory (`HINBOX_CACHE`, default `~/.cache/hinbox`).
    public var cacheDirectory: String {
        environment["HINBOX_CACHE"] ?? "\(environment["HOME"] ?? NSTemporaryDirectory())/.cache/hinbox"
    }

    /// Whether the chat model is the embedded demo model.
    public var usesEmbeddedChatModel: Bool { model.hasPrefix("local/") && baseURL == nil }

    /// Bounds on LLM replies: tight for the embedded demo model; `max_entities` overrides.
    public var outputLimits: OutputLimits {
        var limits = usesEmbeddedChatModel ? EmbeddedDefault.outputLimits : .standard
        if let maxEntities = settings.maxEntities { limits.entitiesPerCall = max(1, maxEntities) }
        return limits
    }

    /// How an article's work is spread over model calls: `call_plan` in hinbox.yaml, `auto`
    /// meaning compact for the embedded demo model (which cannot repair and is slow per call);
    /// `profile_batch` sets its block of folded profile updates.
    public var callPlan: CallPlan {
        var plan = basePlan
        if let block = settings.profileBatch { plan.profileBlock = block }
        return plan
    }

    private var basePlan: CallPlan {
        switch settings.callPlan {
        case "standard": .standard
        case "compact": .compact
        default: usesEmbeddedChatModel ? .compact : .standard
        }
    }

    /// Whether new profile versions are checked against their article: `grounding` in
    /// hinbox.yaml, else on unless the call plan is compact (the demo model cannot judge claims).
    public var grounding: Bool { settings.grounding ?? (basePlan != .compact) }

    /// The global limit on concurrent LLM and embedding requests: ``requestedLLMConcurrency``, but
    /// no more than the embedded server works on at once when its demo model is in use.
    public var llmConcurrency: Int {
        usesEmbeddedChatModel ? min(requestedLLMConcurrency, EmbeddedDefault.serverSlots) : requestedLLMConcurrency
    }

    /// `environment[name]` as a whole number of at least 1, nil when unset.
    private static func positiveInteger(_ environment: [String: String], _ name: String) throws -> Int? {
        guard let text = environment[name] else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 1 else {
            throw ConfigError("\(name)=\(text) is not a whole number of at least 1; set it to e.g. 8, or unset it to use config/hinbox.yaml")
        }
        return value
    }
}

/// Where traces go, from `PHOENIX_*`, `OTEL_*` and flags.
public struct TracingSettings: Sendable {
    public var enabled: Bool
    /// Phoenix base URL (traces go to `<endpoint>/v1/traces`).
    public var endpoint: String
    public var project: String
    /// Extra export headers (authorization); values are secrets and never printed.
    public var headers: [(String, String)]

    public init(environment: [String: String], project: String? = nil, disabled: Bool = false) {
        let sdkDisabled = environment["OTEL_SDK_DISABLED"]?.lowercased() == "true"
        enabled = !disabled && !sdkDisabled && environment["HINBOX_NO_TRACE"] == nil
        var endpoint = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? environment["OTEL_EXPORTER_OTLP_ENDPOINT"]
            ?? environment["PHOENIX_COLLECTOR_ENDPOINT"] ?? "http://127.0.0.1:6006"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        if endpoint.hasSuffix("/v1/traces") { endpoint.removeLast("/v1/traces".count) }
        self.endpoint = endpoint
        self.project = project ?? environment["PHOENIX_PROJECT_NAME"] ?? "hinbox"
        var headers: [(String, String)] = []
        if let key = environment["PHOENIX_API_KEY"], !key.isEmpty {
            headers.append(("authorization", "Bearer \(key)"))
            headers.append(("api_key", key))
        }
        for pair in (environment["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] ?? environment["OTEL_EXPORTER_OTLP_HEADERS"] ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { continue }
            headers.append((parts[0].lowercased(), parts[1].removingPercentEncoding ?? parts[1]))
        }
        self.headers = headers
    }

    /// Phoenix's link to a session.
    public func sessionURL(_ sessionID: String) -> String { "\(endpoint)/redirects/sessions/\(sessionID)" }
    /// Phoenix's link to a trace.
    public func traceURL(_ traceID: String) -> String { "\(endpoint)/redirects/traces/\(traceID)" }
}
