#!/usr/bin/env python3
"""Fill a hinbox database with a synthetic knowledge base for the `hinbox serve` benchmark.

    scripts/bench/gen_web_db.py DB [--entities 10000] [--versions 10] [--articles 20000]

DB must already carry hinbox's schema (scripts/bench/web.sh creates it with `hinbox profiles list`
on an empty file). Every entity gets `--versions` profile versions, each triggered by an article
that mentions it, with a resolution decision; articles mention about five entities each.
"""
import argparse
import hashlib
import json
import random
import sqlite3

TYPES = [("person", "per", "politician"), ("organization", "org", "agency"),
         ("location", "loc", "city"), ("event", "evt", "hearing")]
WORDS = ("water authority council river harbor north east west south city county board hearing "
         "report budget school bridge station market union court").split()


def stamp(i):
    return f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00.000"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--entities", type=int, default=10000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--articles", type=int, default=20000)
    args = parser.parse_args()
    rng = random.Random(7)
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA journal_mode=WAL")
    run = "bench-run"
    db.execute("""INSERT INTO run (id, started_at, finished_at, input_path, domain, model, embedding_model,
        processed, failed, skipped) VALUES (?,?,?,?,?,?,?,?,?,?)""",
               (run, stamp(0), stamp(1), "bench", "news", "bench/model", "bench/embed", args.articles, 0, 0))

    articles = []
    for a in range(args.articles):
        text = " ".join(rng.choice(WORDS) for _ in range(300))
        articles.append((f"art-{a:06d}", f"Article {a}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                         f"https://news.example/{a}", f"2025-{1 + a % 12:02d}-{1 + a % 28:02d}", f"bench/{a}.md",
                         hashlib.sha256(text.encode()).hexdigest(), "processed", None, run,
                         f"{a:032x}", stamp(a), text))
    db.executemany("""INSERT INTO article (id, title, url, published_date, source, content_hash, status, error,
        run_id, trace_id, processed_at, content) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", articles)

    entities, aliases, mentions, versions, decisions = [], [], [], [], []
    for e in range(args.entities):
        kind, prefix, subtype = TYPES[e % 4]
        eid = f"{prefix}_{e // 4:08d}"
        name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {e}"
        start = f"2025-{1 + e % 12:02d}-{1 + e % 28:02d}" if kind == "event" else None
        entities.append((eid, kind, name, name.lower(), subtype, json.dumps([subtype]), None, start, None,
                         args.versions, stamp(e), stamp(e + args.versions)))
        aliases.append((eid, f"{name} alias", f"{name.lower()} alias"))
        cited = []
        for v in range(1, args.versions + 1):
            article = f"art-{(e * 7 + v * 13) % args.articles:06d}"
            if article in cited:
                article = f"art-{(e * 7 + v * 13 + 1) % args.articles:06d}"
            cited.append(article)
            mentions.append((eid, article, name, f"... {name} said {' '.join(rng.choice(WORDS) for _ in range(40))} ..."))
            text = f"### Overview\n{name} is a {subtype}. " + " ".join(
                f"{' '.join(rng.choice(WORDS) for _ in range(12))} ^[{c}]." for c in cited)
            versions.append((eid, v, text, json.dumps([subtype]), 0.8, json.dumps(cited), article, run, stamp(e + v)))
            candidates = [{"entityID": eid, "name": name, "cosine": 0.8 + rng.random() * 0.1, "lexical": 1.0, "via": "exact"}]
            decisions.append((run, article, kind, name, "create" if v == 1 else "merge", eid,
                              "new" if v == 1 else "exact", 0.8, json.dumps(candidates if v > 1 else []), None, stamp(e + v)))
    db.executemany("""INSERT INTO entity (id, type, name, key, subtype, tags, description, start_date, end_date,
        current_version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", entities)
    db.executemany("INSERT INTO alias (entity_id, alias, normalized) VALUES (?,?,?)", aliases)
    db.executemany("INSERT OR IGNORE INTO mention (entity_id, article_id, surface_name, evidence) VALUES (?,?,?,?)", mentions)
    db.executemany("""INSERT INTO profile_version (entity_id, version, text, tags, confidence, sources, trigger_article_id,
        run_id, created_at) VALUES (?,?,?,?,?,?,?,?,?)""", versions)
    db.executemany("""INSERT OR IGNORE INTO resolution_decision
        (run_id, article_id, entity_type, incoming_name, action, entity_id, reason, threshold, candidates, match_check, created_at)
        VALUES (?,?,?,?,?,?,?,?,?,?,?)""", decisions)
    db.commit()
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("entity", "profile_version", "article", "mention", "resolution_decision")}
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
