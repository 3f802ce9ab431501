#!/usr/bin/env bash
# Start-up: time from launching `hinbox process` to the first LLM request (chat completion or
# embedding) arriving at the scripted server. Goal: under 0.2 s.
#
#   scripts/bench/startup.sh [--runs N] [--articles N] [--trace]
#
# Each run: a fresh database, a folder of N generated articles (default 100, all read and hashed
# before the first request; --limit 3 keeps the rest of the run short), the scripted server at
# 0 ms latency. The launch time is taken in this shell ($EPOCHREALTIME) just before exec, so the
# figure includes exec, dynamic linking, configuration, ingest, opening the store and the first
# request. --trace exports spans to a span-counting collector in the scripted server (tracing is
# on by default for users); otherwise --no-trace. Prints the machine, each run, then median/max.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=10
ARTICLES=100
TRACE=0
while (($#)); do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --articles) ARTICLES="$2"; shift 2 ;;
    --trace) TRACE=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1 (see --help)" ;;
  esac
done

bench_init
bench_build
bench_machine
gen_corpus "$BENCH_TMP/corpus" "$ARTICLES"
extra=()
((TRACE)) && extra=(--otlp)
start_scripted "$BENCH_TMP/corpus/gazetteer.json" 0 "${extra[@]}"
if ((TRACE)); then
  export HINBOX_TRACE_ENDPOINT
  HINBOX_TRACE_ENDPOINT="$(json_get "$(scripted_stats)" otlp_endpoint)"
fi
echo "benchmark: start-up · $ARTICLES articles in the folder, --limit 3 · scripted server at 0 ms · tracing $([[ $TRACE == 1 ]] && echo "on (span-counting collector)" || echo off)"

home="$BENCH_TMP/home"
make_home "$home" 8 4
# One untimed run first, so every timed run meets the same warm page cache.
scripted_reset
run_hinbox "$home" "$BENCH_TMP/corpus/articles" "$BENCH_TMP/warm.sqlite" "$BENCH_TMP/warm.log" --limit 3

results=()
for ((i = 1; i <= RUNS; i++)); do
  load="$(bench_load)"
  scripted_reset
  run_hinbox "$home" "$BENCH_TMP/corpus/articles" "$BENCH_TMP/run-$i.sqlite" "$BENCH_TMP/run-$i.log" --limit 3
  first="$(json_get "$(scripted_stats)" first_model_request_at)"
  [[ "$first" != null ]] || bench_die "run $i: no model request reached the server"
  ms="$(awk -v a="$RUN_START" -v b="$first" 'BEGIN {printf "%.1f", (b - a) * 1000}')"
  results+=("$ms")
  printf 'run %2d: %7.1f ms to the first LLM request (whole run %.2f s, load %s)\n' "$i" "$ms" "$RUN_WALL" "$load"
done
printf '%s\n' "${results[@]}" | sort -n | awk -v n="$RUNS" '
  { v[NR] = $1 }
  END {
    median = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    printf "start-up to first LLM request over %d runs: median %.1f ms, min %.1f ms, max %.1f ms (goal < 200 ms)\n", n, median, v[1], v[n]
  }'
echo "load average at end: $(bench_load)"
