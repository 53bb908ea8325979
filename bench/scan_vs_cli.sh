#!/usr/bin/env bash
# protokoll ingest --jobs 2 on a scanned PDF vs what a user would run by hand:
#   pdftoppm -r 300 -gray, then tesseract -l swe on the pages two at a time (OMP_THREAD_LIMIT=1).
# Median of RUNS runs each, same input, same machine, one after the other.
# usage: bench/scan_vs_cli.sh SCANNED.pdf [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
pdf=$1
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
ours=(); cli=()
for r in $(seq "$runs"); do
  rm -f "$work"/c.sqlite*
  s=$(now); build/protokoll ingest -q --jobs 2 --db "$work/c.sqlite" "$pdf" >/dev/null 2>&1; e=$(now)
  ours+=("$(echo "$e - $s" | bc -l)")
  rm -rf "$work/png"; mkdir -p "$work/png"
  s=$(now)
  pdftoppm -r 300 -gray "$pdf" "$work/png/p"
  ls "$work"/png/*.pgm | OMP_THREAD_LIMIT=1 xargs -P 2 -I{} tesseract {} {} -l swe >/dev/null 2>&1
  e=$(now)
  cli+=("$(echo "$e - $s" | bc -l)")
done
o=$(printf '%s\n' "${ours[@]}" | median); c=$(printf '%s\n' "${cli[@]}" | median)
printf '%s: %s pages, %s runs\n' "$pdf" "$pages" "$runs"
printf '  protokoll ingest --jobs 2           %6.2f s  (%.2f s/page)\n' "$o" "$(echo "$o / $pages" | bc -l)"
printf '  pdftoppm + tesseract -l swe (x2)    %6.2f s  (%.2f s/page)\n' "$c" "$(echo "$c / $pages" | bc -l)"
printf '  ratio protokoll / CLI               %6.2f\n' "$(echo "$o / $c" | bc -l)"
