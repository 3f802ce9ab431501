#!/usr/bin/env bash
# A screenshot of one entity's page in `hinbox serve`, for reading the docs: writes
# docs/screenshots/entity.png, which git ignores (the project commits no screenshots, so each
# checkout makes its own). Needs a knowledge base (scripts/demo.sh builds ./hinbox.sqlite) and
# Debian's chromium (scripts/system-deps.sh --browser).
#
#   scripts/screenshot.sh [--db FILE] [--entity NAME] [--out FILE]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
db="$root/hinbox.sqlite" entity="" out="$root/docs/screenshots/entity.png"
while (($#)); do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --entity) entity="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 [--db FILE] [--entity NAME] [--out FILE]" >&2; exit 2 ;;
  esac
done
[[ -s "$db" ]] || { echo "no knowledge base at $db: run scripts/demo.sh first, or pass --db" >&2; exit 1; }
browser="$(command -v chromium || true)"
[[ -n "$browser" ]] || { echo "chromium is missing: scripts/system-deps.sh --browser" >&2; exit 1; }
cd "$root"
swift build --product hinbox 2>&1 | tail -1
hinbox="$(swift build --show-bin-path)/hinbox"
# The entity with the most versions, unless one is named.
if [[ -z "$entity" ]]; then
  entity="$("$hinbox" profiles list --db "$db" --json | python3 -c \
    'import json, sys; rows = json.load(sys.stdin); print(max(rows, key=lambda r: (r["version"], len(r["article_ids"])))["id"])')"
fi
id="$("$hinbox" profiles show "$entity" --db "$db" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')"
port=$(( 20000 + RANDOM % 20000 ))
"$hinbox" serve --db "$db" --port "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)" == 200 ]] && break
  sleep 0.1
done
mkdir -p "$(dirname "$out")"
profile="$(mktemp -d)"
"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --user-data-dir="$profile" \
  --hide-scrollbars --window-size=1400,1000 --virtual-time-budget=3000 --screenshot="$out" "http://127.0.0.1:$port/entity/$id" \
  >/dev/null 2>&1
rm -rf "$profile"
[[ -s "$out" ]] || { echo "chromium wrote no screenshot" >&2; exit 1; }
echo "$out: the page of $entity (http://127.0.0.1:$port/entity/$id while this ran)"
