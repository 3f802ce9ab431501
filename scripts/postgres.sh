#!/usr/bin/env bash
# A local PostgreSQL cluster for hinbox (`--db postgres://…`), bound to loopback only.
set -euo pipefail

DEFAULT_PORT=5433            # not 5432: Debian's own cluster may be there
DEFAULT_DB=hinbox

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROG=postgres
# shellcheck source=scripts/lib.sh
source "$HERE/lib.sh"

PGC="$HINBOX_CACHE/postgres"

usage() {
  cat <<EOF
usage: scripts/postgres.sh <command> [options]

Commands:
  install                          Debian's postgresql via apt-get when initdb/pg_ctl are missing
                                   (skipped when present)
  start [--port P] [--workdir DIR] [--db NAME]
                                   initdb (first time) and start a cluster on 127.0.0.1:P (default
                                   \$HINBOX_POSTGRES_PORT or $DEFAULT_PORT), socket in /tmp, trust
                                   authentication (a throwaway cluster for tests and local use:
                                   anyone on this machine can connect). Creates database NAME
                                   (default $DEFAULT_DB) and prints postgres://postgres@127.0.0.1:P/NAME.
                                   Data, log and pid live in DIR/data (default
                                   \$HINBOX_CACHE/postgres/P). Installs PostgreSQL first if needed.
  stop [--port P | --workdir DIR]  stop a cluster started by 'start' (the data stays)
  status [--port P] [--db NAME]    print the URL and exit 0 if the server accepts connections, else exit 1

The server refuses to run as root: as root, initdb and pg_ctl run as the 'postgres' user, on a
data directory it owns (when it cannot reach DIR, e.g. under /root, the data goes to
~postgres/hinbox/<port> and DIR/datadir says where).
Environment: HINBOX_CACHE (default ~/.cache/hinbox), HINBOX_POSTGRES_PORT.
EOF
}

# ------------------------------------------------------------------ install
pg_bindir() { # the directory of initdb/pg_ctl (newest Debian version first), or nothing
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && dirname "$(command -v pg_ctl)"
}

cmd_install() {
  if [[ -n "$(pg_bindir)" ]]; then
    [[ "${1:-}" == quiet ]] || log "PostgreSQL already installed ($(pg_bindir))"
    return 0
  fi
  take_lock "$PGC/.lock"
  [[ -n "$(pg_bindir)" ]] && return 0
  [[ $EUID -eq 0 ]] || die "PostgreSQL is not installed; run as root, or: sudo apt-get install -y postgresql"
  need_cmd apt-get "Install PostgreSQL (initdb, pg_ctl) with your system's package manager."
  log "installing Debian's postgresql (apt-get, ~1 min)"
  mkdir -p "$PGC"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; } >"$PGC/apt.log" 2>&1; then
    tail -n 20 "$PGC/apt.log" >&2
    die "apt-get install postgresql failed (log: $PGC/apt.log)"
  fi
  [[ -n "$(pg_bindir)" ]] || die "postgresql installed but initdb/pg_ctl not found under /usr/lib/postgresql/*/bin"
}

