import Foundation
import Yams

/// Defaults from `config/hinbox.yaml`; environment variables and flags override them.
public struct HinboxSettings: Sendable, Hashable, Decodable {
    public var model: String = "local/smollm2-135m-instruct"
    public var embeddingModel: String = "local/all-minilm-l6-v2"
    public var domain: String = "news"
    /// Articles in flight.
    public var concurrency: Int = 4
    /// One global limit on concurrent LLM and embedding requests.
    public var llmConcurrency: Int = 8
    public var temperature: Double = 0
    public var maxTokens: Int = 1024
    /// Most entities of one type per extraction call; nil: the model's default (see `OutputLimits`).
    public var maxEntities: Int?
    public var requestTimeoutSeconds: Double = 120
    /// Ask the LLM about uncertain entity matches.
    public var matchCheck = true
    /// `standard`, `compact`, or nil for the model's default (``CallPlan``).
    public var callPlan: String?
    /// Check every new profile version against the article that wrote it (and revise it once when
    /// it says what the article does not); nil: on, except with the compact call plan, whose demo
    /// model cannot judge claims.
    public var grounding: Bool?
    /// Articles per block of folded profile updates (``CallPlan/profileBlock``); nil: the call
    /// plan's default.
    public var profileBatch: Int?
    /// The reply cache's size bound, in MB.
    public var replyCacheMB: Int = 1024
    /// USD per million tokens, keyed `provider/model`.
    public var prices: [String: ModelPrice] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case model, embeddingModel = "embedding_model", domain, concurrency, llmConcurrency = "llm_concurrency"
        case temperature, maxTokens = "max_tokens", maxEntities = "max_entities", requestTimeoutSeconds = "request_timeout_seconds", prices
        case matchCheck = "match_check", callPlan = "call_plan", grounding, profileBatch = "profile_batch", replyCacheMB = "reply_cache_mb"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = HinboxSettings()
        model = try container.decodeIfPresent(String.self, forKey: .model) ?? defaults.model
        embeddingModel = try container.decodeIfPresent(String.self, forKey: .embeddingModel) ?? defaults.embeddingModel
        domain = try container.decodeIfPresent(String.self, forKey: .domain) ?? defaults.domain
        concurrency = try container.decodeIfPresent(Int.self, forKey: .concurrency) ?? defaults.concurrency
        llmConcurrency = try container.decodeIfPresent(Int.self, forKey: .llmConcurrency) ?? defaults.llmConcurrency
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature) ?? defaults.temperature
        maxTokens = try container.decodeIfPresent(Int.self, forKey: .maxTokens) ?? defaults.maxTokens
        maxEntities = try container.decodeIfPresent(Int.self, forKey: .maxEntities)
        requestTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .requestTimeoutSeconds) ?? defaults.requestTimeoutSeconds
        prices = try container.decodeIfPresent([String: ModelPrice].self, forKey: .prices) ?? [:]
        matchCheck = try container.decodeIfPresent(Bool.self, forKey: .matchCheck) ?? defaults.matchCheck
        callPlan = try container.decodeIfPresent(String.self, forKey: .callPlan)
        grounding = try container.decodeIfPresent(Bool.self, forKey: .grounding)
        profileBatch = try container.decodeIfPresent(Int.self, forKey: .profileBatch)
        if let profileBatch, profileBatch < 1 {
            throw ConfigError("profile_batch must be 1 or more articles, not \(profileBatch)")
        }
        replyCacheMB = max(0, try container.decodeIfPresent(Int.self, forKey: .replyCacheMB) ?? defaults.replyCacheMB)
        if let callPlan, !["standard", "compact", "auto"].contains(callPlan) {
            throw ConfigError("call_plan must be standard, compact or auto, not '\(callPlan)'")
        }
    }

    /// Loads `hinbox.yaml` from a config directory; defaults when the file does not exist.
    public static func load(configDirectory: String) throws -> HinboxSettings {
        let path = "\(configDirectory)/hinbox.yaml"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return HinboxSettings() }
        do {
            return try YAMLDecoder().decode(HinboxSettings.self, from: text)
        } catch {
            throw ConfigError("cannot read \(path): \(error)")
        }
    }
}
