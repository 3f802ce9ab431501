import Foundation
import HinboxCore
import HinboxLLM
import HinboxOTLP
import HinboxPostgres
import HinboxStore

// The individual checks of ``Doctor``.
extension Doctor {
    typealias Add = (DoctorCheck) -> Void

    // MARK: - Configuration

    /// The config directory and `config/hinbox.yaml`; `nil` when the configuration cannot be resolved.
    func checkConfiguration(_ add: Add) -> AppConfiguration? {
        do {
            _ = try ConfigLocator.projectRoot(explicit: AppConfiguration.explicitProjectRoot(overrides, environment))
        } catch {
            add(.fail("config", "\(error)",
                      fix: "run hinbox from its checkout, or pass --config-dir DIR (or set HINBOX_HOME) to the directory holding config/ and prompts/"))
            return nil
        }
        do {
            let configuration = try AppConfiguration(overrides: overrides, environment: environment)
            add(.pass("config", "\(configuration.configDirectory) (model \(configuration.model), "
                + "embeddings \(configuration.embeddingModel), domain \(configuration.domainName))"))
            return configuration
        } catch {
            add(.fail("config", "\(error)", fix: "correct config/hinbox.yaml (its comments describe every setting)"))
            return nil
        }
    }

    /// The domain and the prompt templates.
    func checkDomainAndPrompts(_ configuration: AppConfiguration, _ add: Add) {
        let domain: DomainConfig
        do {
            domain = try DomainConfig.load(name: configuration.domainName, configDirectory: configuration.configDirectory)
            add(.pass("domain", "\(domain.name) (\(domain.entityTypes.map(\.rawValue).joined(separator: ", ")))"))
        } catch {
            add(.fail("domain", "\(error)", fix: "pick a folder under \(configuration.configDirectory)/domains with --domain or HINBOX_DOMAIN"))
            add(.fail("prompts", "not checked: the domain did not load"))
            return
        }
        do {
            let prompts = try PromptLibrary.load(promptsDirectory: configuration.promptsDirectory, domain: domain.name)
            let missing = configuration.grounding ? ["grounding", "profile_revise"].filter { !prompts.contains($0) } : []
            if missing.isEmpty {
                add(.pass("prompts", "extract, profile_create, profile_update, profile_fold, match_check\(configuration.grounding ? ", grounding, profile_revise" : "") loaded from \(configuration.promptsDirectory)"))
            } else {
                add(.fail("prompts", "grounding is on but \(missing.map { "\($0).md" }.joined(separator: " and ")) is missing from \(configuration.promptsDirectory)",
                          fix: "copy it from hinbox's prompts/ folder, or set `grounding: false` in hinbox.yaml"))
            }
        } catch {
            add(.fail("prompts", "\(error)", fix: "restore the missing template from the hinbox checkout (git checkout -- prompts/)"))
        }
    }

    // MARK: - Models

    func checkModels(_ configuration: AppConfiguration, context: Context, _ add: Add) async {
        let router = ModelRouter(environment: configuration.environment, baseURL: configuration.baseURL)
        func route(_ label: String, _ model: String) -> ProviderRoute? {
            do {
                let route = try router.route(model)
                add(.pass(label, "\(model) → \(route.baseURL) (\(keyNote(route)))"))
                return route
            } catch {
                add(.fail(label, "\(error)"))
                return nil
            }
        }
        let chatRoute = route("chat model", configuration.model)
        let embeddingRoute = route("embedding model", configuration.embeddingModel)

        var embeddedDown = false
        if LocalModelServer.isNeeded(by: configuration) {
            let local = [chatRoute, embeddingRoute].compactMap { $0 }.first { $0.descriptor.provider == "local" }
            let port = local.flatMap { URLComponents(string: $0.baseURL)?.port } ?? 8080
            let check = await embeddedServer(configuration, port: port)
            add(check)
            embeddedDown = !check.passed
        }
        func skipped(_ route: ProviderRoute?) -> String? {
            guard let route else { return "not checked: the model string does not route (see above)" }
            if embeddedDown && route.descriptor.provider == "local" {
                return "not checked: the embedded model server is not running (see above)"
            }
            return nil
        }

        if let reason = skipped(chatRoute) {
            add(.fail("chat", reason))
        } else if let chatRoute {
            add(await chat(chatRoute, configuration: configuration, context: context))
        }
        if let reason = skipped(embeddingRoute) {
            add(.fail("embeddings", reason))
        } else if let embeddingRoute {
            add(await embeddings(embeddingRoute, configuration: configuration, context: context))
        }
    }

