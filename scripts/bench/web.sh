#!/usr/bin/env bash
# `hinbox serve` under load (issue 14): median and p99 latency of the list, entity and article
# pages with wrk on loopback against a release build, and the server's RSS before and after.
#
#   scripts/bench/web.sh [--entities 10000] [--versions 10] [--connections 32] [--duration 20s]
#
# Needs wrk (apt-get install -y wrk). Builds `hinbox` in release mode (or uses $HINBOX_BIN), generates a synthetic
# database once (cached in ${HINBOX_CACHE:-~/.cache/hinbox}/bench-web-<entities>x<versions>.sqlite),
# then runs wrk once per page kind with random ids. Results go to stdout (see BENCHMARKS.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
entities=10000 versions=10 connections=32 duration=20s
while (( $# )); do
  case "$1" in
    --entities) entities="$2"; shift 2 ;;
    --versions) versions="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    *) echo "usage: $0 [--entities N] [--versions N] [--connections N] [--duration 20s]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

cd "$root"
echo "== machine: $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg), $(swift --version 2>&1 | sed -n 1p)"
echo "== commit: $(git rev-parse --short HEAD)"
if [[ -n "${HINBOX_BIN:-}" ]]; then
  hinbox="$HINBOX_BIN"   # a release binary built before (e.g. to compare two commits)
else
  swift build -c release --product hinbox 2>&1 | tail -1
  hinbox="$(swift build -c release --show-bin-path)/hinbox"
fi

cache="${HINBOX_CACHE:-$HOME/.cache/hinbox}"
db="$cache/bench-web-${entities}x${versions}.sqlite"
mkdir -p "$cache"
# A database another hinbox wrote (other migrations) is regenerated; an older schema is migrated.
if [[ -s "$db" ]] && ! "$hinbox" profiles list --db "$db" >/dev/null 2>&1; then
  echo "== $db does not open with this binary; regenerating"
  rm -f "$db" "$db-wal" "$db-shm"
fi
if [[ ! -s "$db" ]]; then
  echo "== generating $db"
  rm -f "$db" "$db-wal" "$db-shm"; : > "$db"
  "$hinbox" profiles list --db "$db" >/dev/null   # creates the schema on the empty file
  python3 scripts/bench/gen_web_db.py "$db" --entities "$entities" --versions "$versions" --articles $(( entities * 2 ))
fi

port=$(( 20000 + RANDOM % 20000 ))
log="$(mktemp)"
"$hinbox" serve --db "$db" --port "$port" --phoenix-url http://127.0.0.1:6006 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log" "$lua"' EXIT
for _ in $(seq 1 200); do grep -q "http://" "$log" && break; sleep 0.05; done
grep -q "http://" "$log" || { cat "$log"; exit 1; }
base="http://127.0.0.1:$port"
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
# The server's CPU time so far (user + system) in clock ticks: CPU per request does not depend
# on how busy the other cores are, unlike latency on a shared machine.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ticks_per_second=$(getconf CLK_TCK)
echo "== server pid $pid, RSS at start: $(rss)"

per_type=$(( entities / 4 ))
lua="$(mktemp --suffix=.lua)"
bench() { # name, lua request body
  cat >"$lua" <<LUA
math.randomseed(42)
request = function() return wrk.format(nil, $2) end
LUA
  curl -fsS -o /dev/null "$base/" # warm
  echo "== $1 ($connections connections, $duration)"
  local before out requests
  before=$(cpu_ticks)
  out="$(wrk -t2 -c"$connections" -d"$duration" --latency -s "$lua" "$base")"
  grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors" <<<"$out"
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "   server CPU per request: $(awk -v t=$(( $(cpu_ticks) - before )) -v n="$requests" -v hz="$ticks_per_second" \
    'BEGIN {printf "%.2f ms", n ? 1000 * t / hz / n : 0}') ($requests requests)"
  echo "   RSS after: $(rss), load after: $(cut -d" " -f1-3 /proc/loadavg)"
}
bench "list page  /people?page=N" "\"/people?page=\" .. math.random(1, $(( per_type / 50 )))"
bench "entity page /entity/<id>" "string.format(\"/entity/per_%08d\", math.random(0, $(( per_type - 1 ))))"
bench "article page /article/<id>" "string.format(\"/article/art-%06d\", math.random(0, $(( entities * 2 - 1 ))))"
bench "list page, search q" "\"/organizations?q=water\""
