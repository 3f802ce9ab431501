#!/usr/bin/env bash
# Memory: peak RSS (/usr/bin/time -v) of `hinbox process` over 100, 300 and 1,000 generated
# articles against the scripted server at a fast latency, to show it is flat in the number of
# articles. Goal: well under 500 MB.
#
#   scripts/bench/memory.sh [--sizes "100 300 1000"] [--latency-ms MS] [--llm-concurrency L]
#                           [--in-flight N] [--trace]
#
# Defaults: 2 ms latency, llm_concurrency 16, 32 articles in flight, tracing off (--trace exports
# to a span-counting collector in the scripted server, so the exporter's queue is in the figure).
# The same gazetteer (310 entities) serves every size, so the knowledge base grows toward its
# size while the article count grows tenfold. Each run gets a fresh database.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES="100 300 1000"
LATENCY=2
LLM=16
INFLIGHT=32
TRACE=0
while (($#)); do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --latency-ms) LATENCY="$2"; shift 2 ;;
    --llm-concurrency) LLM="$2"; shift 2 ;;
    --in-flight) INFLIGHT="$2"; shift 2 ;;
    --trace) TRACE=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1 (see --help)" ;;
  esac
done

bench_init
bench_build
bench_machine
max=0
for n in $SIZES; do ((n > max)) && max=$n; done
gen_corpus "$BENCH_TMP/corpus" "$max"
extra=()
((TRACE)) && extra=(--otlp)
start_scripted "$BENCH_TMP/corpus/gazetteer.json" "$LATENCY" "${extra[@]}"
if ((TRACE)); then
  export HINBOX_TRACE_ENDPOINT
  HINBOX_TRACE_ENDPOINT="$(json_get "$(scripted_stats)" otlp_endpoint)"
fi
echo "benchmark: memory · scripted server latency ${LATENCY} ms · llm_concurrency $LLM · $INFLIGHT articles in flight · tracing $([[ $TRACE == 1 ]] && echo on || echo off)"

home="$BENCH_TMP/home"
make_home "$home" "$LLM" "$INFLIGHT"
printf '\n%-8s %-8s %-9s %-8s %-9s %-9s %-8s %-9s %s\n' articles wall_s peak_MB cpu_s calls entities versions db_MB "load(1/5/15)"
for n in $SIZES; do
  dir="$BENCH_TMP/articles-$n"
  mkdir -p "$dir"
  # awk, not head: under pipefail an early-closed pipe (SIGPIPE in sort) would end the script.
  find "$BENCH_TMP/corpus/articles" -type f | sort | awk -v n="$n" 'NR <= n' | while read -r f; do ln -s "$f" "$dir/"; done
  load="$(bench_load)"
  scripted_reset
  db="$BENCH_TMP/db-$n.sqlite"
  log="$BENCH_TMP/run-$n.log"
  run_hinbox "$home" "$dir" "$db" "$log"
  grep -q "$n processed, 0 failed" "$log" || { cat "$log" >&2; bench_die "not every article was processed"; }
  calls="$(json_get "$(scripted_stats)" model_requests)"
  entities="$(summary_field "$log" entities)"
  versions="$(summary_field "$log" "profile versions")"
  dbmb="$(du -cm "$db"* | tail -1 | cut -f1)"
  printf '%-8d %-8.1f %-9.1f %-8.1f %-9d %-9s %-8s %-9s %s\n' "$n" "$RUN_WALL" "$(awk -v k="$RUN_RSS_KB" 'BEGIN {print k / 1024}')" \
    "$RUN_CPU" "$calls" "$entities" "$versions" "$dbmb" "$load"
done
echo
echo "peak_MB: maximum resident set size of hinbox (GNU time -v); calls: chat + embeddings at the server."
