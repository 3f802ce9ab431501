#!/usr/bin/env bash
# Every whole-run benchmark, one after the other (never two at once), each printing the machine it
# ran on and its figures; the output is also saved to /tmp/hinbox-bench-<time>.txt.
#
#   scripts/bench/run-all.sh
#
#   scripts/bench/throughput.sh   articles/min and LLM calls/s vs llm_concurrency / latency (~15-25 min)
#   scripts/bench/tracing.sh      tracing off vs on to a real Phoenix; spans produced vs stored (~15 min)
#   scripts/bench/startup.sh      launch to first LLM request, 10 runs (~1 min)
#   scripts/bench/memory.sh       peak RSS for 100, 300, 1,000 articles (~3 min)
#   scripts/bench/cpu.sh          whole-run CPU per model call at 0 ms latency (~2 min)
#
# Micro-benchmarks (ordo-one/benchmark) are separate: scripts/bench/micro.sh. Results and how to
# read them: docs/benchmarks/runs.md. Environment: see scripts/bench/lib.sh (HINBOX_BENCH_BIN,
# HINBOX_BENCH_NO_BUILD, HINBOX_BENCH_KEEP).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="/tmp/hinbox-bench-$(date +%Y%m%d-%H%M%S).txt"
{
  "$HERE/throughput.sh"
  echo
  # One build is enough.
  export HINBOX_BENCH_NO_BUILD=1
  "$HERE/tracing.sh"
  echo
  "$HERE/startup.sh"
  echo
  "$HERE/memory.sh"
  echo
  "$HERE/cpu.sh"
} 2>&1 | tee "$out"
echo "saved to $out"
