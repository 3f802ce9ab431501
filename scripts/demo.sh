#!/usr/bin/env bash
# README command 1: set up hinbox on the embedded default and run it over the sample articles.
#
#   scripts/demo.sh
#
# Installs system packages; builds hinbox while the embedded model server and Phoenix install
# beside it (cached under ${HINBOX_CACHE:-~/.cache/hinbox}; each step is skipped when done);
# starts Phoenix on 127.0.0.1:6006; runs `hinbox process data/`; lists the profiles; starts the
# web UI (`hinbox serve`, 127.0.0.1:5001) and prints both URLs. Phoenix and the web UI keep
# running afterwards; the last lines say how to stop them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CACHE="${HINBOX_CACHE:-$HOME/.cache/hinbox}"
LOGS="$CACHE/demo-logs"
mkdir -p "$LOGS"
t0=$SECONDS
say() { echo "[demo $(elapsed $((SECONDS - t0)))] $*" >&2; }
elapsed() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# wait_for PID WHAT LOG FIRST-RUN-MINUTES: waits, saying every 30 s how long the step (started
# with the set-up, at $setup_start) has been running.
wait_for() {
  local pid=$1 what=$2 log=$3 minutes=$4
  while kill -0 "$pid" 2>/dev/null; do
    local running=$((SECONDS - setup_start))
    if ((running % 30 == 0)); then
      say "   … still on the $what ($(elapsed $running) so far; the first run takes ~$minutes min; log: $log)"
    fi
    sleep 1
  done
  if ! wait "$pid"; then
    tail -n 20 "$log" >&2
    say "the $what failed; its log: $log"
    exit 1
  fi
}

say "1/4 system packages"
scripts/system-deps.sh

# The slow parts of a first run side by side: the model server's install is mostly downloads,
# then a nice'd C++ build; Phoenix's is downloads into a venv; hinbox's build is CPU. Later
# runs find all three done in seconds.
say "2/4 set-up, side by side — first run: embedded model server ~9 min, hinbox build ~5 min, Phoenix ~1 min"
setup_start=$SECONDS
scripts/local-models.sh install >"$LOGS/local-models.log" 2>&1 &
models_pid=$!
scripts/phoenix.sh install >"$LOGS/phoenix.log" 2>&1 &
phoenix_pid=$!
# A debug build: the model's seconds per call dwarf hinbox's milliseconds, and it is what
# scripts/test.sh builds, so a machine that ran the tests builds nothing here.
swift build --product hinbox 2>&1 | grep -Ev "^\[[0-9]+/[0-9]+\]|unhandled; explicitly declare them" | tail -n 20
HINBOX="$(swift build --show-bin-path)/hinbox"
say "   hinbox built"
wait_for "$phoenix_pid" "Phoenix install" "$LOGS/phoenix.log" 1
say "   Phoenix installed"
wait_for "$models_pid" "embedded model server install" "$LOGS/local-models.log" 9
say "   embedded model server installed"

say "3/4 starting Phoenix"
PHOENIX_URL="$(scripts/phoenix.sh start --port "${PHOENIX_PORT:-6006}")"
say "set-up done"

say "4/4 processing the sample articles with the demo model (first run ~5 min; a rerun skips unchanged articles)"
export PHOENIX_COLLECTOR_ENDPOINT="$PHOENIX_URL"
status=0
"$HINBOX" process data/ || status=$?
echo
"$HINBOX" profiles list
echo
# The web UI over what was built; a web UI a previous demo left running is stopped first.
SERVE_PID_FILE="$CACHE/demo-serve.pid"
if [[ -f "$SERVE_PID_FILE" ]]; then kill "$(cat "$SERVE_PID_FILE")" 2>/dev/null || true; fi
WEB_PORT="${HINBOX_WEB_PORT:-5001}"
nohup "$HINBOX" serve --port "$WEB_PORT" --phoenix-url "$PHOENIX_URL" >"$LOGS/serve.log" 2>&1 &
echo $! >"$SERVE_PID_FILE"
for _ in $(seq 1 50); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$WEB_PORT/" || true)" == 200 ]] && break
  sleep 0.2
done
echo "Browse:  http://127.0.0.1:$WEB_PORT — profiles, versions and citations, articles, the review queue."
echo "Phoenix: $PHOENIX_URL/redirects/projects/hinbox — one session per run, one trace per article."
echo "Read a profile: $HINBOX profiles show \"Dana Whitfield\""
echo "Stop them: kill \$(cat $SERVE_PID_FILE); scripts/phoenix.sh stop"
say "done"
exit $status
