public import HinboxCore

/// Facts about the embedded default model server (llama-server + SmolLM2-135M + MiniLM).
public enum EmbeddedDefault {
    public static let demoModelNotice = """
        note: using the embedded demo model SmolLM2-135M. Its extractions are for trying the pipeline, not for research. \
        For real results set a model, e.g. --model openai/gpt-4o-mini (OPENAI_API_KEY), --model ollama/qwen2.5:7b, \
        or HINBOX_MODEL=openrouter/… (see README, "Models").
        """

    /// Tight bounds for the demo model: SmolLM2-135M fills whatever room the schema gives it with
    /// repeated entities and aliases (60 entities × 6 aliases ran into `max_tokens` = 1,024 on a
    /// sample article, cut-off JSON; 8 × 2 stopped by itself after ~230 tokens; 8 events with
    /// 400-character descriptions ran out too). With the compact call plan one call lists every
    /// type, so 4 per type: a reply is ~400 tokens (8 per type ran to 1,006 tokens and was cut
    /// off). Profiles are short, with few short tags (8 × 40 made a batch of 8 run to ~900
    /// tokens): a batch of 8 is ~500 tokens.
    public static let outputLimits = OutputLimits(
        entitiesPerCall: 4, aliasesPerEntity: 1, nameCharacters: 60, descriptionCharacters: 80, profileCharacters: 200,
        tagsPerProfile: 3, tagCharacters: 24)

    /// Requests the embedded llama-server works on at once (`parallel = 1` in its preset); more
    /// in flight only wait in its queue, where the request timeout keeps running.
    public static let serverSlots = 1
}
