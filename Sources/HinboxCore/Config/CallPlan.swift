/// How many model calls an article's work is spread over.
///
/// Real models keep the ``standard`` plan: one extraction call per entity type (each with a
/// prompt focused on that type); an article's new entities' profiles written up to
/// ``realModelProfilesPerCall`` to a call, sending the article once, and each update of a known
/// entity in a call of its own (so entities' version chains stay independent); each call with a
/// repair round; an entity the batch reply leaves out is written alone. The
/// embedded demo model gets ``compact``: it is ~40 tokens/s on a 2-core CPU and cannot repair
/// its replies, so one call extracts every type, one call writes the profiles of up to
/// ``profilesPerCall`` entities of an article, and no repair round is spent (measured in README,
/// "Set-up times": 131 calls and 24 minutes for the 10 sample articles before).
public struct CallPlan: Sendable, Hashable {
    /// One extraction call for all entity types instead of one per type.
    public var combinedExtraction: Bool
    /// Entities of one article whose profiles one call writes (1: a call per entity).
    public var profilesPerCall: Int
    /// Whether updates of known entities are batched too, not only new entities. A batch waits
    /// for the previous versions of all its entities, joining their chains: right for one model
    /// slot (the demo server has one), a bottleneck with many.
    public var batchesUpdates: Bool
    /// Whether a reply that breaks its schema, or a poor extraction, gets a repair call.
    public var repairs: Bool
    /// Consecutive articles of the input (by position in the whole folder) whose updates of one
    /// known entity are folded into one profile call and one version (`profile_batch`); 1: a
    /// version per article. New entities are written at once whatever the block.
    public var profileBlock: Int

    public init(
        combinedExtraction: Bool = false, profilesPerCall: Int = 1, batchesUpdates: Bool = false, repairs: Bool = true,
        profileBlock: Int = 1
    ) {
        self.combinedExtraction = combinedExtraction
        self.profilesPerCall = max(1, profilesPerCall)
        self.batchesUpdates = batchesUpdates
        self.repairs = repairs
        self.profileBlock = max(1, profileBlock)
    }

    /// Profiles one call writes for a real model: the reply is bounded at this many times
    /// `max_tokens` (4 × 1,024 by default), well inside every mainstream model's output limit
    /// (8k–16k). Measured on GUM (BENCHMARKS.md, "Model calls and tokens per article").
    public static let realModelProfilesPerCall = 4

    /// Articles per block of folded profile updates for real models (BENCHMARKS.md, "Folded
    /// profile updates").
    public static let realModelProfileBlock = 8

    /// A call per type, new entities' profiles four to a call, an entity's updates folded per
    /// block of ``realModelProfileBlock`` articles, repairs on.
    public static let standard = CallPlan(profilesPerCall: realModelProfilesPerCall, profileBlock: realModelProfileBlock)

    /// For small local models: one extraction call, profiles 8 at a time, no repairs.
    public static let compact = CallPlan(combinedExtraction: true, profilesPerCall: 8, batchesUpdates: true, repairs: false)
}
