#!/usr/bin/env bash
# Fuzz the Parquet reader with libFuzzer (Swift's -sanitize=fuzzer,address on Linux), seeded with
# the committed fixtures. Findings (crash-*, oom-*, timeout-*) land in the work directory.
#
#   scripts/fuzz/parquet.sh [SECONDS] [WORKDIR]     (default 300 s, /tmp/hinbox-parquet-fuzz)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_TO_RUN="${1:-300}"
WORK="${2:-/tmp/hinbox-parquet-fuzz}"
mkdir -p "$WORK/corpus"
cp -n "$ROOT"/Tests/Fixtures/parquet/*.parquet "$WORK/corpus/"
swiftc -O -sanitize=fuzzer,address -parse-as-library -I "$ROOT/Sources/CZlib" -I "$ROOT/Sources/CZstd" \
  "$ROOT"/Sources/HinboxParquet/*.swift "$ROOT/scripts/fuzz/parquet_fuzz_target.swift" -o "$WORK/parquet-fuzzer" 2>&1 \
  | grep -v "Cannot export local symbol '__asan" || true
cd "$WORK"
./parquet-fuzzer corpus -max_total_time="$SECONDS_TO_RUN" -max_len=16384 -timeout=10 \
  -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1
