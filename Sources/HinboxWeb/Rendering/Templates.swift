/// The page templates (swift-mustache), compiled into the binary so `hinbox serve` needs no files.
///
/// Rule: untrusted values only ever appear as `{{x}}` (escaped). `{{{x}}}` is used only for the
/// `…HTML`/`…SVG` fields, which our own escaping renderers produce.
enum Templates {
    static let all: [String: String] = [
        "layout": layout, "home": home, "list": list, "entity": entity, "article": article, "review": review,
        "message": message,
    ]

    static let layout = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · hinbox</title>
        <link rel="stylesheet" href="/static/hinbox.css">
        </head><body>
        <header><nav><a class="brand" href="/">hinbox</a>
        {{#nav}}<a href="{{href}}"{{#active}} aria-current="page"{{/active}}>{{label}}</a>{{/nav}}
        <a href="/review">Review</a></nav></header>
        <main>
        {{{bodyHTML}}}
        </main>
        <footer>hinbox knowledge base · read-only{{#editsEnabled}} · edits enabled{{/editsEnabled}}</footer>
        </body></html>
        """

    static let home = """
        <h1>Knowledge base</h1>
        <p class="muted">Domain <strong id="domain">{{domain}}</strong> · {{articles}} articles ({{failedArticles}} failed) · {{versions}} profile versions</p>
        <section class="cards">
        {{#cards}}<a class="card" href="{{href}}"><span class="count" data-type="{{type}}">{{count}}</span><span>{{label}}</span></a>{{/cards}}
        </section>
        <h2>Latest runs</h2>
        {{#hasRuns}}<table><thead><tr><th>Started</th><th>Run</th><th>Model</th><th>Processed</th><th>Failed</th><th>Skipped</th><th>Phoenix</th></tr></thead><tbody>
        {{#runs}}<tr><td>{{started}}</td><td><code>{{id}}</code></td><td>{{model}}</td><td>{{processed}}</td><td>{{failed}}</td><td>{{skipped}}</td>
        <td>{{#sessionURL}}<a class="phoenix" href="{{sessionURL}}">session</a>{{/sessionURL}}</td></tr>{{/runs}}
        </tbody></table>{{/hasRuns}}
        {{^hasRuns}}<p>No runs yet: run <code>hinbox process &lt;dir&gt;</code>.</p>{{/hasRuns}}
        """

    static let list = """
        <h1>{{label}} <span class="muted" id="total">{{total}}</span></h1>
        <form class="filters" method="get" action="{{action}}">
        <input type="search" name="q" value="{{q}}" placeholder="Name or alias" aria-label="Search">
        {{#subtype}}<input type="hidden" name="subtype" value="{{subtype}}">{{/subtype}}
        {{#tag}}<input type="hidden" name="tag" value="{{tag}}">{{/tag}}
        {{#isEvent}}<label>From <input type="date" name="from" value="{{from}}"></label>
        <label>To <input type="date" name="to" value="{{to}}"></label>{{/isEvent}}
        <button type="submit">Filter</button> <a href="{{action}}">Clear</a>
        </form>
        {{#hasSubtypes}}<p class="chips">Type: {{#subtypeChips}}<a class="chip{{#active}} active{{/active}}" href="{{href}}">{{label}}</a>{{/subtypeChips}}</p>{{/hasSubtypes}}
        {{#hasTags}}<p class="chips">Tags: {{#tagChips}}<a class="chip{{#active}} active{{/active}}" href="{{href}}">{{label}}</a>{{/tagChips}}</p>{{/hasTags}}
        {{#hasRows}}<table class="entities"><thead><tr><th>Name</th>{{#isEvent}}<th>Date</th>{{/isEvent}}<th>Type</th><th>Aliases</th><th>Articles</th><th>Last updated</th></tr></thead><tbody>
        {{#rows}}<tr><td><a class="entity" href="{{href}}">{{name}}</a></td>{{#isEvent}}<td>{{date}}</td>{{/isEvent}}<td>{{subtype}}</td><td>{{aliases}}</td><td class="num">{{articles}}</td><td>{{updated}}</td></tr>{{/rows}}
        </tbody></table>{{/hasRows}}
        {{^hasRows}}<p>Nothing matches.</p>{{/hasRows}}
        <p class="pager">{{#prevHref}}<a rel="prev" href="{{prevHref}}">← Previous</a>{{/prevHref}} Page {{page}} of {{pages}} {{#nextHref}}<a rel="next" href="{{nextHref}}">Next →</a>{{/nextHref}}</p>
        """

    static let entity = """
        <p class="crumbs"><a href="/">Home</a> › <a href="{{typeHref}}">{{typeLabel}}</a></p>
        <h1 id="entity-name">{{name}}</h1>
        <p><span class="badge">{{type}}</span>{{#subtype}} <span class="badge">{{subtype}}</span>{{/subtype}}
        <span class="badge conf-{{confidenceLevel}}" id="confidence">{{confidenceLevel}} confidence ({{confidence}})</span>
        {{#dates}} · {{dates}}{{/dates}} · <code>{{id}}</code></p>
        {{#aliases}}<p>Also known as: <span id="aliases">{{aliases}}</span></p>{{/aliases}}
        {{#hasTags}}<p class="chips">{{#tags}}<a class="chip" href="{{href}}">{{label}}</a>{{/tags}}</p>{{/hasTags}}
        <form class="versions" method="get" action="{{selfHref}}"><label>Version
        <select name="version">{{#versionOptions}}<option value="{{number}}"{{#selected}} selected{{/selected}}>v{{number}} · {{date}}</option>{{/versionOptions}}</select></label>
        <button type="submit">Show</button> <span class="muted">version {{version}} of {{latest}}</span></form>
        {{{timelineSVG}}}
        <article class="profile" id="profile">{{{profileHTML}}}</article>
        {{#hasCitations}}<h2>Sources</h2><ol class="sources">{{#citations}}<li><a href="{{href}}">{{title}}</a></li>{{/citations}}</ol>{{/hasCitations}}
        {{#grounding}}<h2>Grounding</h2><div id="grounding"><p class="muted">{{summary}}</p>
        <table class="grounding"><thead><tr><th>Verdict</th><th>Claim</th><th>Article</th><th>Note</th></tr></thead><tbody>
        {{#claims}}<tr class="{{verdict}}"><td class="verdict">{{verdict}}</td><td>{{sentence}}</td><td><a href="{{articleHref}}">{{articleID}}</a></td><td>{{note}}</td></tr>{{/claims}}
        </tbody></table>{{#revised}}<p>Revised once: the first check found these unsupported:</p><ul id="first-check">{{#firstUnsupported}}<li>{{sentence}} — {{note}}</li>{{/firstUnsupported}}</ul>{{/revised}}</div>{{/grounding}}
        <h2>Why version {{version}}</h2>
        <div id="why"><p>Written from {{#covered}}<a class="trigger" href="{{href}}">{{label}}</a> {{/covered}}{{#traceURL}} · <a class="phoenix" href="{{traceURL}}">Phoenix trace</a>{{/traceURL}}</p>
        {{#decision}}<p>Resolution: <strong class="verdict">{{action}}</strong> “{{incomingName}}” ({{reason}}), threshold {{threshold}}{{#matchCheck}} · match check: {{matchCheck}}{{/matchCheck}}</p>
        {{#hasCandidates}}<table class="candidates"><thead><tr><th>Candidate</th><th>Cosine</th><th>Name</th><th>Via</th></tr></thead><tbody>
        {{#candidates}}<tr><td>{{#href}}<a href="{{href}}">{{name}}</a>{{/href}}{{^href}}{{name}}{{/href}}</td><td class="num">{{cosine}}</td><td class="num">{{lexical}}</td><td>{{via}}</td></tr>{{/candidates}}
        </tbody></table>{{/hasCandidates}}{{/decision}}</div>
        {{#diffHTML}}<h2>Changes from version {{previous}}</h2><div class="diff" id="diff">{{{diffHTML}}}</div>{{/diffHTML}}
        <h2>Merge history</h2>
        {{#hasHistory}}<ul id="history">{{#history}}<li>{{date}} · <strong>{{action}}</strong> “{{incomingName}}” ({{reason}}) from <a href="{{articleHref}}">{{articleID}}</a></li>{{/history}}</ul>{{/hasHistory}}
        {{#hasMerged}}<h3>Versions kept from merged entities</h3>{{#merged}}<details><summary>{{fromName}} v{{version}} (merged {{mergedAt}})</summary><div class="profile">{{{textHTML}}}</div></details>{{/merged}}{{/hasMerged}}
        {{#hasAppearsWith}}<h2>Appears with</h2><ul id="appears-with">{{#appearsWith}}<li><a href="{{href}}">{{name}}</a> <span class="muted">{{type}} · {{shared}} shared</span></li>{{/appearsWith}}</ul>{{/hasAppearsWith}}
        <h2>Articles</h2><ul id="articles">{{#articles}}<li><a href="{{href}}">{{label}}</a></li>{{/articles}}</ul>
        """

    static let article = """
        <p class="crumbs"><a href="/">Home</a> › article <code>{{id}}</code></p>
        <h1 id="article-title">{{title}}</h1>
        <p class="muted">{{#date}}{{date}} · {{/date}}<span class="status-{{status}}" id="status">{{status}}</span>{{#traceURL}} · <a class="phoenix" href="{{traceURL}}">Phoenix trace</a>{{/traceURL}}</p>
        {{#url}}<p>Source: <a id="source-url" href="{{url}}" rel="nofollow noopener noreferrer">{{url}}</a></p>{{/url}}
        {{#unsafeURL}}<p>Source (not a web link): <span id="source-text">{{unsafeURL}}</span></p>{{/unsafeURL}}
        {{#error}}<p class="error" id="failure">Failed: {{error}}</p>{{/error}}
        {{#hasEntities}}<h2>Entities</h2><ul id="entities">{{#entities}}<li><a class="mention t-{{type}}" href="{{href}}">{{name}}</a> <span class="muted">{{type}}{{#surface}} · as “{{surface}}”{{/surface}}</span></li>{{/entities}}</ul>{{/hasEntities}}
        <h2>Text</h2>
        {{#textHTML}}<div class="article-text" id="text">{{{textHTML}}}</div>{{/textHTML}}
        {{^textHTML}}<p class="muted">The text of this article was not stored (processed before hinbox kept article text); run <code>hinbox process --force</code> to store it.</p>{{/textHTML}}
        """

    static let review = """
        <h1>Review queue</h1>
        <p class="muted">Resolution decisions closest to their threshold, and match checks that said no — riskiest first.</p>
        {{^editsEnabled}}<p class="notice" id="edits-off">Read-only: to merge or split from here, restart with <code>hinbox serve --allow-edits</code>.</p>{{/editsEnabled}}
        {{#items}}<section class="review" id="review-{{id}}">
        <h2>{{action}} “{{incomingName}}” <span class="muted">{{type}} · margin {{margin}}</span></h2>
        <p>{{reason}} · threshold {{threshold}} · score {{score}}{{#matchCheck}} · match check: {{matchCheck}}{{/matchCheck}} · article <a href="{{articleHref}}">{{articleID}}</a></p>
        <div class="sides"><div><h3>{{#entityHref}}<a href="{{entityHref}}">{{entityName}}</a>{{/entityHref}}{{^entityHref}}{{entityName}}{{/entityHref}}</h3><p class="evidence">{{incomingEvidence}}</p></div>
        <div><h3>{{#candidateHref}}<a href="{{candidateHref}}">{{candidateName}}</a>{{/candidateHref}}{{^candidateHref}}{{candidateName}}{{/candidateHref}}</h3><p class="evidence">{{candidateEvidence}}</p></div></div>
        {{#editsEnabled}}{{#canMerge}}<form method="post" action="/review/merge"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="target" value="{{mergeTarget}}"><input type="hidden" name="source" value="{{mergeSource}}"><button class="merge" type="submit">Merge {{mergeSourceName}} into {{mergeTargetName}}</button></form>{{/canMerge}}
        {{#canSplit}}<form method="post" action="/review/split"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="entity" value="{{splitEntity}}"><input type="hidden" name="article" value="{{articleID}}"><button class="split" type="submit">Split {{articleID}} out of {{entityName}}</button></form>{{/canSplit}}{{/editsEnabled}}
        </section>{{/items}}
        {{^items}}<p>Nothing to review.</p>{{/items}}
        """

    static let message = """
        <h1>{{heading}}</h1>
        <p id="message">{{message}}</p>
        {{#linkHref}}<p><a href="{{linkHref}}">{{linkLabel}}</a></p>{{/linkHref}}
        """
}
