# Shared by scripts/bench/*.sh (sourced, not run). Whole-run benchmarks of hinbox against the
# scripted OpenAI-compatible server, on loopback only, in a temp dir under /tmp that is removed on
# exit (HINBOX_BENCH_KEEP=1 keeps it), killing everything started here.
#
# Environment:
#   HINBOX_BENCH_BIN       directory holding release builds of hinbox and hinbox-scripted-server
#                          (default: <checkout>/.build/release, built incrementally first)
#   HINBOX_BENCH_NO_BUILD  1: don't run `swift build -c release` before measuring
#   HINBOX_BENCH_KEEP      1: keep the temp dir (articles, databases, logs) and print its path
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/../.." && pwd)"
BIN="${HINBOX_BENCH_BIN:-$ROOT/.build/release}"
# config/ and prompts/ come from the checkout the binaries were built in (<checkout>/.build/release).
CONFIG_ROOT="$ROOT"
_dir="$BIN"
while [[ "$_dir" != / && "$_dir" != . ]]; do
  _dir="$(dirname "$_dir")"
  if [[ -d "$_dir/config/domains" && -d "$_dir/prompts" ]]; then CONFIG_ROOT="$_dir"; break; fi
done
unset _dir
BENCH_PIDS=()
BENCH_TMP=""

bench_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
bench_die() { bench_log "error: $*"; exit 1; }

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      # Give it up to 10 s to exit, then insist.
      local deadline=$((SECONDS + 10))
      while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  if [[ -n "${BENCH_EXTRA_CLEANUP:-}" ]]; then eval "$BENCH_EXTRA_CLEANUP" || true; fi
  if [[ -n "$BENCH_TMP" && -d "$BENCH_TMP" ]]; then
    if [[ "${HINBOX_BENCH_KEEP:-}" == 1 ]]; then bench_log "kept $BENCH_TMP"; else rm -rf "$BENCH_TMP"; fi
  fi
}

