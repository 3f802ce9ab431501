public import HinboxCore

/// A small local-news domain and minimal prompts for pipeline tests with a scripted model (the
/// gazetteer script answers from the article, not from the prompt wording).
public enum TestDomain {
    public static let config = DomainConfig(name: "test", description: "Local news", categories: [
        .person: .init(types: ["politician": "Office holder", "other": "Anyone else"]),
        .organization: .init(types: ["utility": "A utility", "other": "Anything else"]),
        .location: .init(types: ["neighborhood": "A neighborhood", "other": "Anything else"]),
        .event: .init(types: ["hearing": "A hearing", "other": "Anything else"]),
    ])

    public static let prompts = PromptLibrary(templates: [
        "extract": "Extract {{entity_label}}.", "profile_create": "Profile {{entity_name}}.",
        "profile_update": "Update {{entity_name}}.", "match_check": "Same?",
        "grounding": "Judge the claims against {{article_id}}.", "profile_revise": "Correct {{entity_name}}.",
        "profile_fold": "Update {{entity_name}} from {{article_id}}.",
    ])
}
