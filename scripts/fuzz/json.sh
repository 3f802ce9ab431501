#!/usr/bin/env bash
# Fuzz hinbox's JSON parser and writer with libFuzzer (Swift's -sanitize=fuzzer,address on Linux),
# checking every input against Foundation (see json_fuzz_target.swift). Seeded with the committed
# documents in scripts/fuzz/json-seeds; the dictionary json.dict gives the mutator JSON's tokens.
#
#   scripts/fuzz/json.sh [SECONDS] [WORKDIR]     (default 300 s, /tmp/hinbox-json-fuzz)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/fuzz/common.sh"
fuzz_run json "${1:-300}" "${2:-/tmp/hinbox-json-fuzz}" "$ROOT/scripts/fuzz/json-seeds" "-dict=$ROOT/scripts/fuzz/json.dict" \
  "$ROOT"/Sources/HinboxCore/Support/JSON{Parser,Value,Writer}.swift \
  "$ROOT/Tests/HinboxCoreTests/JSONFoundationOracle.swift" "$ROOT/scripts/fuzz/json_fuzz_target.swift"
