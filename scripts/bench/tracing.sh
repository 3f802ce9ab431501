#!/usr/bin/env bash
# Tracing cost: the same run with tracing off and on, exporting to a real local Phoenix that this
# script starts (spare loopback ports, its own workdir, stopped on exit). Bar: under 5% less
# throughput with tracing on, and no span dropped.
#
#   scripts/bench/tracing.sh [--articles N] [--latency-ms MS] [--llm-concurrency L] [--repeat R]
#                            [--no-turns]
#
# Defaults: 120 articles, 200 ms, llm_concurrency 16, 2 x L articles in flight, R = 2 (off/on
# alternate: off, on, off, on). Spans produced are counted by a third, identical run exporting to
# the scripted server's span-counting collector (the scripted server and the pipeline are
# deterministic, so the same input gives the same spans); spans stored are counted in Phoenix
# (REST API, after ingestion settles). If hinbox spooled spans because Phoenix was at capacity,
# `hinbox traces push` delivers them and Phoenix is counted again. Unless --no-turns, the first
# traced run's spans also show how long each article waited for its merge turn.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ARTICLES=120
LATENCY=200
LLM=16
REPEAT=2
TURNS=1
while (($#)); do
  case "$1" in
    --articles) ARTICLES="$2"; shift 2 ;;
    --latency-ms) LATENCY="$2"; shift 2 ;;
    --llm-concurrency) LLM="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --no-turns) TURNS=0; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1 (see --help)" ;;
  esac
done
INFLIGHT=$((2 * LLM)); ((INFLIGHT >= 4)) || INFLIGHT=4

bench_init
bench_build
bench_machine
echo "benchmark: tracing · $ARTICLES articles · scripted server latency ${LATENCY} ms · llm_concurrency $LLM · $INFLIGHT articles in flight"

gen_corpus "$BENCH_TMP/corpus" "$ARTICLES"
start_scripted "$BENCH_TMP/corpus/gazetteer.json" "$LATENCY" --otlp
COLLECTOR="$(json_get "$(scripted_stats)" otlp_endpoint)"

# Phoenix on two free loopback ports (HTTP and its OTLP/gRPC receiver), in the temp dir.
read -r PHX_PORT PHX_GRPC <<<"$(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks: s.close()')"
PHX_WORK="$BENCH_TMP/phoenix"
mkdir -p "$PHX_WORK"
BENCH_EXTRA_CLEANUP="\"$ROOT/scripts/phoenix.sh\" stop --workdir \"$PHX_WORK\" >/dev/null 2>&1"
bench_log "starting Phoenix on 127.0.0.1:$PHX_PORT (workdir $PHX_WORK)"
PHOENIX_GRPC_PORT=$PHX_GRPC "$ROOT/scripts/phoenix.sh" start --port "$PHX_PORT" --workdir "$PHX_WORK" >/dev/null
PHOENIX_URL="http://127.0.0.1:$PHX_PORT"

home="$BENCH_TMP/home"
make_home "$home" "$LLM" "$INFLIGHT"

# run_one LABEL ENDPOINT(or empty) PROJECT: one run, one result row; sets ROW_LOG, ROW_RATE.
run_one() {
  local label="$1" endpoint="$2" project="$3" load stats calls first last
  load="$(bench_load)"
  scripted_reset
  ROW_LOG="$BENCH_TMP/$project.log"
  HINBOX_TRACE_ENDPOINT="$endpoint" HINBOX_TRACE_PROJECT="$project" \
    run_hinbox "$home" "$BENCH_TMP/corpus/articles" "$BENCH_TMP/$project.sqlite" "$ROW_LOG"
  grep -q "$ARTICLES processed, 0 failed" "$ROW_LOG" || { cat "$ROW_LOG" >&2; bench_die "not every article was processed"; }
  stats="$(scripted_stats)"
  calls="$(json_get "$stats" model_requests)"
  first="$(json_get "$stats" first_model_request_at)"
  last="$(json_get "$stats" last_model_reply_at)"
  ROW_SPANS="$(json_get "$stats" otlp_spans)"
  ROW_RATE="$(awk -v c="$calls" -v a="$first" -v b="$last" 'BEGIN {printf "%.3f", c / (b - a)}')"
  printf '%-22s %-8.1f %-9.1f %-7d %-9s %-7.3f %-8.1f %-8.0f %s\n' "$label" "$RUN_WALL" \
    "$(awk -v n="$ARTICLES" -v w="$RUN_WALL" 'BEGIN {print n / w * 60}')" "$calls" "$ROW_RATE" \
    "$(awk -v r="$ROW_RATE" -v l="$LLM" -v ms="$LATENCY" 'BEGIN {print r / (l / (ms / 1000))}')" \
    "$RUN_CPU" "$(awk -v k="$RUN_RSS_KB" 'BEGIN {print k / 1024}')" "$load"
}

