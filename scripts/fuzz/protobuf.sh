#!/usr/bin/env bash
# Fuzz HinboxOTLP's protobuf reader and writer with libFuzzer (Swift's -sanitize=fuzzer,address on
# Linux): the reader against a reference decoder on raw wire format, and writer → reader round
# trips (see protobuf_fuzz_target.swift). Seeded with the committed inputs in
# scripts/fuzz/protobuf-seeds.
#
#   scripts/fuzz/protobuf.sh [SECONDS] [WORKDIR]     (default 300 s, /tmp/hinbox-protobuf-fuzz)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/fuzz/common.sh"
fuzz_run protobuf "${1:-300}" "${2:-/tmp/hinbox-protobuf-fuzz}" "$ROOT/scripts/fuzz/protobuf-seeds" "" \
  "$ROOT"/Sources/HinboxOTLP/Protobuf{Reader,Writer}.swift \
  "$ROOT/Tests/HinboxOTLPTests/ProtobufReference.swift" "$ROOT/scripts/fuzz/protobuf_fuzz_target.swift"
