/// What a model costs, in US dollars per million tokens (from `prices:` in config/hinbox.yaml).
public struct ModelPrice: Sendable, Hashable, Codable {
    public var prompt: Double
    public var completion: Double

    public init(prompt: Double, completion: Double = 0) {
        self.prompt = prompt
        self.completion = completion
    }

    enum CodingKeys: String, CodingKey { case prompt, completion }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        prompt = try container.decodeIfPresent(Double.self, forKey: .prompt) ?? 0
        completion = try container.decodeIfPresent(Double.self, forKey: .completion) ?? 0
    }

    /// The cost of `usage`, split into prompt and completion.
    public func cost(of usage: TokenUsage) -> (prompt: Double, completion: Double, total: Double) {
        let promptCost = Double(usage.prompt) * prompt / 1_000_000
        let completionCost = Double(usage.completion) * completion / 1_000_000
        return (promptCost, completionCost, promptCost + completionCost)
    }
}
