#!/usr/bin/env bash
# bench/volume.sh: a scanned bound volume, as archives scan them, against what a user would
# otherwise run on it — and what an empty page costs. Part of bench/run; runs alone too:
#
#   bash bench/volume.sh            (RUNS=2, OCRMYPDF_RUNS=1; env overrides)
#
# The volume (100 pages) is made by the project's own tools from an 80-page protocol
# (bench/synth → tools/mkpdf → tools/mkvolume): 20 empty versos (some with a scanner edge or the
# page before showing through), 300 dpi grey JPEG, colour JPEG of yellowed paper, bilevel G4,
# 400 dpi grey, and four pages turned in the scanner (90°, 180° twice, 270°). Baselines on the
# same file, same dpi (300), two at a time: pdftoppm + tesseract (one thread each, as ours), and
# ocrmypdf --jobs 2 --sidecar. Times are wall seconds, median of RUNS; CPU seconds beside them
# (the machine is shared: CPU time is the steadier figure).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-2}
OCRMYPDF_RUNS=${OCRMYPDF_RUNS:-1}
work=bench/work/volume
mkdir -p "$work"
for tool in pdftoppm tesseract ocrmypdf qpdf bc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/volume.sh: $tool missing: run scripts/install-bench-deps" >&2; exit 2; }
done
[ -x build/protokoll ] && [ -x build/tools/mkvolume ] && [ -x build/bench/synth ] || bash scripts/build >/dev/null
P=build/protokoll
vol=$work/volume-100.pdf
if [ ! -s "$vol" ]; then
  build/bench/synth pdfsrc 80 31 "$work/text-80.pdfsrc" >/dev/null
  build/tools/mkpdf "$work/text-80.pdfsrc" "$work/text-80.pdf"
  build/tools/mkvolume "$work/text-80.pdf" "$vol" --plan "$work/volume-100.tsv"
fi
pages=$(($(wc -l < "$work/volume-100.tsv") - 1))
db=$work/run.sqlite
fresh() { rm -f "$db" "$db-wal" "$db-shm"; }
# timed OUT_WALL OUT_CPU CMD...: wall and CPU (user + sys, children included) seconds of CMD
timed() {
  local -n w=$1 c=$2; shift 2
  local t; t=$(mktemp)
  /usr/bin/time -f "%e %U %S" -o "$t" "$@" >/dev/null 2>&1 || true
  w+=("$(awk '{print $1}' "$t")"); c+=("$(awk '{print $2 + $3}' "$t")")
  rm -f "$t"
}
med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
f() { printf '%.2f' "$1"; }
ratio() { echo "$1 / $2" | bc -l; }
row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }

echo >&2 "bench/volume.sh: empty pages"
# Empty pages alone: 200 blank text-PDF pages, and 100 empty scanned versos taken from the
# volume; the cost of one is (file of N − file of 1) / (N − 1), so start-up is not counted.
blank_src=$work/blank.pdfsrc
printf -- '---\n\n' > "$blank_src"
build/tools/mkpdf "$blank_src" "$work/blank-1.pdf"
qpdf --empty --pages $(for i in $(seq 200); do printf '%s ' "$work/blank-1.pdf"; done) -- "$work/blank-200.pdf"
empties=$(awk -F'\t' '$2 == "empty" {printf "%s,", $1}' "$work/volume-100.tsv" | sed 's/,$//')
first_empty=${empties%%,*}
qpdf --empty --pages "$vol" "$empties" "$vol" "$empties" "$vol" "$empties" "$vol" "$empties" "$vol" "$empties" -- "$work/versos-100.pdf" 2>/dev/null || true
qpdf --empty --pages "$vol" "$first_empty" -- "$work/versos-1.pdf" 2>/dev/null || true
n_versos=$(qpdf --show-npages "$work/versos-100.pdf")
e_w=(); e_c=(); e1_w=(); e1_c=(); v_w=(); v_c=(); v1_w=(); v1_c=()
for r in $(seq 3); do
  fresh; timed e_w e_c $P ingest -q --jobs 2 --db "$db" "$work/blank-200.pdf"
  fresh; timed e1_w e1_c $P ingest -q --jobs 2 --db "$db" "$work/blank-1.pdf"
  fresh; timed v1_w v1_c $P ingest -q --jobs 2 --db "$db" "$work/versos-1.pdf"
  fresh; timed v_w v_c $P ingest -q --jobs 2 --db "$db" "$work/versos-100.pdf"
done
empty_stored=$(sqlite3 "$db" "SELECT count(*) FROM pages WHERE source = 'empty'")
verso_kb=$(( $(stat -c %s "$work/versos-1.pdf") / 1024 ))
per_text_ms=$(echo "($(med "${e_c[@]}") - $(med "${e1_c[@]}")) * 1000 / 199" | bc -l)
per_scan_ms=$(echo "($(med "${v_c[@]}") - $(med "${v1_c[@]}")) * 1000 / ($n_versos - 1)" | bc -l)

