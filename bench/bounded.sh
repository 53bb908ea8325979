#!/usr/bin/env bash
# bench/bounded.sh: memory and time against the size of the input (issue "Volumes as archives
# hold them", part 4). One-line text volumes of 8, 32 and 200 MB (bench/oneline.py: realistic
# minutes' phrasing, § items, no line break), a 2 GB file that is no protocol (random bytes) and
# two 200 MB volumes at once; each ingested with `--jobs 2` into a fresh catalogue under
# /usr/bin/time. Prints wall seconds, CPU seconds (user + system: the machine is shared, so the
# wall time alone can hide linearity), MB/s and peak RSS.
#
#   bash bench/bounded.sh                      (this build)
#   BEFORE=/path/to/old/protokoll bash bench/bounded.sh
#       also the old binary on the 8 MB text and the 2 GB file (SIZES_BEFORE="8 32" for more:
#       the old splitter was quadratic, 32 MB took minutes)
#
# Inputs are made in bench/work/bounded/ (not committed) and deleted afterwards unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
P=${P:-build/protokoll}
[ -x "$P" ] || bash scripts/build >/dev/null
work=bench/work/bounded
mkdir -p "$work"
SIZES=${SIZES:-"8 32 200"}
SIZES_BEFORE=${SIZES_BEFORE:-"8"}
cleanup() { [ "${KEEP:-}" = 1 ] || rm -rf "$work"; }
trap cleanup EXIT

for s in $SIZES; do
  [ -s "$work/volume-$s.txt" ] || /usr/bin/python3 bench/oneline.py "$s" "$work/volume-$s.txt"
done
[ -s "$work/random-2g.txt" ] || head -c $((2 << 30)) /dev/urandom > "$work/random-2g.txt"

# run LABEL BINARY FILE...: one ingest --jobs 2 into a fresh catalogue; prints a table row.
run() {
  local label=$1 bin=$2; shift 2
  local db=$work/run.sqlite out
  rm -f "$db" "$db-wal" "$db-shm"
  local bytes=0 f
  for f in "$@"; do bytes=$((bytes + $(stat -c %s "$f"))); done
  out=$( (/usr/bin/time -f '%e %U %S %M' "$bin" ingest -q --jobs 2 --db "$db" "$@" 2>&1 >/dev/null || true) | tail -1)
  read -r wall user sys rss <<<"$out"
  local items
  items=$(/usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from items').fetchone()[0])" "$db" 2>/dev/null || echo 0)
  printf '| %s | %.0f MB | %s | %.1f s | %.1f s | %.2f MB/s | %d MB |\n' "$label" "$(echo "$bytes / 1048576" | bc -l)" \
    "$items" "$wall" "$(echo "$user + $sys" | bc -l)" "$(echo "$bytes / 1048576 / $wall" | bc -l)" $((rss / 1024))
  rm -f "$db" "$db-wal" "$db-shm"
}

echo "bench/bounded.sh: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg), code $(git rev-parse --short HEAD)"
echo
echo "| input | size | § items | wall | CPU | MB/s (wall) | peak RSS |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for s in $SIZES; do run "one-line text, $s MB" "$P" "$work/volume-$s.txt"; done
run "random bytes, 2 GB (no protocol)" "$P" "$work/random-2g.txt"
case " $SIZES " in *" 200 "*)
  cp "$work/volume-200.txt" "$work/volume-200b.txt"
  printf ' ' >> "$work/volume-200b.txt"  # other bytes, the same text
  run "two one-line texts of 200 MB at once" "$P" "$work/volume-200.txt" "$work/volume-200b.txt"
  rm -f "$work/volume-200b.txt" ;;
esac
if [ -n "${BEFORE:-}" ]; then
  for s in $SIZES_BEFORE; do
    [ -s "$work/volume-$s.txt" ] || /usr/bin/python3 bench/oneline.py "$s" "$work/volume-$s.txt"
    run "before: one-line text, $s MB" "$BEFORE" "$work/volume-$s.txt"
  done
  run "before: random bytes, 2 GB (no protocol)" "$BEFORE" "$work/random-2g.txt"
fi
