@testable import HinboxWeb
import Testing

/// The escaping renderers, without a browser.
@Suite("Web rendering")
struct RenderingTests {
    @Test("Markdown: structure and emphasis render, raw HTML stays text, citations are numbered links")
    func markdown() {
        var renderer = MarkdownRenderer(titles: ["a1": "First <story>"])
        let html = renderer.render("""
            ## Overview
            Mayor **Dana** said *no* <script>x</script> ^[a1] and ^[a2, a1].

            - one `<b>`
            - [site](https://example.org/?a=1&b=2) [bad](javascript:alert(1))
            """)
        #expect(html.contains("<h4>Overview</h4>"))
        #expect(html.contains("<strong>Dana</strong>") && html.contains("<em>no</em>"))
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;") && !html.contains("<script"))
        #expect(html.contains(#"<sup><a class="cite" href="/article/a1" title="First &lt;story&gt;">[1]</a></sup>"#))
        #expect(html.contains(#"<a class="cite" href="/article/a2">[2]</a><a class="cite" href="/article/a1""#))
        #expect(renderer.citations == ["a1", "a2"])
        #expect(html.contains("<li>one <code>&lt;b&gt;</code></li>"))
        #expect(html.contains(#"<a href="https://example.org/?a=1&amp;b=2" rel="nofollow noopener noreferrer">site</a>"#))
        #expect(html.contains(" bad</li>") && !html.contains("javascript"))
    }

    @Test("Markdown around multi-byte text: markup found between bytes, text kept whole and escaped")
    func markdownMultibyte() {
        var renderer = MarkdownRenderer()
        let html = renderer.render("Café **crème** *brûlée* `é<ü>` [naïve](https://例え.jp/ü) ^[a·1] — 日本 <i>")
        #expect(html == """
            <p>Café <strong>crème</strong> <em>brûlée</em> <code>é&lt;ü&gt;</code> <a href="https://例え.jp/ü" rel="nofollow noopener noreferrer">naïve</a> \
            <sup><a class="cite" href="/article/a%C2%B71">[1]</a></sup> — 日本 &lt;i&gt;</p>

            """)
    }

    @Test("Only absolute http(s) URLs with a host are links", arguments: [
        ("https://example.org/a", true), ("http://x.y", true), ("HTTPS://EXAMPLE.ORG", true),
        ("javascript:alert(1)", false), (" javascript:alert(1)", false), ("JaVaScRiPt:x", false), ("data:text/html,x", false),
        ("//evil.example", false), ("/relative", false), ("https://", false), ("http://a b", false), ("vbscript:x", false),
    ])
    func externalLinks(url: String, allowed: Bool) {
        #expect((HTML.safeExternalURL(url) != nil) == allowed)
    }

    @Test("Ids become one percent-encoded path segment")
    func paths() {
        #expect(HTML.articlePath("a/../b?c#d\"<") == "/article/a%2F..%2Fb%3Fc%23d%22%3C")
        #expect(HTML.entityPath("per_1", version: 2) == "/entity/per_1?version=2")
    }

    @Test("Mentions are highlighted on word boundaries, longest first, with the text escaped")
    func highlight() {
        let highlighter = MentionHighlighter(targets: [
            .init(entityID: "per_1", type: "person", names: ["Whitfield", "Dana Whitfield"]),
            .init(entityID: "org_1", type: "organization", names: ["RWA"]),
        ])
        let html = highlighter.render("Dana Whitfield & the RWA <b>met</b>; RWAX is not it.\n\nWhitfield left.")
        #expect(html.contains(#"<a class="mention t-person" href="/entity/per_1">Dana Whitfield</a> &amp; the "#))
        #expect(html.contains(#"href="/entity/org_1">RWA</a> &lt;b&gt;met&lt;/b&gt;; RWAX"#))
        #expect(html.contains("</p>\n<p><a class=\"mention t-person\" href=\"/entity/per_1\">Whitfield</a> left."))
    }

    @Test("The word diff marks insertions and deletions, escaped")
    func diff() {
        let html = WordDiff.html(from: "The <old> mayor spoke.", to: "The new mayor spoke twice.")
        #expect(html == "The <del>&lt;old&gt; </del><ins>new </ins>mayor <del>spoke.</del><ins>spoke </ins><ins>twice.</ins>")
    }

    @Test("Escaping works on bytes: a quote followed by a combining mark is still escaped")
    func escapeBytes() {
        // `"` + U+0301 is one Character, so a Character-by-Character escape let the quote through
        // and an attribute value could end early.
        let payload = "x\"\u{301} autofocus onfocus=alert(1) x=\"\u{301}<é>&'"
        #expect(HTML.escape(payload) == "x&quot;\u{301} autofocus onfocus=alert(1) x=&quot;\u{301}&lt;é&gt;&amp;&#39;")
        #expect(HTML.escape("plain café") == "plain café")
        #expect(HTML.escape(payload[...].dropFirst()) == "&quot;\u{301} autofocus onfocus=alert(1) x=&quot;\u{301}&lt;é&gt;&amp;&#39;")
    }

    @Test("Markup: literals are markup, interpolated text is escaped, nested markup and numbers are kept")
    func markup() {
        let name = "<script>alert('x')</script>"
        let missing: String? = nil
        let cell: Markup = "<td>\(name)</td>"
        var row: Markup = "<tr data-n=\"\(42)\">\(cell)\(missing)</tr>"
        for item in ["a\"", "b"] { row += "<i>\(item)</i>" }
        #expect(row.html == "<tr data-n=\"42\"><td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td></tr><i>a&quot;</i><i>b</i>")
        #expect(Markup(trusted: "<b>ok</b>").html == "<b>ok</b>")
    }
}
