#!/usr/bin/env python3
"""Count a Phoenix project's spans, and time how long merged articles waited for their turn (stdlib only).

    phoenix_spans.py count URL PROJECT [--expect N] [--timeout S]
        Prints the number of distinct span ids stored in PROJECT. Phoenix ingests asynchronously
        (it answers 200 and stores later, at its own pace): polls its span count (GraphQL
        recordCount, cheap) until it reaches N (or, without N, stops changing for 5 s), stops
        growing for 60 s, or S seconds pass; then counts distinct span ids once (REST). Fetching
        every span on each poll, as this did before, slowed Phoenix's ingestion to a crawl.
    phoenix_spans.py turns URL PROJECT
        Per article trace (root span process_article): extraction (extract.* spans), the wait for
        the article's merge turn (end of the last extract.* to the start of the first resolve.*) and
        the merge (first resolve.* start to store end). Prints percentiles and totals.

Uses Phoenix's REST API GET /v1/projects/{project}/spans (cursor-paginated).
"""
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime


def fetch(url, project):
    spans, cursor = [], None
    while True:
        params = [("limit", "1000")] + ([("cursor", cursor)] if cursor else [])
        address = f"{url}/v1/projects/{urllib.parse.quote(project)}/spans?{urllib.parse.urlencode(params)}"
        try:
            with urllib.request.urlopen(address, timeout=60) as response:
                page = json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return []
            raise
        spans += page.get("data", [])
        cursor = page.get("next_cursor")
        if not cursor:
            return spans


def span_id(span):
    return (span.get("context") or {}).get("span_id") or span.get("span_id") or span.get("id")


def trace_id(span):
    return (span.get("context") or {}).get("trace_id") or span.get("trace_id")


def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def record_count(url, project):
    query = json.dumps({"query": "{ projects { edges { node { name recordCount } } } }"}).encode()
    request = urllib.request.Request(f"{url}/graphql", data=query, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        edges = json.load(response)["data"]["projects"]["edges"]
    return next((edge["node"]["recordCount"] for edge in edges if edge["node"]["name"] == project), 0)


def count(url, project, expect, timeout):
    start = time.time()
    last, changed_at = -1, start
    while True:
        n = record_count(url, project)
        now = time.time()
        if n != last:
            last, changed_at = n, now
        reached = n >= expect if expect is not None else (now - changed_at >= 5 and n > 0)
        if reached or now - changed_at >= 60 or now - start >= timeout:
            break
        time.sleep(2)
    return len({span_id(s) for s in fetch(url, project)}) if last > 0 else 0


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def turns(url, project):
    by_trace = {}
    for span in fetch(url, project):
        by_trace.setdefault(trace_id(span), []).append(span)
    rows = []
    for spans in by_trace.values():
        root = [s for s in spans if s["name"] == "process_article"]
        extract = [s for s in spans if s["name"].startswith("extract.")]
        resolve = [s for s in spans if s["name"].startswith("resolve.")]
        store = [s for s in spans if s["name"] == "store"]
        if not (root and extract and resolve and store):
            continue
        start = when(root[0]["start_time"])
        extracted = max(when(s["end_time"]) for s in extract)
        merge_start = min(when(s["start_time"]) for s in resolve)
        merge_end = max(when(s["end_time"]) for s in store)
        rows.append({"start": start, "extract": extracted - start, "wait": merge_start - extracted,
                     "merge": merge_end - merge_start, "total": when(root[0]["end_time"]) - start})
    if not rows:
        print("no complete article traces found")
        return
    span = max(r["start"] + r["total"] for r in rows) - min(r["start"] for r in rows)
    print(f"{len(rows)} article traces, first start to last end {span:.1f} s")
    print(f"{'seconds per article':<34} {'p50':>7} {'p90':>7} {'max':>7} {'sum':>9}")
    for key, label in (("extract", "extraction (4 types, concurrent)"), ("wait", "waiting for the merge turn"),
                       ("merge", "merge (resolve, profiles, store)"), ("total", "process_article (root span)")):
        values = [r[key] for r in rows]
        print(f"{label:<34} {percentile(values, 50):>7.2f} {percentile(values, 90):>7.2f} {max(values):>7.2f} {sum(values):>9.1f}")
    merge_sum = sum(r["merge"] for r in rows)
    print(f"merges run one at a time: their sum is {merge_sum:.1f} s = {merge_sum / span:.0%} of the run's {span:.1f} s")


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("count", "turns"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    command, url, project = sys.argv[1:4]
    options = sys.argv[4:]
    opt = lambda name, default: type(default)(options[options.index(name) + 1]) if name in options else default
    if command == "count":
        expect = int(options[options.index("--expect") + 1]) if "--expect" in options else None
        print(count(url.rstrip("/"), project, expect, opt("--timeout", 120.0)))
    else:
        turns(url.rstrip("/"), project)


if __name__ == "__main__":
    main()
