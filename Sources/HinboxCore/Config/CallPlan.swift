/// How many model calls an article's work is spread over.
///
/// Real models keep the ``standard`` plan: one extraction call per entity type (each with a
/// prompt focused on that type), and the profiles of an article written up to
/// ``realModelProfilesPerCall`` to a call, sending the article once, each call with a repair
/// round; an entity the batch reply leaves out is written alone. The
/// embedded demo model gets ``compact``: it is ~40 tokens/s on a 2-core CPU and cannot repair
/// its replies, so one call extracts every type, one call writes the profiles of up to
/// ``profilesPerCall`` entities of an article, and no repair round is spent (measured in README,
/// "Set-up times": 131 calls and 24 minutes for the 10 sample articles before).
public struct CallPlan: Sendable, Hashable {
    /// One extraction call for all entity types instead of one per type.
    public var combinedExtraction: Bool
    /// Entities of one article whose profiles one call writes (1: a call per entity).
    public var profilesPerCall: Int
    /// Whether a reply that breaks its schema, or a poor extraction, gets a repair call.
    public var repairs: Bool

    public init(combinedExtraction: Bool = false, profilesPerCall: Int = 1, repairs: Bool = true) {
        self.combinedExtraction = combinedExtraction
        self.profilesPerCall = max(1, profilesPerCall)
        self.repairs = repairs
    }

    /// Profiles one call writes for a real model: the reply is bounded at this many times
    /// `max_tokens` (4 × 1,024 by default), well inside every mainstream model's output limit
    /// (8k–16k). Measured on GUM (BENCHMARKS.md, "Model calls and tokens per article").
    public static let realModelProfilesPerCall = 4

    /// A call per type, profiles four to a call, repairs on.
    public static let standard = CallPlan(profilesPerCall: realModelProfilesPerCall)

    /// For small local models: one extraction call, profiles 8 at a time, no repairs.
    public static let compact = CallPlan(combinedExtraction: true, profilesPerCall: 8, repairs: false)
}
