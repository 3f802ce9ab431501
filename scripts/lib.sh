# shellcheck shell=bash
# Shared helpers for hinbox's scripts/*.sh. Source it; do not run it.
# Callers set PROG (used as the log prefix) before sourcing.

HINBOX_CACHE="${HINBOX_CACHE:-$HOME/.cache/hinbox}"
PROG="${PROG:-hinbox}"

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

need_cmd() { # need_cmd CMD HINT
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found. $2"
}

check_port() { # check_port VALUE -> dies unless 1..65535
  if ! [[ "$1" =~ ^[0-9]{1,5}$ ]] || (( 10#$1 < 1 || 10#$1 > 65535 )); then
    die "invalid port '$1' (expected 1-65535)"
  fi
}

port_busy() { # port_busy PORT -> 0 if something accepts TCP on 127.0.0.1:PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

http_code() { # http_code URL [curl args...] -> prints the status code (000 if nothing answered)
  local url=$1; shift
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$url" 2>/dev/null || true
}

# Atomic write: write_file PATH < content
write_file() {
  local tmp
  tmp="$(mktemp "$1.tmp.XXXXXX")"
  chmod 644 "$tmp"
  cat >"$tmp"
  mv -f "$tmp" "$1"
}

# A stamp file next to an artefact records what produced it; a mismatch means "redo".
stamp_ok() { # stamp_ok ARTEFACT EXPECTED
  [[ -e "$1" && -f "$1.stamp" && "$(cat "$1.stamp")" == "$2" ]]
}

# pid_matches PID PATTERN -> 0 if PID is alive and its command line contains PATTERN
# (guards against killing an unrelated process that reused a stale pid).
pid_matches() {
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$1/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$2"
}

# stop_pid PID PATTERN TIMEOUT_S: SIGTERM, wait, then SIGKILL its process group.
stop_pid() {
  local pid=$1 pat=$2 timeout=${3:-20} deadline
  pid_matches "$pid" "$pat" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( SECONDS + timeout ))
  while pid_matches "$pid" "$pat"; do
    if (( SECONDS >= deadline )); then
      log "pid $pid did not exit after ${timeout}s; sending SIGKILL to its process group"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  # Reap children left in the group (setsid made $pid the group leader).
  kill -TERM -- "-$pid" 2>/dev/null || true
}

# wait_port_free PORT TIMEOUT_S
wait_port_free() {
  local deadline=$(( SECONDS + ${2:-10} ))
  while port_busy "$1"; do
    (( SECONDS >= deadline )) && return 1
    sleep 0.2
  done
}

# make_venv DIR: create a venv with a clear message when python3-venv is missing.
make_venv() {
  [[ -x "$1/bin/python" ]] && return 0
  need_cmd python3 "Install Python 3 (e.g. scripts/system-deps.sh)."
  rm -rf "$1"
  if ! python3 -m venv "$1" >/dev/null 2>&1; then
    rm -rf "$1"
    die "python3 -m venv failed. On Debian/Ubuntu run scripts/system-deps.sh (installs python3-venv)."
  fi
}

# take_lock FILE: serialise concurrent runs (install/start) on an exclusive flock; idempotent.
take_lock() {
  [[ -n "${_HINBOX_LOCKED:-}" ]] && return 0
  command -v flock >/dev/null 2>&1 || return 0   # util-linux missing: run unlocked
  mkdir -p "$(dirname "$1")"
  exec 9>"$1"
  if ! flock -n 9; then
    log "another run holds $1; waiting"
    flock 9
  fi
  _HINBOX_LOCKED=1
}

# Make SIGINT/SIGTERM go through the EXIT trap (temporary files get cleaned up).
trap 'exit 130' INT
trap 'exit 143' TERM

# service_main "$@": the command line of a service script (phoenix.sh, postgres.sh,
# local-models.sh): `install` (no options), or any other verb it defines as cmd_<verb>, which gets
# the remaining arguments; help and unknown verbs print the script's usage.
service_main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    install) [[ $# -eq 0 ]] || { usage >&2; exit 2; }; cmd_install ;;
    -h|--help|help) usage ;;
    "") usage >&2; exit 2 ;;
    *)
      if [[ "$cmd" =~ ^[a-z]+$ ]] && declare -F "cmd_$cmd" >/dev/null; then
        "cmd_$cmd" "$@"
      else
        log "unknown command '$cmd'"; usage >&2; exit 2
      fi ;;
  esac
}
