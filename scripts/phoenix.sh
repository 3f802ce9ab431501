#!/usr/bin/env bash
# A local Arize Phoenix (trace viewer / OTLP collector) for hinbox, bound to loopback only.
set -euo pipefail

PHOENIX_VERSION=20.26.1     # arize-phoenix, the version hinbox's tracing was checked against
DEFAULT_PORT=6006
START_TIMEOUT="${HINBOX_PHOENIX_START_TIMEOUT:-120}"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROG=phoenix
# shellcheck source=scripts/lib.sh
source "$HERE/lib.sh"

PHX="$HINBOX_CACHE/phoenix"
VENV="$PHX/venv"
LAUNCHER="$PHX/launch_phoenix.py"
RUNDIR="$PHX/run"            # RUNDIR/<port> holds the workdir of the Phoenix on that port
DEFAULT_WORKDIR="$PHX/work"

usage() {
  cat <<EOF
usage: scripts/phoenix.sh <command> [options]

Commands:
  install                          venv with arize-phoenix==$PHOENIX_VERSION in \$HINBOX_CACHE/phoenix/venv
                                   (~1 min, ~850 MB; skipped when present)
  start [--port P] [--workdir DIR] start Phoenix on 127.0.0.1:P (default \$PHOENIX_PORT or $DEFAULT_PORT),
                                   installing it first if needed; prints http://127.0.0.1:P
                                   The OTLP/gRPC receiver listens on 127.0.0.1:\$PHOENIX_GRPC_PORT
                                   (default P+1). Data (SQLite) lives in DIR (default
                                   \$HINBOX_CACHE/phoenix/work); log and pid file there too.
  stop [--port P | --workdir DIR]  stop a Phoenix started by 'start'
  status [--port P]                print the URL and exit 0 if Phoenix answers /readyz, else exit 1

Traces: POST http://127.0.0.1:P/v1/traces (Content-Type: application/x-protobuf).
Passed through when set: PHOENIX_ENABLE_AUTH, PHOENIX_SECRET, PHOENIX_ADMIN_SECRET (and any
other PHOENIX_* setting). Telemetry and external resources are off.
Environment: HINBOX_CACHE (default ~/.cache/hinbox), PHOENIX_PORT, PHOENIX_GRPC_PORT,
  HINBOX_PHOENIX_START_TIMEOUT (s, default 120).
EOF
}

# ------------------------------------------------------------------ install
cmd_install() {
  take_lock "$PHX/.lock"
  local spec="arize-phoenix==$PHOENIX_VERSION"
  if stamp_ok "$VENV/bin/python" "$spec" && [[ -x "$VENV/bin/phoenix" ]]; then
    [[ "${1:-}" == quiet ]] || log "arize-phoenix $PHOENIX_VERSION already installed"
    return 0
  fi
  log "installing $spec into $VENV (~1 min, ~850 MB)"
  rm -rf "$VENV"
  make_venv "$VENV"
  mkdir -p "$PHX/logs"
  if ! "$VENV/bin/pip" install -q --disable-pip-version-check "$spec" >"$PHX/logs/pip.log" 2>&1; then
    tail -n 30 "$PHX/logs/pip.log" >&2
    die "pip install $spec failed (log: $PHX/logs/pip.log); check network/PyPI access and retry"
  fi
  printf '%s\n' "$spec" | write_file "$VENV/bin/python.stamp"
}

# Phoenix binds its OTLP/gRPC receiver to [::]:PORT (all interfaces) whatever PHOENIX_HOST
# says. This launcher rewrites that bind address to 127.0.0.1, then runs `phoenix serve`.
write_launcher() {
  write_file "$LAUNCHER" <<'PY'
"""Run `phoenix serve` with the OTLP/gRPC receiver bound to 127.0.0.1 (written by phoenix.sh)."""
import sys

import grpc.aio

_server = grpc.aio.server


def _loopback_server(*args, **kwargs):
    server = _server(*args, **kwargs)
    for name in ("add_insecure_port", "add_secure_port"):
        orig = getattr(server, name)

        def bind(address, *a, _orig=orig, **kw):
            host, _, port = address.rpartition(":")
            if host in ("[::]", "0.0.0.0", "", "localhost"):
                address = "127.0.0.1:" + port
            return _orig(address, *a, **kw)

        setattr(server, name, bind)
    return server


grpc.aio.server = _loopback_server

from phoenix.server.main import main  # noqa: E402

sys.argv = ["phoenix", *sys.argv[1:]]
sys.exit(main())
PY
}

