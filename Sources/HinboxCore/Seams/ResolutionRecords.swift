public import Foundation

/// An entity's evidence vector: the embedding of its name, type and mention contexts.
///
/// Vectors are compared only when `model` and `dimension` match; a model change is detected by
/// the resolver and never compared across models.
public struct EntityEmbedding: Sendable, Hashable, Codable {
    public var entityID: String
    /// `provider/model` of the embedder.
    public var model: String
    public var dimension: Int
    /// L2-normalised.
    public var vector: [Float]
    /// The text that was embedded.
    public var evidence: String

    public init(entityID: String, model: String, vector: [Float], evidence: String) {
        self.entityID = entityID
        self.model = model
        self.dimension = vector.count
        self.vector = vector
        self.evidence = evidence
    }
}

/// One candidate resolution considered, with its scores.
public struct ResolutionCandidate: Sendable, Hashable, Codable {
    public var entityID: String
    public var name: String
    /// Cosine similarity of the evidence vectors (nil when not comparable).
    public var cosine: Double?
    /// Name similarity 0…1 (1 for exact name/alias/equivalence-group matches).
    public var lexical: Double
    /// Why it is a candidate: `exact`, `alias`, `equivalence`, `acronym`, `surname`, `lexical`, `vector`.
    public var via: String

    public init(entityID: String, name: String, cosine: Double?, lexical: Double, via: String) {
        self.entityID = entityID
        self.name = name
        self.cosine = cosine
        self.lexical = lexical
        self.via = via
    }
}

/// The LLM match check's verdict.
public struct MatchCheckResult: Sendable, Hashable, Codable {
    public var isMatch: Bool
    public var confidence: Double
    public var reason: String

    public init(isMatch: Bool, confidence: Double, reason: String) {
        self.isMatch = isMatch
        self.confidence = confidence
        self.reason = reason
    }
}

/// A recorded resolution decision, so it can be inspected (and corrected) later.
public struct ResolutionRecord: Sendable, Hashable, Codable {
    public var runID: String
    public var articleID: String
    public var entityType: EntityType
    /// The name as extracted from the article.
    public var incomingName: String
    /// `create` or `merge`.
    public var action: String
    /// The entity created or merged into.
    public var entityID: String
    public var reason: String
    public var threshold: Double
    public var candidates: [ResolutionCandidate]
    public var matchCheck: MatchCheckResult?
    public var createdAt: Date

    public init(
        runID: String, articleID: String, entityType: EntityType, incomingName: String, action: String, entityID: String,
        reason: String, threshold: Double, candidates: [ResolutionCandidate], matchCheck: MatchCheckResult?, createdAt: Date
    ) {
        self.runID = runID
        self.articleID = articleID
        self.entityType = entityType
        self.incomingName = incomingName
        self.action = action
        self.entityID = entityID
        self.reason = reason
        self.threshold = threshold
        self.candidates = candidates
        self.matchCheck = matchCheck
        self.createdAt = createdAt
    }
}