# ------------------------------------------------------------------ server
PORT="" WORKDIR="" DB="" PORT_SET=0 WORKDIR_SET=0
parse_opts() {
  PORT="${HINBOX_POSTGRES_PORT:-$DEFAULT_PORT}"
  WORKDIR="" DB="$DEFAULT_DB"
  while (( $# )); do
    case "$1" in
      --port) [[ $# -ge 2 ]] || die "--port needs a value"; PORT=$2; PORT_SET=1; shift 2 ;;
      --port=*) PORT=${1#--port=}; PORT_SET=1; shift ;;
      --workdir) [[ $# -ge 2 ]] || die "--workdir needs a value"; WORKDIR=$2; WORKDIR_SET=1; shift 2 ;;
      --workdir=*) WORKDIR=${1#--workdir=}; WORKDIR_SET=1; shift ;;
      --db) [[ $# -ge 2 ]] || die "--db needs a value"; DB=$2; shift 2 ;;
      --db=*) DB=${1#--db=}; shift ;;
      -h|--help) usage; exit 0 ;;
      *) die "unknown option '$1' (see -h)" ;;
    esac
  done
  check_port "$PORT"
  [[ "$DB" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "invalid database name '$DB' (lower-case letters, digits, _)"
  [[ -n "$WORKDIR" ]] || WORKDIR="$PGC/$PORT"
}

# as_pg CMD...: runs CMD as the postgres user when we are root, else as ourselves.
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    local quoted
    printf -v quoted '%q ' "$@"
    su postgres -s /bin/sh -c "$quoted"
  else
    "$@"
  fi
}

# data_dir WORKDIR -> where the cluster's files are (see usage).
data_dir() {
  if [[ -f "$1/datadir" ]]; then cat "$1/datadir"; return 0; fi
  if [[ $EUID -ne 0 ]] || su postgres -s /bin/sh -c "test -x '$1'" 2>/dev/null; then
    echo "$1/data"
  else
    local home
    home="$(getent passwd postgres | cut -d: -f6)"
    echo "${home:-/var/lib/postgresql}/hinbox/$PORT"
  fi
}

url() { echo "postgres://postgres@127.0.0.1:$PORT/$DB"; }

accepting() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; }

psql_admin() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@"; }

cmd_start() {
  parse_opts "$@"
  cmd_install quiet
  BIN="$(pg_bindir)"
  mkdir -p "$WORKDIR"
  WORKDIR="$(cd "$WORKDIR" && pwd -P)"
  local data
  data="$(data_dir "$WORKDIR")"
  if as_pg "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "already running (data $data)"
  else
    port_busy "$PORT" && die "127.0.0.1:$PORT is in use by something else; use --port or HINBOX_POSTGRES_PORT"
    [[ "$data" == "$WORKDIR/data" ]] || echo "$data" | write_file "$WORKDIR/datadir"
    mkdir -p "$data"
    [[ $EUID -eq 0 ]] && chown postgres: "$data"
    chmod 700 "$data"
    if [[ ! -f "$data/PG_VERSION" ]]; then
      log "initdb $data"
      as_pg "$BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C >"$WORKDIR/initdb.log" 2>&1 \
        || { tail -n 20 "$WORKDIR/initdb.log" >&2; die "initdb failed (log: $WORKDIR/initdb.log)"; }
    fi
    log "starting PostgreSQL on 127.0.0.1:$PORT (data $data)"
    as_pg "$BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k /tmp" start >/dev/null \
      || { tail -n 20 "$data/server.log" >&2 2>/dev/null || true; die "pg_ctl start failed (log: $data/server.log)"; }
  fi
  accepting || die "the server on 127.0.0.1:$PORT does not accept connections (log: $data/server.log)"
  if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]]; then
    psql_admin -c "CREATE DATABASE \"$DB\"" >/dev/null
  fi
  url
}

cmd_stop() {
  parse_opts "$@"
  (( PORT_SET && WORKDIR_SET )) && die "give either --port or --workdir, not both"
  BIN="$(pg_bindir)"
  [[ -n "$BIN" ]] || { log "PostgreSQL is not installed; nothing to stop"; return 0; }
  [[ -d "$WORKDIR" ]] || { log "not running ($WORKDIR does not exist)"; return 0; }
  local data
  data="$(data_dir "$(cd "$WORKDIR" && pwd -P)")"
  if ! as_pg "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then log "not running"; return 0; fi
  as_pg "$BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  log "stopped (data $data)"
}

cmd_status() {
  parse_opts "$@"
  (( WORKDIR_SET )) && die "status takes --port and --db only"
  BIN="$(pg_bindir)"
  [[ -n "$BIN" ]] || { log "PostgreSQL is not installed (scripts/postgres.sh install)"; return 1; }
  if accepting; then url; return 0; fi
  log "not running on 127.0.0.1:$PORT"; return 1
}

service_main "$@"
