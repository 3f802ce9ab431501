#!/usr/bin/env bash
# Pipeline throughput against the physical limit: hinbox process over generated articles, against
# the scripted server at a fixed latency, at several LLM concurrency limits (llm_concurrency).
#
#   scripts/bench/throughput.sh [--articles N] [--latency-ms MS] [--limits "1 2 4 8 16 32 64"]
#                               [--in-flight-factor F | --in-flight N] [--repeat R] [--corpus DIR]
#
# --corpus DIR: a folder of gold-labelled documents (../shared/data/conll-dev) instead of generated
# articles; the scripted server answers with their gold entities and every level uses all of them.
#
# The physical limit at llm_concurrency L is L / latency model calls per second (chat completions
# and embeddings share the limit, so both count; the server counts them). Articles in flight
# (--concurrency) is F x L, at least 4 (default F = 2), so enough articles are open to fill L slots;
# --in-flight N fixes it instead (e.g. 4, hinbox's default, to see what the default leaves idle).
# Below L = 8 a proportional share of the articles is used (N x L / 8, at least 20), so each level
# takes about the same time. Each run gets a fresh database; tracing is off.
# Prints the machine, then one row per run. See docs/benchmarks/runs.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ARTICLES=400
LATENCY=200
LIMITS="1 2 4 8 16 32 64"
FACTOR=2
INFLIGHT=""
REPEAT=1
CORPUS=""
while (($#)); do
  case "$1" in
    --articles) ARTICLES="$2"; shift 2 ;;
    --latency-ms) LATENCY="$2"; shift 2 ;;
    --limits) LIMITS="$2"; shift 2 ;;
    --in-flight-factor) FACTOR="$2"; shift 2 ;;
    --in-flight) INFLIGHT="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --corpus) CORPUS="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1 (see --help)" ;;
  esac
done

bench_init
bench_build
bench_machine
echo "benchmark: throughput · scripted server latency ${LATENCY} ms · articles-in-flight = ${FACTOR} x llm_concurrency (min 4) · tracing off"

if [[ -n "$CORPUS" ]]; then
  [[ -d "$CORPUS" ]] || { echo "skipped: $CORPUS is not here"; exit 0; }
  mkdir -p "$BENCH_TMP/corpus/articles"
  cp "$CORPUS"/*.json "$BENCH_TMP/corpus/articles/"
  ARTICLES="$(find "$BENCH_TMP/corpus/articles" -name '*.json' | wc -l)"
  start_scripted "$CORPUS" "$LATENCY"
  echo "corpus: $CORPUS ($ARTICLES documents, gold entities)"
else
  # The largest corpus; smaller runs use its first articles (same seed, so the same texts).
  gen_corpus "$BENCH_TMP/corpus" "$ARTICLES"
  start_scripted "$BENCH_TMP/corpus/gazetteer.json" "$LATENCY"
fi

printf '\n%-5s %-9s %-8s %-7s %-9s %-8s %-8s %-9s %-9s %-6s %-7s %-8s %-7s %s\n' \
  "llm" "in-flight" "articles" "wall_s" "art/min" "calls" "window_s" "calls/s" "limit/s" "ratio" "max_inf" "cpu_s" "rss_MB" "load(1/5/15)"
for limit in $LIMITS; do
  inflight=$((FACTOR * limit)); ((inflight >= 4)) || inflight=4
  [[ -z "$INFLIGHT" ]] || inflight=$INFLIGHT
  count=$ARTICLES
  if ((limit < 8)) && [[ -z "$CORPUS" ]]; then count=$((ARTICLES * limit / 8)); ((count >= 20)) || count=20; fi
  ((count <= ARTICLES)) || count=$ARTICLES
  dir="$BENCH_TMP/articles-$count"
  if [[ ! -d "$dir" ]]; then
    mkdir -p "$dir"
    # awk, not head: under pipefail an early-closed pipe (SIGPIPE in sort) would end the script.
    find "$BENCH_TMP/corpus/articles" -type f | sort | awk -v n="$count" 'NR <= n' | while read -r f; do ln -s "$f" "$dir/"; done
  fi
  for ((rep = 1; rep <= REPEAT; rep++)); do
    home="$BENCH_TMP/home-$limit"
    make_home "$home" "$limit" "$inflight"
    load="$(bench_load)"
    scripted_reset
    fake_before="$(scripted_cpu)"
    log="$BENCH_TMP/run-$limit-$rep.log"
    run_hinbox "$home" "$dir" "$BENCH_TMP/db-$limit-$rep.sqlite" "$log"
    stats="$(scripted_stats)"
    grep -q "$count processed, 0 failed" "$log" || { cat "$log" >&2; bench_die "not every article was processed"; }
    calls="$(json_get "$stats" model_requests)"
    first="$(json_get "$stats" first_model_request_at)"
    last="$(json_get "$stats" last_model_reply_at)"
    awk -v limit="$limit" -v inflight="$inflight" -v count="$count" -v wall="$RUN_WALL" -v calls="$calls" \
      -v first="$first" -v last="$last" -v latency="$LATENCY" -v maxinf="$(json_get "$stats" max_in_flight)" \
      -v cpu="$RUN_CPU" -v rss="$RUN_RSS_KB" -v load="$load" 'BEGIN {
        window = last - first; rate = calls / window; phys = limit / (latency / 1000)
        printf "%-5d %-9d %-8d %-7.1f %-9.1f %-8d %-8.1f %-9.2f %-9.2f %-6.3f %-7d %-8.1f %-7.0f %s\n",
          limit, inflight, count, wall, count / wall * 60, calls, window, rate, phys, rate / phys, maxinf, cpu, rss / 1024, load
      }'
    echo "      summary: $(grep -E 'entities,|LLM calls' "$log" | sed 's/^ *//' | tr '\n' ' ')" >&2
    echo "      scripted server CPU: $(awk -v a="$fake_before" -v b="$(scripted_cpu)" 'BEGIN {printf "%.1f s", b - a}') (it shares the cores with hinbox)" >&2
    echo "      idle slots: $(curl -fsS --max-time 60 "$SCRIPTED_URL/_scripted/occupancy" | python3 "$(dirname "${BASH_SOURCE[0]}")/occupancy.py" "$limit")"
  done
done
echo
echo "calls: chat completions + embeddings counted at the server; window: first request to last reply;"
echo "calls/s = calls / window; limit/s = llm_concurrency / latency; ratio = calls/s / limit/s;"
echo "art/min = articles / hinbox wall time (launch to exit); max_inf: most requests open at the server at once."
echo "idle slots: capacity left unused (seconds of all llm_concurrency slots) before the server first had"
echo "llm_concurrency requests open (ramp-up), after it last had (drain), and in between (steady)."