    /// Where the key comes from, never the key itself.
    func keyNote(_ route: ProviderRoute) -> String {
        if route.apiKeyIsSecret { return "key from \(route.apiKeyVariable ?? "the environment")" }
        return "no key needed"
    }

    /// Whether `scripts/local-models.sh` reports the embedded server installed and running.
    func embeddedServer(_ configuration: AppConfiguration, port: Int) async -> DoctorCheck {
        let script = "\(configuration.projectRoot)/scripts/local-models.sh"
        let command = shown(script, root: configuration.projectRoot)
        let start = "\(command) start --port \(port)"
        guard FileManager.default.isReadableFile(atPath: script) else {
            return .fail("embedded server", "\(script) is missing",
                         fix: "use a full hinbox checkout, or choose another model (--model openai/gpt-4o-mini, --base-url URL)")
        }
        let serverPort = LocalModelServer(configuration: configuration).port
        if serverPort != port {
            return .fail("embedded server", "HINBOX_LOCAL_PORT is \(serverPort) but local/ models are called on port \(port)",
                         fix: "also set HINBOX_LOCAL_URL=http://127.0.0.1:\(serverPort)/v1, or unset HINBOX_LOCAL_PORT")
        }
        let path = await runScript(script, ["path"], configuration.environment)
        let server = path.flatMap { result in
            result.status == 0
                ? result.output.split(separator: "\n").first { $0.hasPrefix("server=") }.map { String($0.dropFirst("server=".count)) }
                : nil
        }
        let installed = server.map { FileManager.default.isExecutableFile(atPath: $0) } ?? false
        let running = await runScript(script, ["status", "--port", String(port)], configuration.environment)?.status == 0
        switch (installed, running) {
        case (_, true):
            return .pass("embedded server", "running on 127.0.0.1:\(port) (llama-server: smollm2-135m-instruct + all-minilm-l6-v2)")
        case (true, false):
            return .fail("embedded server", "installed, not running on 127.0.0.1:\(port) (doctor does not start it)",
                         fix: "\(start) (hinbox process also starts it by itself)")
        case (false, false):
            return .fail("embedded server", "not installed",
                         fix: "\(command) install (once, about 10 minutes), then \(start); or choose another model, e.g. --model openai/gpt-4o-mini")
        }
    }

    /// `scripts/local-models.sh` when run from the checkout, else the full path.
    func shown(_ script: String, root: String) -> String {
        let cwd = URL(fileURLWithPath: currentDirectory).standardizedFileURL.path
        let checkout = URL(fileURLWithPath: root).standardizedFileURL.path
        return cwd == checkout ? "scripts/local-models.sh" : script
    }

    func client(_ route: ProviderRoute, configuration: AppConfiguration, context: Context) -> OpenAICompatibleClient {
        // One attempt, at most a minute: the doctor reports how the server answers now.
        let timeout = min(configuration.settings.requestTimeoutSeconds, 60)
        return OpenAICompatibleClient(
            route: route, transport: context.transport, limiter: ConcurrencyLimiter(limit: 1), retryPolicy: .none,
            requestTimeout: .milliseconds(Int64(timeout * 1000)),
            prices: configuration.settings.prices, logger: logger)
    }

