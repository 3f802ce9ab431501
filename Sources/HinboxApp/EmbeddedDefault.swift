/// Facts about the embedded default model server (llama-server + SmolLM2-135M + MiniLM).
public enum EmbeddedDefault {
    public static let demoModelNotice = """
        note: using the embedded demo model SmolLM2-135M. Its extractions are for trying the pipeline, not for research. \
        For real results set a model, e.g. --model openai/gpt-4o-mini (OPENAI_API_KEY), --model ollama/qwen2.5:7b, \
        or HINBOX_MODEL=openrouter/… (see README, "Models").
        """
}
