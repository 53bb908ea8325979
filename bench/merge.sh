#!/usr/bin/env bash
# merge: time and peak memory to join SHARDS shard catalogues of ITEMS items each (made by
# bench/synth through the real store path, with distinct seeds, kept in WORK for later runs).
#   bash bench/merge.sh BUILD WORK [SHARDS] [ITEMS_PER_SHARD]     (default 10 × 100,000 = 1M)
set -euo pipefail
build=$(readlink -f "$1")
work=$2
shards=${3:-10}
per=${4:-100000}
mkdir -p "$work/merge-shards"
for i in $(seq 0 $((shards - 1))); do
  f="$work/merge-shards/$per-$i.sqlite"
  [ -f "$f" ] || "$build/bench/synth" catalogue "$per" $((1000 + i)) "$f" >&2
done
rm -f "$work/merged.sqlite"*
/usr/bin/time -f "%e %M" -o "$work/merge.time" "$build/protokoll" merge --db "$work/merged.sqlite" \
  $(for i in $(seq 0 $((shards - 1))); do echo "$work/merge-shards/$per-$i.sqlite"; done) 2>"$work/merge.log"
read -r secs kb < "$work/merge.time"
items=$(sqlite3 "$work/merged.sqlite" "SELECT count(*) FROM items")
echo "| merge $shards shards × $per items ($items items) | ${secs} s | peak RSS $((kb / 1024)) MB | $(du -m "$work/merged.sqlite" | cut -f1) MB catalogue |"
