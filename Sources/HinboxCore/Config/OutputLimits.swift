/// Bounds on what one LLM reply may contain, written into the JSON schemas of the calls.
///
/// Servers that enforce the schema as a grammar (llama.cpp, vLLM) stop a looping model at these
/// bounds instead of letting it run into `max_tokens` with invalid, cut-off JSON.
public struct OutputLimits: Sendable, Hashable {
    /// Entities of one type per extraction call (a GUM story names 32 people).
    public var entitiesPerCall: Int
    /// Aliases per extracted entity.
    public var aliasesPerEntity: Int
    /// Characters of a name, alias or event title.
    public var nameCharacters: Int
    /// Characters of an event's one-sentence description.
    public var descriptionCharacters: Int
    /// Characters of a profile's text.
    public var profileCharacters: Int
    /// Tags per profile in a batched profile reply, and characters per tag.
    public var tagsPerProfile: Int
    public var tagCharacters: Int

    public init(
        entitiesPerCall: Int = 60, aliasesPerEntity: Int = 6, nameCharacters: Int = 160, descriptionCharacters: Int = 400,
        profileCharacters: Int = 6000, tagsPerProfile: Int = 8, tagCharacters: Int = 40
    ) {
        self.entitiesPerCall = entitiesPerCall
        self.aliasesPerEntity = aliasesPerEntity
        self.nameCharacters = nameCharacters
        self.descriptionCharacters = descriptionCharacters
        self.profileCharacters = profileCharacters
        self.tagsPerProfile = tagsPerProfile
        self.tagCharacters = tagCharacters
    }

    /// Generous bounds for real models.
    public static let standard = OutputLimits()
}