printf '\n%-22s %-8s %-9s %-7s %-9s %-7s %-8s %-8s %s\n' run wall_s art/min calls calls/s ratio cpu_s rss_MB "load(1/5/15)"
off_rates=() on_rates=() projects=()
for ((rep = 1; rep <= REPEAT; rep++)); do
  run_one "off #$rep" "" "off-$rep"
  off_rates+=("$ROW_RATE")
  run_one "on -> Phoenix #$rep" "$PHOENIX_URL" "bench-on-$rep"
  on_rates+=("$ROW_RATE")
  projects+=("bench-on-$rep")
  if grep -qE "spans could not be delivered|waiting for .* to accept" "$ROW_LOG"; then
    echo "      exporter: $(grep -E 'spans could not be delivered|waiting for .* to accept' "$ROW_LOG" | tr '\n' ' ')"
  fi
done
run_one "on -> span counter" "$COLLECTOR" "counted"
PRODUCED="$ROW_SPANS"

echo
awk -v off="${off_rates[*]}" -v on="${on_rates[*]}" 'BEGIN {
  n = split(off, a, " "); m = split(on, b, " ")
  for (i = 1; i <= n; i++) s += a[i]; for (i = 1; i <= m; i++) t += b[i]
  printf "throughput (calls/s, mean of %d): off %.2f, on %.2f → tracing costs %.1f%% (bar < 5%%)\n", n, s / n, t / m, (1 - (t / m) / (s / n)) * 100
}'
echo "spans produced per run (identical run to the span counter): $PRODUCED"
for project in "${projects[@]}"; do
  stored="$(python3 "$BENCH_DIR/phoenix_spans.py" count "$PHOENIX_URL" "$project" --expect "$PRODUCED" --timeout 1800)"
  spooled="$(grep -oE '[0-9,]+ spans could not be delivered' "$BENCH_TMP/$project.log" | cut -d' ' -f1 | tr -d , || true)"
  line="Phoenix project $project: $stored spans stored"
  if [[ -n "$spooled" ]]; then
    line+=", $spooled spooled by hinbox"
    envs=()
    read -r -a envs <<<"$(hinbox_env "$home")"
    env "${envs[@]}" PHOENIX_COLLECTOR_ENDPOINT="$PHOENIX_URL" "$BIN/hinbox" traces push >"$BENCH_TMP/push-$project.log" 2>&1 || true
    stored="$(python3 "$BENCH_DIR/phoenix_spans.py" count "$PHOENIX_URL" "$project" --expect "$PRODUCED" --timeout 1800)"
    line+="; after \`hinbox traces push\`: $stored stored ($(tr '\n' ' ' <"$BENCH_TMP/push-$project.log"))"
  fi
  if [[ "$stored" == "$PRODUCED" ]]; then line+=" — none dropped"; else line+=" — MISSING $((PRODUCED - stored))"; fi
  echo "$line"
done
if ((TURNS)); then
  echo
  echo "merge turns in ${projects[0]} (from the spans' timings):"
  python3 "$BENCH_DIR/phoenix_spans.py" turns "$PHOENIX_URL" "${projects[0]}"
fi
echo "load average at end: $(bench_load)"
