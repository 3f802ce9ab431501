#!/usr/bin/env bash
# Parquet input at scale: peak RSS (/usr/bin/time -v) of (1) the Parquet reader alone scanning a
# generated file of --mb MB (default 200) row group by row group, and (2) `hinbox process` over
# the same file with --limit N (default 20) against the scripted server, i.e. loading every row
# as an article and processing N of them.
#
#   scripts/bench/parquet.sh [--mb MB] [--rows-per-group N] [--limit N] [--compression C]
#
# pyarrow goes into a venv under ${HINBOX_CACHE:-~/.cache/hinbox}/parquet-venv; the generated
# file is cached beside it (parquet-bench-<mb>mb-<rows>-<codec>.parquet) and reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MB=200
ROWS=5000
LIMIT=20
CODEC=snappy
while (($#)); do
  case "$1" in
    --mb) MB="$2"; shift 2 ;;
    --rows-per-group) ROWS="$2"; shift 2 ;;
    --limit) LIMIT="$2"; shift 2 ;;
    --compression) CODEC="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1 (see --help)" ;;
  esac
done

CACHE="${HINBOX_CACHE:-$HOME/.cache/hinbox}"
VENV="$CACHE/parquet-venv"
if ! "$VENV/bin/python" -c 'import pyarrow' 2>/dev/null; then
  bench_log "installing pyarrow into $VENV"
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pyarrow
fi

bench_init
bench_build
bench_machine
file="$CACHE/parquet-bench-${MB}mb-${ROWS}-${CODEC}.parquet"
if [[ ! -s "$file" ]]; then
  bench_log "generating $file"
  "$VENV/bin/python" "$BENCH_DIR/gen_parquet.py" --out "$file.tmp" --mb "$MB" --rows-per-group "$ROWS" --compression "$CODEC" >&2
  mv "$file.tmp" "$file"
fi
file_mb="$(du -m "$file" | cut -f1)"
echo "benchmark: parquet · $file ($file_mb MB, $CODEC, $ROWS rows per row group) · hinbox process --limit $LIMIT"

bench_log "compiling the reader-only scan (swiftc -O)"
swiftc -O -parse-as-library -I "$ROOT/Sources/CZlib" -I "$ROOT/Sources/CZstd" \
  "$ROOT"/Sources/HinboxParquet/*.swift "$BENCH_DIR/parquet_scan.swift" -o "$BENCH_TMP/parquet-scan" >&2
/usr/bin/time -v -o "$BENCH_TMP/scan.time" "$BENCH_TMP/parquet-scan" "$file" >"$BENCH_TMP/scan.log"
scan_rss="$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$BENCH_TMP/scan.time")"
echo "reader alone:   peak RSS $scan_rss MB · $(cat "$BENCH_TMP/scan.log")"

gen_corpus "$BENCH_TMP/corpus" 10 >/dev/null
start_scripted "$BENCH_TMP/corpus/gazetteer.json" 1
home="$BENCH_TMP/home"
make_home "$home" 16 16
mkdir -p "$BENCH_TMP/in" && ln -s "$file" "$BENCH_TMP/in/articles.parquet"
run_hinbox "$home" "$BENCH_TMP/in" "$BENCH_TMP/db.sqlite" "$BENCH_TMP/run.log" --limit "$LIMIT"
grep -q "$LIMIT processed, 0 failed" "$BENCH_TMP/run.log" || { cat "$BENCH_TMP/run.log" >&2; bench_die "not every article was processed"; }
echo "hinbox process: peak RSS $(awk -v k="$RUN_RSS_KB" 'BEGIN {printf "%.1f", k / 1024}') MB · wall $RUN_WALL s · cpu $RUN_CPU s"
echo
echo "peak RSS: maximum resident set size (GNU time -v). The reader holds one row group at a time;"
echo "hinbox process reads the input twice: a scan without the texts to plan, then each text as its article starts."
