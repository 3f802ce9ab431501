#!/usr/bin/env bash
# Model calls and tokens per article, with grounding off and on, against the scripted server.
#
#   scripts/bench/calls.sh [--corpus gum|generated] [--articles N]
#
# gum (default): ../shared/data/gum-news (the scripted server answers with its gold entities);
# skipped with a message when ../shared is not there. generated: N articles (default 40) from
# gen_articles.py. Each run: a fresh database, no reply cache, tracing off, the standard call plan.
# Prints calls, prompt and completion tokens per article, and the grounding calls among them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CORPUS=gum
ARTICLES=40
while (($#)); do
  case "$1" in
    --corpus) CORPUS="$2"; shift 2 ;;
    --articles) ARTICLES="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) bench_die "unknown argument $1 (see --help)" ;;
  esac
done

bench_init
bench_build
bench_machine
case "$CORPUS" in
  gum)
    source_dir="$ROOT/../shared/data/gum-news"
    [[ -d "$source_dir" ]] || { echo "skipped: $source_dir is not here (a fresh clone has no ../shared)"; exit 0; }
    articles="$source_dir"
    start_scripted "$source_dir" 0
    ;;
  generated)
    gen_corpus "$BENCH_TMP/corpus" "$ARTICLES"
    articles="$BENCH_TMP/corpus/articles"
    start_scripted "$BENCH_TMP/corpus/gazetteer.json" 0
    ;;
  *) bench_die "--corpus is gum or generated" ;;
esac
home="$BENCH_TMP/home"
make_home "$home" 16 4
echo "benchmark: model calls and tokens per article · corpus $CORPUS · scripted server at 0 ms · standard call plan"
printf "%-14s %9s %9s %14s %18s %s\n" grounding articles calls/art "prompt tok/art" "completion tok/art" "checked versions"
for mode in off on; do
  extra=()
  [[ $mode == off ]] && extra+=(--no-grounding)
  scripted_reset
  run_hinbox "$home" "$articles" "$BENCH_TMP/$mode.sqlite" "$BENCH_TMP/$mode.log" "${extra[@]}"
  processed="$(summary_field "$BENCH_TMP/$mode.log" processed)"
  calls="$(summary_field "$BENCH_TMP/$mode.log" "LLM calls")"
  prompt="$(summary_field "$BENCH_TMP/$mode.log" prompt)"
  completion="$(summary_field "$BENCH_TMP/$mode.log" completion)"
  checks="$(sqlite3 "$BENCH_TMP/$mode.sqlite" "SELECT COUNT(*) FROM profile_version WHERE grounding IS NOT NULL" 2>/dev/null || echo "?")"
  awk -v m="$mode" -v n="$processed" -v c="$calls" -v p="$prompt" -v k="$completion" -v g="$checks" \
    'BEGIN {printf "%-14s %9d %9.1f %14.0f %18.0f %10s\n", m, n, c / n, p / n, k / n, g}'
done