# Creates the temp dir and the exit trap.
bench_init() {
  BENCH_TMP="$(mktemp -d /tmp/hinbox-bench.XXXXXX)"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

# Builds the two release products unless told not to (an incremental build is quick when nothing changed).
bench_build() {
  if [[ -z "${HINBOX_BENCH_BIN:-}" && "${HINBOX_BENCH_NO_BUILD:-}" != 1 ]]; then
    bench_log "swift build -c release (hinbox, hinbox-scripted-server) in $ROOT"
    (cd "$ROOT" && swift build -c release --product hinbox >&2 && swift build -c release --product hinbox-scripted-server >&2)
  fi
  [[ -x "$BIN/hinbox" && -x "$BIN/hinbox-scripted-server" ]] \
    || bench_die "no release build in $BIN (run: swift build -c release, or set HINBOX_BENCH_BIN)"
}

bench_load() { cut -d' ' -f1-3 /proc/loadavg; }

# The machine, toolchain and build a figure was taken on.
bench_machine() {
  local cpu mem swift commit
  cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  mem="$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  swift="$(swift --version 2>&1 | sed -n 1p)"
  commit="$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "machine: $(nproc) CPUs ($cpu), $mem RAM, $(uname -sr)"
  echo "toolchain: $swift"
  [[ "$CONFIG_ROOT" == "$ROOT" ]] || commit="$(cat "$CONFIG_ROOT/BENCH_COMMIT" 2>/dev/null || echo "a copy")"
  echo "build: $BIN (checkout $CONFIG_ROOT at $commit)"
  echo "load average (1/5/15 min) at start: $(bench_load)"
}

# make_home DIR LLM_CONCURRENCY ARTICLE_CONCURRENCY: a hinbox home (HINBOX_HOME) whose
# config/hinbox.yaml is the checkout's with those two limits (in the home, so a run's limits can
# be read back from it); domains and prompts are the checkout's.
make_home() {
  local dir="$1" llm="$2" articles="$3"
  mkdir -p "$dir/config"
  ln -sfn "$CONFIG_ROOT/config/domains" "$dir/config/domains"
  ln -sfn "$CONFIG_ROOT/prompts" "$dir/prompts"
  sed -E -e "s/^llm_concurrency:.*/llm_concurrency: $llm/" -e "s/^concurrency:.*/concurrency: $articles/" \
    "$CONFIG_ROOT/config/hinbox.yaml" >"$dir/config/hinbox.yaml"
  grep -q "^llm_concurrency: $llm\$" "$dir/config/hinbox.yaml" || bench_die "could not set llm_concurrency in $dir/config/hinbox.yaml"
  # HINBOX_BENCH_PROFILE_BATCH=N: articles per block of folded profile updates (default: the plan's).
  if [[ -n "${HINBOX_BENCH_PROFILE_BATCH:-}" ]]; then echo "profile_batch: $HINBOX_BENCH_PROFILE_BATCH" >>"$dir/config/hinbox.yaml"; fi
}

# gen_corpus DIR N: N deterministic articles in DIR/articles and their gazetteer in DIR/gazetteer.json.
gen_corpus() {
  python3 "$BENCH_DIR/gen_articles.py" --out "$1" --articles "$2" --seed "${HINBOX_BENCH_SEED:-7}"
}

# start_scripted GAZETTEER LATENCY_MS [--otlp]: starts the scripted server on an ephemeral loopback
# port; sets SCRIPTED_URL (http://127.0.0.1:P, no /v1) and SCRIPTED_PID. With --otlp it also runs a
# span-counting OTLP collector, whose endpoint is `json_get "$(scripted_stats)" otlp_endpoint`.
start_scripted() {
  local gazetteer="$1" latency="$2" portfile
  shift 2
  portfile="$BENCH_TMP/scripted.port.$RANDOM"
  "$BIN/hinbox-scripted-server" "$gazetteer" --port 0 --latency-ms "$latency" --port-file "$portfile" "$@" \
    >"$BENCH_TMP/scripted.log" 2>&1 &
  SCRIPTED_PID=$!
  BENCH_PIDS+=("$SCRIPTED_PID")
  local deadline=$((SECONDS + 30))
  until [[ -s "$portfile" ]]; do
    kill -0 "$SCRIPTED_PID" 2>/dev/null || { cat "$BENCH_TMP/scripted.log" >&2; bench_die "the scripted server exited"; }
    ((SECONDS < deadline)) || bench_die "the scripted server did not start within 30 s"
    sleep 0.05
  done
  SCRIPTED_URL="http://127.0.0.1:$(tr -d '\n' <"$portfile")"
}

stop_scripted() {
  kill "$SCRIPTED_PID" 2>/dev/null || true
  wait "$SCRIPTED_PID" 2>/dev/null || true
}

# The scripted server's CPU time so far (user + system), in seconds.
scripted_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$SCRIPTED_PID/stat"; }
scripted_stats() { curl -fsS --max-time 30 "$SCRIPTED_URL/_scripted/stats"; }
scripted_reset() { curl -fsS --max-time 30 -X POST "$SCRIPTED_URL/_scripted/reset" >/dev/null; }

# hinbox_env HOME_DIR: the environment a benchmark run of hinbox gets (printed as NAME=value words
# for `env`): the scripted server for chat and embeddings, its own cache (and so its own trace
# spool), tracing off unless PHOENIX_COLLECTOR_ENDPOINT is passed to run_hinbox.
hinbox_env() {
  echo "HINBOX_HOME=$1" "HINBOX_MODEL=scripted" "HINBOX_EMBEDDING_MODEL=scripted-embeddings" \
    "HINBOX_BASE_URL=$SCRIPTED_URL/v1" "HINBOX_CACHE=$1/cache"
}

# run_hinbox HOME_DIR ARTICLES_DIR DB LOG [extra hinbox process args…]: runs `hinbox process` under
# /usr/bin/time -v, without the reply cache (every run's calls reach the server); sets RUN_WALL (s), RUN_RSS_KB, RUN_CPU (user+sys s), RUN_RC. Tracing is
# off unless HINBOX_TRACE_ENDPOINT is set (then it exports there).
run_hinbox() {
  local home="$1" articles="$2" db="$3" log="$4"
  shift 4
  local trace=(--no-trace) envs
  read -r -a envs <<<"$(hinbox_env "$home")"
  if [[ -n "${HINBOX_TRACE_ENDPOINT:-}" ]]; then
    trace=(--project "${HINBOX_TRACE_PROJECT:-hinbox-bench}")
    envs+=("PHOENIX_COLLECTOR_ENDPOINT=$HINBOX_TRACE_ENDPOINT")
  fi
  local start end
  start=$EPOCHREALTIME
  set +e
  env -u OPENAI_API_KEY -u OPENROUTER_API_KEY -u GEMINI_API_KEY -u PHOENIX_API_KEY -u HINBOX_NO_TRACE \
    -u OTEL_EXPORTER_OTLP_ENDPOINT -u OTEL_EXPORTER_OTLP_TRACES_ENDPOINT "${envs[@]}" \
    /usr/bin/time -v -o "$log.time" "$BIN/hinbox" process "$articles" --db "$db" --no-cache "${trace[@]}" "$@" >"$log" 2>&1
  RUN_RC=$?
  set -e
  end=$EPOCHREALTIME
  RUN_START=$start
  RUN_WALL="$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')"
  RUN_RSS_KB="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.time")"
  RUN_CPU="$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u + s}' "$log.time")"
  if ((RUN_RC != 0)); then
    tail -n 20 "$log" >&2
    bench_die "hinbox process exited with $RUN_RC (log above)"
  fi
}

# summary_field LOG PATTERN: the number before PATTERN in hinbox's run summary (commas dropped).
summary_field() {
  grep -oE "[0-9,]+ $2" "$1" | tail -1 | cut -d' ' -f1 | tr -d ,
}

# json_get JSON KEY: a top-level field of a JSON object.
json_get() { jq -r ".$2" <<<"$1"; }