    /// The chat check's schema: hinbox's match-check reply, with every string bounded so that
    /// small local models finish it.
    static let probeSchema = ResponseSchema(
        name: "match_check",
        schema: [
            "type": "object",
            "properties": [
                "is_match": ["type": "boolean"],
                "confidence": ["type": "number"],
                "reason": ["type": "string", "maxLength": 120],
            ],
            "required": ["is_match", "confidence", "reason"],
        ])

    /// The chat check's request: a tiny match check, answered as JSON under `probeSchema`.
    static let probeRequest = ChatRequest(
        messages: [
            ChatMessage(.system, """
                You decide whether two names refer to the same person. Reply with a single JSON object:                 {"is_match": true or false, "confidence": 0.0 to 1.0, "reason": "one short sentence"}.
                """),
            ChatMessage(.user, "New entity: Ada Lovelace\nExisting entity: Augusta Ada King, Countess of Lovelace"),
        ],
        schema: probeSchema, temperature: 0, maxTokens: 128)

    /// One small json_schema request: the reply must parse and follow the schema.
    func chat(_ route: ProviderRoute, configuration: AppConfiguration, context: Context) async -> DoctorCheck {
        let client = client(route, configuration: configuration, context: context)
        let request = Self.probeRequest
        let schema = request.schema ?? Self.probeSchema
        let structuredFix = "use a model and server with structured output (response_format json_schema): "
            + "llama-server, Ollama 0.5+, vLLM, OpenAI, OpenRouter or Gemini"
        let started = ContinuousClock.now
        do {
            let response = try await client.complete(request)
            let seconds = Self.seconds(ContinuousClock.now - started)
            guard let value = StructuredChat.parseJSON(response.content) else {
                let cut = response.finishReason == "length" ? " (cut off at max_tokens)" : ""
                return .fail("chat", "\(route.descriptor) answered, but not with JSON\(cut)", fix: structuredFix)
            }
            let problems = JSONSchemaValidator.violations(of: value, against: schema.schema)
            guard problems.isEmpty else {
                return .fail("chat", "\(route.descriptor)'s JSON breaks the \(schema.name) schema: "
                    + problems.prefix(2).joined(separator: "; "), fix: structuredFix)
            }
            var detail = "\(route.descriptor) answered a json_schema request (\(schema.name)) with valid JSON in \(seconds)"
            if client.usesJSONObjectFallback { detail += "; the server rejected json_schema, json_object works" }
            if route.descriptor.model == "smollm2-135m-instruct" {
                detail += " (demo model: fine for trying hinbox, not for research)"
            }
            return .pass("chat", detail)
        } catch {
            return .fail("chat", "\(error)", fix: unreachableFix(error, route: route, configuration: configuration))
        }
    }

    /// One embedding: one vector back, and its dimension.
    func embeddings(_ route: ProviderRoute, configuration: AppConfiguration, context: Context) async -> DoctorCheck {
        let client = client(route, configuration: configuration, context: context)
        do {
            let vectors = try await client.embed(["hinbox doctor: is the embedding model reachable?"])
            guard vectors.count == 1, let dimension = vectors.first?.count, dimension > 0 else {
                return .fail("embeddings", "\(route.descriptor) returned \(vectors.count) vectors for 1 text",
                             fix: "check that \(route.descriptor.model) is an embedding model")
            }
            return .pass("embeddings", "\(route.descriptor) returned 1 vector of \(dimension) dimensions")
        } catch {
            return .fail("embeddings", "\(error)", fix: unreachableFix(error, route: route, configuration: configuration))
        }
    }

    /// For an unreachable `local/` server on this machine: the command that starts the embedded one.
    func unreachableFix(_ error: any Error, route: ProviderRoute, configuration: AppConfiguration) -> String? {
        guard let error = error as? LLMError, error.isUnreachable, route.descriptor.provider == "local",
            let url = URLComponents(string: route.baseURL), ["127.0.0.1", "localhost"].contains(url.host ?? "")
        else { return nil }
        let command = shown("\(configuration.projectRoot)/scripts/local-models.sh", root: configuration.projectRoot)
        return "start the embedded server with \(command) start --port \(url.port ?? 8080), or point HINBOX_LOCAL_URL at yours"
    }

