#!/usr/bin/env bash
# Sets up everything the tests need and runs every test (README command 2; .ci/run calls it).
#
#   scripts/test.sh [extra `swift test` arguments]
#
# Installs the system packages, the embedded model server and Phoenix (each idempotent, cached
# under ${HINBOX_CACHE:-~/.cache/hinbox}), starts a loopback Phoenix and the model server on
# test ports, builds, runs the whole suite, and stops what it started. Exits non-zero on any
# failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { echo "[test] $*" >&2; }

PHOENIX_TEST_PORT="${HINBOX_TEST_PHOENIX_PORT:-16006}"
LOCAL_TEST_PORT="${HINBOX_TEST_LOCAL_PORT:-18080}"
POSTGRES_TEST_PORT="${HINBOX_TEST_POSTGRES_PORT:-15432}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/hinbox-test.XXXXXX")"
# The PostgreSQL server runs as the postgres user, which must reach its data under $WORK.
chmod 711 "$WORK"
STARTED_LOCAL=0

cleanup() {
  local status=$?
  scripts/phoenix.sh stop --workdir "$WORK/phoenix" >/dev/null 2>&1 || true
  scripts/postgres.sh stop --workdir "$WORK/postgres" >/dev/null 2>&1 || true
  if [[ $STARTED_LOCAL == 1 ]]; then scripts/local-models.sh stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT INT TERM

t0=$SECONDS
say "system packages (with chromium for the browser tests, iproute2 for the several-hosts test)"
scripts/system-deps.sh --browser --network
say "embedded model server (first time: ~10 min)"; scripts/local-models.sh install >/dev/null
say "Phoenix (first time: ~1 min)"; scripts/phoenix.sh install >/dev/null
say "PostgreSQL (first time: ~1 min)"; scripts/postgres.sh install >/dev/null

say "building (first time: ~5 min)"
# Progress lines are dropped; pipefail still fails the script when the build fails.
swift build --build-tests 2>&1 | grep -Ev "^\[[0-9]+/[0-9]+\]|unhandled; explicitly declare them" | tail -n 40

say "starting Phoenix on 127.0.0.1:$PHOENIX_TEST_PORT, the model server on 127.0.0.1:$LOCAL_TEST_PORT and PostgreSQL"
scripts/phoenix.sh start --port "$PHOENIX_TEST_PORT" --workdir "$WORK/phoenix" >/dev/null
if ! scripts/local-models.sh status --port "$LOCAL_TEST_PORT" >/dev/null 2>&1; then
  running_port="$(sed -n 2p "${HINBOX_CACHE:-$HOME/.cache/hinbox}/local/server.pid" 2>/dev/null || true)"
  if [[ -n "$running_port" ]] && scripts/local-models.sh status --port "$running_port" >/dev/null 2>&1; then
    # One embedded server per machine: reuse the one already running on another port.
    LOCAL_TEST_PORT="$running_port"
  else
    scripts/local-models.sh start --port "$LOCAL_TEST_PORT" >/dev/null
    STARTED_LOCAL=1
  fi
fi
# A throwaway cluster; each PostgreSQL test creates and drops its own database in it. Another
# test run may hold the port (each run has its own cluster): take the next free one.
for _ in $(seq 20); do
  (exec 3<>"/dev/tcp/127.0.0.1/$POSTGRES_TEST_PORT") 2>/dev/null || break
  POSTGRES_TEST_PORT=$((POSTGRES_TEST_PORT + 1))
done
HINBOX_TEST_POSTGRES_URL="$(scripts/postgres.sh start --port "$POSTGRES_TEST_PORT" --workdir "$WORK/postgres" --db hinbox_test)"
export HINBOX_TEST_POSTGRES_URL
say "PostgreSQL at $HINBOX_TEST_POSTGRES_URL"
export HINBOX_TEST_PHOENIX_URL="http://127.0.0.1:$PHOENIX_TEST_PORT"
export HINBOX_TEST_LOCAL_URL="http://127.0.0.1:$LOCAL_TEST_PORT/v1"
export HINBOX_TEST_PHOENIX_SCRIPT="$ROOT/scripts/phoenix.sh"

say "running the tests (set-up took $((SECONDS - t0)) s)"
swift test --skip-build "$@"
say "all tests passed in $((SECONDS - t0)) s"
