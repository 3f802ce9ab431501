#!/usr/bin/env bash
# hinbox micro-benchmarks (issue 7): candidate search at 10k/100k entities, CPU per LLM call,
# and SQLite store throughput. Builds the Benchmarks/ package in release mode (it resolves its
# own dependencies, including the root package by path) and prints the machine, then the figures.
#
#   scripts/bench/micro.sh                      # everything (~10 min after the first build)
#   scripts/bench/micro.sh ResolutionScale      # one target: ResolutionScale, LLMCallOverhead, StoreCommit
#
# The first build of the dependencies takes several minutes on 2 cores. Results: docs/benchmarks/micro.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root/Benchmarks"

echo "== machine"
echo "cpus:   $(nproc)"
echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || uname -m)"
echo "memory: $(free -h 2>/dev/null | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
echo "swift:  $(swift --version 2>&1 | sed -n 1p)"
echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with local changes)')"
echo

targets=()
for target in "$@"; do targets+=(--target "$target"); done

echo "== build (release)"
log="$(mktemp)"
if ! swift build -c release >"$log" 2>&1; then
    tail -40 "$log"
    exit 1
fi
tail -1 "$log"
rm -f "$log"
echo

echo "== benchmarks"
# Time in µs, percentiles per metric; every benchmark runs in its own process.
swift package --disable-sandbox benchmark --no-progress --time-units microseconds ${targets[@]+"${targets[@]}"}
