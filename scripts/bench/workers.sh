#!/usr/bin/env bash
# Scaling of several `hinbox process --worker` on one PostgreSQL database: 1, 2 and 4 workers, each
# with llm_concurrency L and 2 x L articles in flight, over generated articles, against the scripted
# server at a fixed latency (docs/POSTGRES.md, issue #18).
#
#   scripts/bench/workers.sh [--articles N] [--latency-ms MS] [--workers "1 2 4"] [--llm L] [--in-flight N] [--zipf S]
#
# --zipf S: the corpus's popularity exponent (default 0.9, the other benchmarks' corpus, where one
# organization is in ~40% of the articles and its chain of profile versions is serial; 0: uniform).
# Starts a throwaway PostgreSQL cluster (scripts/postgres.sh) and a fresh database per run; all
# workers start at once on the same folder and the run ends when the last exits. Tracing is off.
# calls/s is model calls (chat + embeddings, counted at the server) over the window from the first
# request to the last reply; "x one" is that over the 1-worker run's calls/s (the goal is >= 0.9 x N).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ARTICLES=200
LATENCY=200
WORKERS="1 2 4"
LLM=16
ZIPF=0.9
INFLIGHT=""
while (($#)); do
  case "$1" in
    --articles) ARTICLES="$2"; shift 2 ;;
    --latency-ms) LATENCY="$2"; shift 2 ;;
    --workers) WORKERS="$2"; shift 2 ;;
    --llm) LLM="$2"; shift 2 ;;
    --zipf) ZIPF="$2"; shift 2 ;;
    --in-flight) INFLIGHT="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1 (see --help)" ;;
  esac
done

bench_init
bench_build
bench_machine
PORT="${HINBOX_BENCH_POSTGRES_PORT:-15493}"
"$ROOT/scripts/postgres.sh" start --port "$PORT" --workdir "$BENCH_TMP/postgres" --db bench_setup >/dev/null
BENCH_EXTRA_CLEANUP="'$ROOT/scripts/postgres.sh' stop --workdir '$BENCH_TMP/postgres' >/dev/null 2>&1"
python3 "$BENCH_DIR/gen_articles.py" --out "$BENCH_TMP/corpus" --articles "$ARTICLES" --seed "${HINBOX_BENCH_SEED:-7}" --zipf "$ZIPF"
start_scripted "$BENCH_TMP/corpus/gazetteer.json" "$LATENCY"
home="$BENCH_TMP/home"
INFLIGHT="${INFLIGHT:-$((2 * LLM))}"
make_home "$home" "$LLM" "$INFLIGHT"
read -r -a envs <<<"$(hinbox_env "$home")"
echo "benchmark: workers · scripted server latency ${LATENCY} ms · llm_concurrency ${LLM} and ${INFLIGHT} articles in flight per worker · ${ARTICLES} articles, zipf ${ZIPF} · tracing off"

printf '\n%-8s %-8s %-7s %-9s %-7s %-8s %-9s %-9s %-6s %-7s %-8s %s\n' \
  "workers" "articles" "wall_s" "art/min" "calls" "window_s" "calls/s" "limit/s" "ratio" "x one" "cpu_s" "load(1/5/15)"
one=""
for n in $WORKERS; do
  db="bench_$n"
  dropdb -h 127.0.0.1 -p "$PORT" -U postgres --if-exists "$db"
  createdb -h 127.0.0.1 -p "$PORT" -U postgres "$db"
  url="postgres://postgres@127.0.0.1:$PORT/$db"
  scripted_reset
  load="$(bench_load)"
  pids=()
  start=$EPOCHREALTIME
  for ((i = 1; i <= n; i++)); do
    env -u OPENAI_API_KEY -u OPENROUTER_API_KEY -u GEMINI_API_KEY -u PHOENIX_API_KEY "${envs[@]}" \
      /usr/bin/time -v -o "$BENCH_TMP/w$n-$i.time" "$BIN/hinbox" process "$BENCH_TMP/corpus/articles" --db "$url" \
      --no-cache --no-trace --worker >"$BENCH_TMP/w$n-$i.log" 2>&1 &
    pids+=($!)
  done
  for ((i = 0; i < n; i++)); do
    wait "${pids[$i]}" || { tail -n 20 "$BENCH_TMP/w$n-$((i + 1)).log" >&2; bench_die "worker $((i + 1)) of $n failed"; }
  done
  end=$EPOCHREALTIME
  processed="$(psql -h 127.0.0.1 -p "$PORT" -U postgres -d "$db" -tAc "SELECT COUNT(*) FROM article WHERE status = 'processed'")"
  ((processed == ARTICLES)) || bench_die "$processed of $ARTICLES articles processed with $n workers"
  stats="$(scripted_stats)"
  cpu="$(cat "$BENCH_TMP"/w"$n"-*.time | awk -F': ' '/User time/ {c += $2} /System time/ {c += $2} END {printf "%.1f", c}')"
  awk -v n="$n" -v count="$ARTICLES" -v start="$start" -v end="$end" -v calls="$(json_get "$stats" model_requests)" \
    -v first="$(json_get "$stats" first_model_request_at)" -v last="$(json_get "$stats" last_model_reply_at)" \
    -v llm="$LLM" -v latency="$LATENCY" -v one="$one" -v cpu="$cpu" -v load="$load" 'BEGIN {
      wall = end - start; window = last - first; rate = calls / window; phys = n * llm / (latency / 1000)
      printf "%-8d %-8d %-7.1f %-9.1f %-7d %-8.1f %-9.2f %-9.2f %-6.3f %-7s %-8s %s\n", n, count, wall, count / wall * 60,
        calls, window, rate, phys, rate / phys, (one == "" ? "1.00" : sprintf("%.2f", rate / one)), cpu, load
    }' | tee "$BENCH_TMP/row-$n"
  [[ -n "$one" ]] || one="$(awk '{print $7}' "$BENCH_TMP/row-$n")"
  echo "         $(grep -h '^worker ' "$BENCH_TMP"/w"$n"-*.log | sed 's/worker [^:]*:[0-9]*:/worker /' | tr '\n' ' ')" >&2
done
echo
echo "calls/s = model calls / window (first request to last reply); limit/s = workers x llm_concurrency / latency;"
echo "ratio = calls/s / limit/s; x one = calls/s / the first row's calls/s (goal >= 0.9 x workers); cpu_s: all workers' user+sys."
