#!/usr/bin/env bash
# How "§" is got back on scans: the three ways side by side on the same scans, against the
# text-layer export of the same pages. Scans are made from real Göteborg protocol text with four
# § label styles (bench/make_scan_corpus.py). Time is single-worker seconds per page.
# usage: bench/ocr_sign_modes.sh [CORPUS_DIR] [MEETINGS]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/goteborg-ks-2024}
meetings=${2:-4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/make_scan_corpus.py "$corpus" "$work" build "$meetings" 150
build/protokoll ingest -q --db "$work/ref.sqlite" "$work/text" >/dev/null 2>&1
build/protokoll export --db "$work/ref.sqlite" > "$work/ref.jsonl" 2>/dev/null
pages=$(sqlite3 "$work/ref.sqlite" "select count(*) from pages")
echo "scans: $meetings protocols, $pages pages; reference: the text-layer export of the same pages"
for mode in raw none swe+eng reread; do
  s=$(date +%s.%N)
  build/protokoll ingest -q --jobs 1 --sign-mode "$mode" --db "$work/$mode.sqlite" "$work/scan" >/dev/null 2>&1
  e=$(date +%s.%N)
  build/protokoll export --db "$work/$mode.sqlite" > "$work/$mode.jsonl" 2>/dev/null
  printf '\n== --sign-mode %s: %.2f s/page (one worker)\n' "$mode" "$(echo "($e - $s) / $pages" | bc -l)"
  python3 bench/compare_exports.py "$work/ref.jsonl" "$work/$mode.jsonl"
done
