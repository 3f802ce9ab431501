#!/usr/bin/env bash
# Whole-run CPU per model call: hinbox process over generated articles against the scripted server
# at 0 ms latency, so the run is all hinbox (and the server). Complements micro.sh's
# LLMCallOverhead, which times only the call path; this one counts everything hinbox does per
# call: prompts, JSON, schema validation, quality checks, resolution, profiles, store, progress.
#
#   scripts/bench/cpu.sh [--articles N] [--repeat R] [--trace] [--perf]
#
# Reports hinbox's user+sys CPU (from /usr/bin/time -v) divided by the model calls the server
# counted, for tracing off and (with --trace) on, exporting to a span-counting OTLP collector.
# --perf then records one more (untimed) run with `perf record -e cpu-clock -g` and prints the top
# symbols by self time, so the next speed-up has a target.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ARTICLES=400
REPEAT=3
TRACE=0
PERF=0
while (($#)); do
  case "$1" in
    --articles) ARTICLES="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --trace) TRACE=1; shift ;;
    --perf) PERF=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1 (see --help)" ;;
  esac
done
if ((PERF)); then command -v perf >/dev/null || bench_die "--perf needs perf (apt-get install linux-perf or linux-tools)"; fi

bench_init
bench_build
bench_machine
gen_corpus "$BENCH_TMP/corpus" "$ARTICLES"
start_scripted "$BENCH_TMP/corpus/gazetteer.json" 0 --otlp
collector="$(json_get "$(scripted_stats)" otlp_endpoint)"
home="$BENCH_TMP/home"
make_home "$home" 8 16
echo "benchmark: whole-run CPU per model call · $ARTICLES articles · scripted server at 0 ms · llm_concurrency 8, 16 articles in flight"

printf '\n%-7s %-4s %-8s %-7s %-8s %-12s %-7s %s\n' "tracing" "run" "calls" "wall_s" "cpu_s" "cpu_ms/call" "rss_MB" "load(1/5/15)"
modes=(off)
((TRACE)) && modes+=(on)
for mode in "${modes[@]}"; do
  for ((rep = 1; rep <= REPEAT; rep++)); do
    unset HINBOX_TRACE_ENDPOINT
    [[ "$mode" == on ]] && export HINBOX_TRACE_ENDPOINT="$collector"
    load="$(bench_load)"
    scripted_reset
    log="$BENCH_TMP/run-$mode-$rep.log"
    run_hinbox "$home" "$BENCH_TMP/corpus/articles" "$BENCH_TMP/db-$mode-$rep.sqlite" "$log"
    grep -q "$ARTICLES processed, 0 failed" "$log" || { cat "$log" >&2; bench_die "not every article was processed"; }
    calls="$(json_get "$(scripted_stats)" model_requests)"
    awk -v mode="$mode" -v rep="$rep" -v calls="$calls" -v wall="$RUN_WALL" -v cpu="$RUN_CPU" -v rss="$RUN_RSS_KB" -v load="$load" \
      'BEGIN { printf "%-7s %-4d %-8d %-7.1f %-8.2f %-12.3f %-7.0f %s\n", mode, rep, calls, wall, cpu, cpu / calls * 1000, rss / 1024, load }'
  done
done
echo
echo "cpu_ms/call = hinbox user+sys CPU for the whole run / model calls (chat + embeddings) the server answered."
if ((PERF)); then
  # One more run, untimed, under perf (tracing as in the last mode measured).
  BIN_SAVED="$BIN"
  BIN="$BENCH_TMP/perfbin"
  mkdir -p "$BIN"
  printf '#!/usr/bin/env bash\nexec perf record -q -e cpu-clock -g -o %q %q "$@"\n' "$BENCH_TMP/perf.data" "$BIN_SAVED/hinbox" >"$BIN/hinbox"
  chmod +x "$BIN/hinbox"
  scripted_reset
  run_hinbox "$home" "$BENCH_TMP/corpus/articles" "$BENCH_TMP/db-perf.sqlite" "$BENCH_TMP/run-perf.log"
  BIN="$BIN_SAVED"
  echo
  echo "perf (one more run, tracing ${modes[-1]}): top symbols by self time"
  perf report -i "$BENCH_TMP/perf.data" --no-children --sort symbol --stdio 2>/dev/null \
    | grep -E '^ +[0-9.]+%' | sed -E 's/ +-? +-? *$//' | cut -c1-160 | awk 'NR <= 40'
fi