# ------------------------------------------------------------------ server
ready() { [[ "$(http_code "http://127.0.0.1:$1/readyz")" == 200 ]]; }

PORT="" WORKDIR="" PORT_SET=0 WORKDIR_SET=0
parse_opts() {
  PORT="${PHOENIX_PORT:-$DEFAULT_PORT}"
  WORKDIR="$DEFAULT_WORKDIR"
  while (( $# )); do
    case "$1" in
      --port) [[ $# -ge 2 ]] || die "--port needs a value"; PORT=$2; PORT_SET=1; shift 2 ;;
      --port=*) PORT=${1#--port=}; PORT_SET=1; shift ;;
      --workdir) [[ $# -ge 2 ]] || die "--workdir needs a value"; WORKDIR=$2; WORKDIR_SET=1; shift 2 ;;
      --workdir=*) WORKDIR=${1#--workdir=}; WORKDIR_SET=1; shift ;;
      -h|--help) usage; exit 0 ;;
      *) die "unknown option '$1' (see -h)" ;;
    esac
  done
  check_port "$PORT"
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd -P); }

running_pid() { # running_pid WORKDIR -> pid of the Phoenix started there, if alive
  local pid
  [[ -f "$1/phoenix.pid" ]] || return 1
  pid="$(sed -n 1p "$1/phoenix.pid")"
  pid_matches "$pid" "$LAUNCHER" && echo "$pid"
}

# Refuse to keep a Phoenix that listens on anything but loopback.
check_loopback_only() { # PID
  command -v ss >/dev/null 2>&1 || return 0
  local bad
  bad="$(ss -Hltnp 2>/dev/null | grep -F "pid=$1," | awk '{print $4}' \
    | grep -vE '^(127\.[0-9.]+|\[::1\]|\[::ffff:127\.[0-9.]+\]):[0-9]+$' || true)"
  [[ -z "$bad" ]] || { stop_pid "$1" "$LAUNCHER" 10; die "Phoenix listened on non-loopback address(es): $bad; stopped it"; }
}

cmd_start() {
  parse_opts "$@"
  local grpc="${PHOENIX_GRPC_PORT:-$(( PORT + 1 ))}" url="http://127.0.0.1:$PORT" pid
  check_port "$grpc"
  if ready "$PORT"; then
    log "already running at $url"; echo "$url"; return 0
  fi
  take_lock "$PHX/.lock"
  if ready "$PORT"; then log "already running at $url"; echo "$url"; return 0; fi
  WORKDIR="$(abs_dir "$WORKDIR")"
  if pid="$(running_pid "$WORKDIR")"; then
    die "a Phoenix using $WORKDIR is already running (pid $pid, port $(sed -n 2p "$WORKDIR/phoenix.pid")); stop it first"
  fi
  port_busy "$PORT" && die "127.0.0.1:$PORT is in use by something that is not Phoenix; use --port or PHOENIX_PORT"
  port_busy "$grpc" && die "gRPC port 127.0.0.1:$grpc is in use; set PHOENIX_GRPC_PORT to a free port"
  cmd_install quiet
  write_launcher

  local logfile="$WORKDIR/phoenix.log"
  log "starting Phoenix on 127.0.0.1:$PORT (OTLP/gRPC 127.0.0.1:$grpc, data $WORKDIR)"
  (
    export PHOENIX_WORKING_DIR="$WORKDIR" PHOENIX_HOST=127.0.0.1 PHOENIX_PORT="$PORT" \
      PHOENIX_GRPC_PORT="$grpc"
    # No calls home (telemetry, web fonts, WASM); no ~4,500 lines of migration SQL.
    export PHOENIX_TELEMETRY_ENABLED="${PHOENIX_TELEMETRY_ENABLED:-false}"
    export PHOENIX_ALLOW_EXTERNAL_RESOURCES="${PHOENIX_ALLOW_EXTERNAL_RESOURCES:-false}"
    export PHOENIX_LOG_MIGRATIONS="${PHOENIX_LOG_MIGRATIONS:-false}"
    # Phoenix's own exporter settings must not point it at another collector.
    unset OTEL_EXPORTER_OTLP_ENDPOINT PHOENIX_COLLECTOR_ENDPOINT
    cd "$WORKDIR"
    # setsid: own session/process group; 9>&-: do not inherit the lock fd.
    exec setsid "$VENV/bin/python" "$LAUNCHER" serve >"$logfile" 2>&1 </dev/null 9>&-
  ) &
  pid=$!
  printf '%s\n%s\n%s\n' "$pid" "$PORT" "$grpc" | write_file "$WORKDIR/phoenix.pid"
  mkdir -p "$RUNDIR"
  printf '%s\n' "$WORKDIR" | write_file "$RUNDIR/$PORT"

  local deadline=$(( SECONDS + START_TIMEOUT ))
  until ready "$PORT"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$logfile" >&2; rm -f "$WORKDIR/phoenix.pid" "$RUNDIR/$PORT"
      die "Phoenix exited during startup (log: $logfile)"
    fi
    if (( SECONDS >= deadline )); then
      stop_pid "$pid" "$LAUNCHER" 10; rm -f "$WORKDIR/phoenix.pid" "$RUNDIR/$PORT"
      die "Phoenix not ready after ${START_TIMEOUT}s (log: $logfile); raise HINBOX_PHOENIX_START_TIMEOUT"
    fi
    sleep 0.25
  done
  check_loopback_only "$pid"
  log "ready: $url (pid $pid; log $logfile)"
  echo "$url"
}

cmd_stop() {
  parse_opts "$@"
  (( PORT_SET && WORKDIR_SET )) && die "give either --port or --workdir, not both"
  local wd pid port
  if (( WORKDIR_SET )); then
    wd="$WORKDIR"
  elif [[ -f "$RUNDIR/$PORT" ]]; then
    wd="$(cat "$RUNDIR/$PORT")"
  elif (( PORT_SET )); then
    log "no Phoenix started by this script on port $PORT"; return 0
  else
    wd="$DEFAULT_WORKDIR"
  fi
  if ! pid="$(running_pid "$wd")"; then
    rm -f "$wd/phoenix.pid"; [[ -f "$RUNDIR/$PORT" && "$(cat "$RUNDIR/$PORT")" == "$wd" ]] && rm -f "$RUNDIR/$PORT"
    log "not running"; return 0
  fi
  port="$(sed -n 2p "$wd/phoenix.pid")"
  stop_pid "$pid" "$LAUNCHER" 20
  [[ -n "$port" ]] && { wait_port_free "$port" 10 || die "port $port still busy after stopping pid $pid"; }
  rm -f "$wd/phoenix.pid" "$RUNDIR/$port"
  log "stopped (pid $pid)"
}

cmd_status() {
  parse_opts "$@"
  (( WORKDIR_SET )) && die "status takes --port only"
  if ready "$PORT"; then echo "http://127.0.0.1:$PORT"; return 0; fi
  log "not running on 127.0.0.1:$PORT"; return 1
}

service_main "$@"