    static func seconds(_ duration: Duration) -> String {
        let (whole, atto) = duration.components
        return String(format: "%.1f s", Double(whole) + Double(atto) / 1e18)
    }

    // MARK: - Database

    func checkDatabase(_ configuration: AppConfiguration?, _ add: Add) async {
        let path = configuration?.databasePath ?? AppConfiguration.databasePath(overrides, environment)
        if PostgresLocation.isURL(path) {
            await checkPostgres(path, add)
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            add(.pass("database", "\(path) not created yet (hinbox process creates it)"))
            return
        }
        guard !isDirectory.boolValue else {
            add(.fail("database", "\(path) is a directory", fix: "pass a database file path with --db (or HINBOX_DB)"))
            return
        }
        do {
            let store = try SQLiteStore.open(path: path)
            let integrity = try store.integrityCheck()
            guard integrity == ["ok"] else {
                add(.fail("database", "\(path): PRAGMA integrity_check reported \(integrity.prefix(3).joined(separator: "; "))",
                          fix: "restore a backup, or start a new database with --db NEW.sqlite"))
                return
            }
            let counts = try store.counts()
            add(.pass("database", "\(path): schema current, integrity ok, \(counts.entities) entities "
                + "(\(counts.versions) profile versions), \(counts.mentions) mentions, \(counts.articles) articles"))
        } catch {
            add(.fail("database", "\(error)"))
        }
    }

    // MARK: - Phoenix

    func checkPhoenix(_ configuration: AppConfiguration?, context: Context, _ add: Add) async {
        let tracing = configuration?.tracing
            ?? TracingSettings(environment: environment, project: overrides.project, disabled: overrides.noTrace)
        guard tracing.enabled else {
            add(.pass("phoenix", "tracing is off (HINBOX_NO_TRACE or OTEL_SDK_DISABLED), not checked"))
            return
        }
        let endpoint = tracing.endpoint
        let fix = "start Phoenix (scripts/phoenix.sh start) or point PHOENIX_COLLECTOR_ENDPOINT at it; "
            + "until then runs still work and spool their spans for `hinbox traces push`"
        do {
            let status = try await context.get("\(endpoint)/readyz", [])
            guard status == 200 else {
                add(.fail("phoenix", "\(endpoint)/readyz answered HTTP \(status)", fix: fix))
                return
            }
        } catch {
            add(.fail("phoenix", "cannot reach \(endpoint) (\(Self.describe(error)))", fix: fix))
            return
        }
        var detail = "\(endpoint) is ready (project \(tracing.project))"
        if let key = environment["PHOENIX_API_KEY"], !key.isEmpty {
            do {
                let status = try await context.get("\(endpoint)/v1/projects", tracing.headers)
                if status == 401 || status == 403 {
                    add(.fail("phoenix", "\(endpoint) rejected PHOENIX_API_KEY (HTTP \(status))",
                              fix: "set PHOENIX_API_KEY to a valid system or user key from Phoenix's settings"))
                    return
                }
                detail += ", PHOENIX_API_KEY accepted"
            } catch {
                add(.fail("phoenix", "\(endpoint)/v1/projects failed (\(Self.describe(error)))", fix: fix))
                return
            }
        }
        if let configuration {
            let spool = TracingSetup.configuration(tracing, cacheDirectory: configuration.cacheDirectory).spoolDirectory
            let pending = OTLPSpool.pendingFiles(in: spool).count
            if pending > 0 { detail += "; \(pending) undelivered span batches are spooled: run hinbox traces push" }
        }
        add(.pass("phoenix", detail))
    }

    /// A short, header-free description of a network error.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        let lower = text.lowercased()
        if lower.contains("refused") { return "connection refused" }
        if lower.contains("connecttimeout") || lower.contains("connect timeout") { return "connect timeout" }
        if lower.contains("deadline") || lower.contains("timeout") { return "timed out" }
        return String(text.prefix(120))
    }
}
