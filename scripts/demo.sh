#!/usr/bin/env bash
# README command 1: set up hinbox on the embedded default and run it over the sample articles.
#
#   scripts/demo.sh
#
# Installs system packages, builds hinbox (release), installs the embedded model server and
# Phoenix (cached under ${HINBOX_CACHE:-~/.cache/hinbox}; each step is skipped when done), starts
# Phoenix on 127.0.0.1:6006, runs `hinbox process data/`, lists the profiles and prints where to
# look in Phoenix. Phoenix keeps running afterwards: `scripts/phoenix.sh stop` stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { echo "[demo] $*" >&2; }

t0=$SECONDS
say "system packages"; scripts/system-deps.sh
say "building hinbox (release; first time ~6 min)"
swift build -c release --product hinbox 2>&1 | grep -Ev "^\[[0-9]+/[0-9]+\]|unhandled; explicitly declare them" | tail -n 20
HINBOX="$(swift build -c release --show-bin-path)/hinbox"
say "embedded model server (first time ~10 min)"; scripts/local-models.sh install >/dev/null
say "Phoenix"; PHOENIX_URL="$(scripts/phoenix.sh start --port "${PHOENIX_PORT:-6006}")"
say "set-up took $((SECONDS - t0)) s"

export PHOENIX_COLLECTOR_ENDPOINT="$PHOENIX_URL"
status=0
"$HINBOX" process data/ || status=$?
echo
"$HINBOX" profiles list
echo
echo "Phoenix: $PHOENIX_URL/redirects/projects/hinbox — one session per run, one trace per article."
echo "Read a profile: $HINBOX profiles show \"Dana Whitfield\""
echo "Stop Phoenix:   scripts/phoenix.sh stop"
exit $status