echo >&2 "bench/volume.sh: the volume ($pages pages), RUNS=$RUNS"
o_w=(); o_c=(); b_w=(); b_c=(); m_w=(); m_c=()
for r in $(seq "$RUNS"); do
  fresh; timed o_w o_c $P ingest -q --jobs 2 --db "$db" "$vol"
  rm -rf "$work/png"; mkdir -p "$work/png"
  timed b_w b_c sh -c "pdftoppm -r 300 -gray '$vol' '$work/png/p' && ls '$work'/png/*.pgm | OMP_THREAD_LIMIT=1 xargs -P 2 -I{} tesseract {} {} -l swe"
  if [ "$r" -le "$OCRMYPDF_RUNS" ]; then
    timed m_w m_c ocrmypdf -q -l swe --jobs 2 --force-ocr --sidecar "$work/ocrmypdf.txt" "$vol" "$work/ocrmypdf.pdf"
  fi
done
fresh; rss=$(/usr/bin/time -f %M $P ingest -q --jobs 2 --db "$db" "$vol" 2>&1 >/dev/null | tail -1)
read -r n_ocr n_empty n_turned <<<"$(sqlite3 -separator ' ' "$db" "SELECT sum(source = 'ocr'), sum(source = 'empty'), sum(ocr_variant LIKE '%turned%') FROM pages")"
items=$(sqlite3 "$db" "SELECT count(*) FROM items")
# The turned pages read right: the words of the text page they came from found on them.
turned_ok=0
while IFS=$'\t' read -r pg kind turned; do
  [ "$turned" = "0" ] || [ -z "$turned" ] && continue
  t=$(sqlite3 "$db" "SELECT text FROM pages WHERE page = $pg")
  [ "$(printf '%s' "$t" | grep -c -E 'Beslut|beslut|§')" -gt 0 ] && turned_ok=$((turned_ok + 1))
done < <(tail -n +2 "$work/volume-100.tsv")
n_turn_pages=$(awk -F'\t' 'NR > 1 && $3 != 0' "$work/volume-100.tsv" | wc -l)

echo
echo "protokoll bench/volume.sh — $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), median of $RUNS runs (ocrmypdf: $OCRMYPDF_RUNS)"
echo
row "measure" "protokoll" "baseline" "ratio" "target"
row "---" "---" "---" "---" "---"
row "an empty text-PDF page (200 blank pages; CPU per page)" "$(f "$per_text_ms") ms" "" "" "≤ 10 ms"
row "an empty scanned page ($n_versos noisy 300 dpi JPEG versos of $verso_kb KB; CPU per page)" "$(f "$per_scan_ms") ms" "" "" "≤ 10 ms"
row "volume of $pages pages: ingest --jobs 2 vs pdftoppm + tesseract ×2 (wall)" "$(f "$(med "${o_w[@]}")") s" "$(f "$(med "${b_w[@]}")") s" "$(f "$(ratio "$(med "${o_w[@]}")" "$(med "${b_w[@]}")")")×" "≤ 0.8×"
row "  the same in CPU seconds" "$(f "$(med "${o_c[@]}")") s" "$(f "$(med "${b_c[@]}")") s" "$(f "$(ratio "$(med "${o_c[@]}")" "$(med "${b_c[@]}")")")×" ""
row "volume: ingest --jobs 2 vs ocrmypdf --jobs 2 --sidecar (wall)" "$(f "$(med "${o_w[@]}")") s" "$(f "$(med "${m_w[@]}")") s" "$(f "$(ratio "$(med "${m_w[@]}")" "$(med "${o_w[@]}")")")× faster" "≥ 5× faster"
row "  the same in CPU seconds (ocrmypdf's children included)" "$(f "$(med "${o_c[@]}")") s" "$(f "$(med "${m_c[@]}")") s" "$(f "$(ratio "$(med "${m_c[@]}")" "$(med "${o_c[@]}")")")× less CPU" ""
row "volume: pages OCR'd / found empty / turned (the plan: $((pages - n_turn_pages - $(awk -F'\t' '$2 == "empty"' "$work/volume-100.tsv" | wc -l))) + $n_turn_pages turned, $(awk -F'\t' '$2 == "empty"' "$work/volume-100.tsv" | wc -l) empty)" "$n_ocr / $n_empty / $n_turned" "" "$turned_ok of $n_turn_pages turned pages read" ""
row "volume: § items stored" "$items" "" "" ""
row "peak RSS, ingest --jobs 2 of the volume" "$((rss / 1024)) MB" "" "" "≤ 300 MB"
echo
echo "(the $n_versos versos: $empty_stored stored as empty pages; an empty page's cost is mostly libjpeg's entropy decoding of its noise, even at a quarter of its size)"
