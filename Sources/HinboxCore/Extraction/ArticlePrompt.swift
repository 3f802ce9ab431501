/// The user message that carries an article to the model.
///
/// The layout is fixed (`Article ID:`, `Title:`, `Published:`, then the text between
/// `<article>` lines): prompts refer to it, and the scripted test server reads it.
public enum ArticlePrompt {
    /// Article text beyond this many characters is cut (with a note) to bound prompt size.
    public static let maxCharacters = 24_000

    public static func block(for article: Article) -> String {
        var text = article.content
        if text.count > maxCharacters {
            text = String(text.prefix(maxCharacters)) + "\n[… article truncated …]"
        }
        return """
            Article ID: \(article.id)
            Title: \(article.title)
            Published: \(article.publishedDate ?? "unknown")

            <article>
            \(text)
            </article>
            """
    }
}
