/// A profile as the LLM wrote it: Markdown text with `^[article_id]` citations.
public struct Profile: Sendable, Hashable, Codable {
    public var text: String
    public var tags: [String]
    /// The model's confidence in the profile, 0…1.
    public var confidence: Double
    /// Article ids the profile cites, in first-seen order.
    public var sources: [String]
    /// The grounding check's verdicts on the cited sentences; nil when grounding is off.
    public var grounding: Grounding?

    public init(text: String, tags: [String] = [], confidence: Double = 0.5, sources: [String] = [], grounding: Grounding? = nil) {
        self.text = text
        self.tags = tags
        self.confidence = confidence
        self.sources = sources
        self.grounding = grounding
    }
}
