/// The one stylesheet, served from the binary at `/static/hinbox.css` (no CDN, works offline).
enum Stylesheet {
    static let css = """
        :root { --fg: #1d232a; --muted: #5b6673; --line: #d9dee4; --accent: #1f5fbf; --bg: #fbfbfc; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        header { background: #17324d; padding: .6rem 1.2rem; }
        header nav a { color: #e8eef5; margin-right: 1.1rem; text-decoration: none; }
        header nav a[aria-current] { text-decoration: underline; }
        header .brand { font-weight: 700; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
        footer { color: var(--muted); font-size: .85rem; text-align: center; padding: 1rem; }
        a { color: var(--accent); }
        .muted { color: var(--muted); }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 1rem; margin: 1rem 0; }
        .card { display: flex; flex-direction: column; padding: 1rem; border: 1px solid var(--line); border-radius: .5rem; background: #fff; text-decoration: none; }
        .card .count { font-size: 2rem; font-weight: 700; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
        td.num { text-align: right; }
        .filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
        .chips a.chip { display: inline-block; padding: .05rem .55rem; margin: .1rem; border: 1px solid var(--line); border-radius: 1rem; text-decoration: none; background: #fff; }
        .chips a.chip.active { background: var(--accent); color: #fff; }
        .badge { display: inline-block; padding: .05rem .5rem; border-radius: .3rem; background: #e7ecf2; font-size: .85rem; }
        .conf-High { background: #d8f0dc; } .conf-Medium { background: #fbefd0; } .conf-Low { background: #f8d9d6; }
        .profile { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem; }
        sup a.cite { text-decoration: none; font-size: .8em; }
        .diff { white-space: pre-wrap; background: #fff; border: 1px solid var(--line); padding: .5rem 1rem; }
        ins { background: #d8f0dc; text-decoration: none; } del { background: #f8d9d6; }
        .grounding tr.supported td.verdict { color: #1d6b2a; } .grounding tr.partial td.verdict { color: #8a6500; }
        .grounding tr.unsupported td.verdict { color: #a3261b; font-weight: 600; }
        .article-text { background: #fff; border: 1px solid var(--line); padding: .5rem 1rem; }
        a.mention { background: #fff3b8; text-decoration: none; border-bottom: 2px solid #e0b400; color: inherit; }
        a.mention.t-person { background: #e3efff; border-color: #4d8ae6; }
        a.mention.t-organization { background: #e9f7e6; border-color: #4ba33a; }
        a.mention.t-location { background: #fdeee0; border-color: #e08a2e; }
        .error, .status-failed { color: #a3261b; }
        .notice { background: #fbefd0; padding: .5rem 1rem; border-radius: .4rem; }
        .review { border: 1px solid var(--line); border-radius: .5rem; background: #fff; padding: .5rem 1rem; margin: 1rem 0; }
        .sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
        .evidence { white-space: pre-wrap; font-size: .9rem; color: var(--muted); }
        .review form { display: inline-block; margin-right: .5rem; }
        svg.timeline { width: 100%; height: auto; background: #fff; border: 1px solid var(--line); margin: .5rem 0; }
        svg.timeline text { font-size: 11px; fill: var(--muted); }
        """
}
