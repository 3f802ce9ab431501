#!/usr/bin/env bash
# Several hosts, on one machine: `hinbox process --worker` in network namespaces of their own
# (ip netns + veth pairs), reaching PostgreSQL over a real network path (not a shared socket), each
# with a scripted model server on its own loopback — then the same with the resolver's holder
# killed with SIGKILL mid-run. Both knowledge bases must equal one worker's on the host.
#
#   scripts/netns-workers.sh [--latency-ms MS]     (root; needs ip, PostgreSQL, a debug build)
#
# Uses namespaces hbx-w1, hbx-w2 and addresses 10.231.1.0/30, 10.231.2.0/30 (one run at a time per
# machine: a lock file serialises runs), removes everything on exit. Binaries: .build/debug
# (HINBOX_NETNS_BIN to change). Exit 0 when both runs equal the reference. The test suite runs it
# (NetworkNamespaceWorkerTests) when it runs as root.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${HINBOX_NETNS_BIN:-$ROOT/.build/debug}"
LATENCY=150
while (($#)); do
  case "$1" in
    --latency-ms) LATENCY="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
say() { printf '[netns %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "error: $*"; exit 1; }
[[ $EUID -eq 0 ]] || die "run as root (ip netns)"
command -v ip >/dev/null || die "needs iproute2 (ip)"
[[ -x "$BIN/hinbox" && -x "$BIN/hinbox-scripted-server" ]] || die "no build in $BIN (swift build)"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)"
[[ -x "$PGBIN/pg_ctl" ]] || die "PostgreSQL is not installed (scripts/postgres.sh install)"

# The namespaces and addresses are fixed: a second run on this machine waits for the first.
exec 9>/tmp/hinbox-netns.lock
flock -w 600 9 || die "another netns-workers.sh run held the lock for 10 minutes"
TMP="$(mktemp -d /tmp/hinbox-netns.XXXXXX)"
chmod 755 "$TMP"
PORT=15495
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
DATA="$TMP/pgdata"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  su postgres -s /bin/sh -c "'$PGBIN/pg_ctl' -D '$DATA' -m immediate stop" >/dev/null 2>&1 || true
  for n in 1 2; do ip netns del "hbx-w$n" 2>/dev/null || true; ip link del "hbx-h$n" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "namespaces hbx-w1, hbx-w2 with veth pairs to this host"
for n in 1 2; do
  # Left behind by a run killed with SIGKILL (its trap never ran).
  ip netns del "hbx-w$n" 2>/dev/null || true; ip link del "hbx-h$n" 2>/dev/null || true
  ip netns add "hbx-w$n"
  ip link add "hbx-h$n" type veth peer name "hbx-n$n"
  ip link set "hbx-n$n" netns "hbx-w$n"
  ip addr add "10.231.$n.1/30" dev "hbx-h$n"
  ip link set "hbx-h$n" up
  ip netns exec "hbx-w$n" ip addr add "10.231.$n.2/30" dev "hbx-n$n"
  ip netns exec "hbx-w$n" ip link set "hbx-n$n" up
  ip netns exec "hbx-w$n" ip link set lo up
done

say "PostgreSQL on 127.0.0.1, 10.231.1.1 and 10.231.2.1 port $PORT (trust for 10.231.0.0/16: a throwaway cluster)"
mkdir -p "$DATA" && chown postgres: "$DATA" && chmod 700 "$DATA"
su postgres -s /bin/sh -c "'$PGBIN/initdb' -D '$DATA' -U postgres -A trust -E UTF8 --locale=C" >"$TMP/initdb.log" 2>&1 \
  || { cat "$TMP/initdb.log" >&2; die "initdb failed"; }
echo "host all all 10.231.0.0/16 trust" >>"$DATA/pg_hba.conf"
su postgres -s /bin/sh -c "'$PGBIN/pg_ctl' -D '$DATA' -l '$DATA/server.log' -w -t 30 \
  -o '-c listen_addresses=127.0.0.1,10.231.1.1,10.231.2.1 -p $PORT -k /tmp -c max_connections=200' start" >/dev/null \
  || { tail -n 20 "$DATA/server.log" >&2; die "pg_ctl start failed"; }
psql_() { psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }

# scripted NS NAME: a scripted server on the loopback of namespace NS (empty: this host); sets URL.
scripted() {
  local ns="$1" file="$TMP/$2.port"
  local run=()
  [[ -z "$ns" ]] || run=(ip netns exec "$ns")
  "${run[@]}" "$BIN/hinbox-scripted-server" "$ROOT/Tests/Fixtures/gazetteer.json" --port 0 --latency-ms "$LATENCY" \
    --port-file "$file" >"$TMP/$2.log" 2>&1 &
  PIDS+=($!)
  local deadline=$((SECONDS + 30))
  until [[ -s "$file" ]]; do ((SECONDS < deadline)) || die "scripted server $2 did not start"; sleep 0.05; done
  URL="http://127.0.0.1:$(tr -d '\n' <"$file")/v1"
}

# worker NS DB BASE_URL LOG: starts a worker in namespace NS (empty: this host), reaching the
# database through that namespace's veth (the host's loopback from the host); sets WORKER.
worker() {
  local ns="$1" db="$2" base="$3" log="$4" host=127.0.0.1
  local run=()
  if [[ -n "$ns" ]]; then run=(ip netns exec "$ns"); host="10.231.${ns#hbx-w}.1"; fi
  "${run[@]}" env HINBOX_HOME="$ROOT" HINBOX_MODEL=scripted HINBOX_EMBEDDING_MODEL=scripted-embeddings HINBOX_NO_TRACE=1 \
    HINBOX_CACHE="$TMP/cache-${ns:-host}" HINBOX_BASE_URL="$base" \
    "$BIN/hinbox" process "$ROOT/data" --worker --no-cache --lease-seconds 2 --poll-ms 20 \
    --db "postgres://postgres@$host:$PORT/$db" >"$log" 2>&1 &
  WORKER=$!
  PIDS+=("$WORKER")
}

# What must be equal: entities, aliases, every version's text, every decision (without run ids and times).
knowledge() {
  psql_ -d "$1" -tA <<'SQL'
SELECT 'entity', id, type, name, current_version FROM entity ORDER BY id;
SELECT 'alias', entity_id, alias FROM alias ORDER BY entity_id, alias;
SELECT 'version', entity_id, version, md5(text), trigger_article_id FROM profile_version ORDER BY entity_id, version;
SELECT 'decision', article_id, entity_type, incoming_name, action, entity_id, reason, threshold, candidates::text, match_check::text
  FROM resolution_decision ORDER BY article_id, entity_type, incoming_name;
SELECT 'article', id, status FROM article ORDER BY id;
SQL
}

scripted "" host; HOST_URL="$URL"
scripted hbx-w1 w1; W1_URL="$URL"
scripted hbx-w2 w2; W2_URL="$URL"

say "reference: one worker on this host"
psql_ -c "CREATE DATABASE reference"
worker "" reference "$HOST_URL" "$TMP/reference.log"
wait "$WORKER" || { cat "$TMP/reference.log" >&2; die "the reference worker failed"; }
knowledge reference >"$TMP/reference.txt"
grep -q '^entity' "$TMP/reference.txt" || die "the reference holds no entity"

# run NAME KILL: two workers in the namespaces and one on the host; with KILL=holder the resolver's
# holder is killed with SIGKILL once 2 articles are committed. Checks that workers connected from
# both namespaces and that the knowledge base equals the reference.
run() {
  local db="$1" kill="$2"
  psql_ -c "CREATE DATABASE $db"
  local pids=() addrs=""
  worker hbx-w1 "$db" "$W1_URL" "$TMP/$db-w1.log"; pids+=("$WORKER")
  worker hbx-w2 "$db" "$W2_URL" "$TMP/$db-w2.log"; pids+=("$WORKER")
  worker "" "$db" "$HOST_URL" "$TMP/$db-host.log"; pids+=("$WORKER")
  local killed="" deadline=$((SECONDS + 180))
  while ((SECONDS < deadline)); do
    addrs="$(printf '%s\n%s' "$addrs" "$(psql_ -d "$db" -tAc "SELECT DISTINCT host(client_addr) FROM pg_stat_activity WHERE datname = '$db' AND client_addr IS NOT NULL")" | sort -u)"
    if [[ "$kill" == holder && -z "$killed" ]]; then
      local holder committed
      holder="$(psql_ -d "$db" -tAc "SELECT holder FROM resolver_fence" 2>/dev/null || true)"
      committed="$(psql_ -d "$db" -tAc "SELECT COUNT(*) FROM work_item WHERE state = 'committed'" 2>/dev/null || echo 0)"
      if [[ -n "$holder" ]] && ((committed >= 2)); then
        killed="$(echo "$holder" | awk -F: '{print $(NF-1)}')"
        ((committed < 10)) || die "$db: the run finished before the holder could be killed"
        say "$db: killing the resolver's holder, pid $killed (after $committed commits)"
        kill -9 "$killed"
        wait "$killed" 2>/dev/null || true
      fi
    fi
    local running=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && running=1; done
    ((running)) || break
    sleep 0.05
  done
  for i in "${!pids[@]}"; do
    [[ "${pids[$i]}" == "$killed" ]] && continue
    wait "${pids[$i]}" || { cat "$TMP/$db"-*.log >&2; die "$db: worker $((i + 1)) failed"; }
  done
  say "$db: clients seen from: $(echo $addrs)"
  grep -q '10.231.1.2' <<<"$addrs" && grep -q '10.231.2.2' <<<"$addrs" || die "$db: no connections from both namespaces"
  [[ -z "$kill" || -n "$killed" ]] || die "$db: the holder was never killed"
  knowledge "$db" >"$TMP/$db.txt"
  diff -u "$TMP/reference.txt" "$TMP/$db.txt" >&2 || die "$db differs from the reference"
  say "$db: equal to the reference ($(grep -c '^entity' "$TMP/$db.txt") entities, $(grep -c '^decision' "$TMP/$db.txt") decisions); $(grep -h '^worker ' "$TMP/$db"-*.log | tr '\n' ' ')"
}

run clean ""
run killed holder
say "passed: workers in their own network namespaces equal one worker, with and without the resolver killed"
