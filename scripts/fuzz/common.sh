# Sourced by scripts/fuzz/json.sh and protobuf.sh: builds a libFuzzer target with swiftc
# (-sanitize=fuzzer,address) and runs it in a work directory seeded from a committed folder.
#
#   fuzz_run NAME SECONDS WORKDIR SEEDS "EXTRA FUZZER FLAGS" SOURCE...
# Findings (crash-*, oom-*, timeout-*) land in WORKDIR; the corpus grows in WORKDIR/corpus.
fuzz_run() {
  local name=$1 seconds=$2 work=$3 seeds=$4 extra=$5
  shift 5
  mkdir -p "$work/corpus"
  cp -n "$seeds"/* "$work/corpus/"
  swiftc -O -sanitize=fuzzer,address -parse-as-library "$@" -o "$work/$name-fuzzer" 2>&1 \
    | grep -v "Cannot export local symbol '__asan" || true
  cd "$work"
  # shellcheck disable=SC2086 # EXTRA holds several flags
  "./$name-fuzzer" corpus $extra -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1
}
