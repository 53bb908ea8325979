#!/usr/bin/env bash
# merge_bands: does merge slow down as the catalogue grows? One catalogue is grown from empty by
# successive `protokoll merge` runs, each taking BAND items (SHARD-item shards made by
# bench/synth through the real store path, distinct seeds, kept in WORK for later runs); the
# CPU seconds (user + system) per merged item are printed per band, and the ratio of the last
# band to the first — issue 22's measure: CPU per item at 1.5–2M within 1.2× of that at 0–250k.
#   bash bench/merge_bands.sh BUILD WORK [TOTAL] [BAND] [SHARD] [RUNS]
#   (default 2,000,000 / 250,000 / 20,000 / 3)
# Each merge starts after `sync`, so the kernel's writeback of the last one is not counted in
# this one. The catalogue is grown RUNS times and each band's least CPU is printed: on a
# shared machine one run's bands differ by a quarter from the next run's (other work adds, it
# never takes away). PROTOKOLL_MERGE_TRACE=1 prints the CPU time of every step of every shard to stderr.
set -euo pipefail
build=$(readlink -f "$1")
work=$2
total=${3:-2000000}
band=${4:-250000}
per=${5:-20000}
runs=${6:-3}
shards=$((total / per))
mkdir -p "$work/merge-bands"
# Shards two at a time (one per core), each made once.
make_shard() {
  local f="$work/merge-bands/$per-$1.sqlite"
  [ -f "$f" ] || { "$build/bench/synth" catalogue "$per" $((7000 + $1)) "$f.part" > /dev/null && mv "$f.part" "$f"; }
}
for i in $(seq 0 2 $((shards - 1))); do
  make_shard "$i" &
  [ $((i + 1)) -lt "$shards" ] && make_shard $((i + 1)) &
  wait
done
db="$work/merge-bands/grown.sqlite"
per_band=$((band / per))
declare -A best
late=()
for run in $(seq 1 "$runs"); do
  rm -f "$db" "$db-wal" "$db-shm"
  for start in $(seq 0 "$per_band" $((shards - 1))); do
    list=()
    for i in $(seq "$start" $((start + per_band - 1))); do
      [ "$i" -lt "$shards" ] && list+=("$work/merge-bands/$per-$i.sqlite")
    done
    sync
    /usr/bin/time -f "%U %S %e %M" -o "$work/merge-bands/time" "$build/protokoll" merge --db "$db" "${list[@]}" 2> /dev/null
    read -r u s e kb < "$work/merge-bands/time"
    cpu=$(echo "$u + $s" | bc)
    if [ -z "${best[$start]:-}" ] || [ "$(echo "$cpu < ${best[$start]%% *}" | bc)" = 1 ]; then
      best[$start]="$cpu $e $((kb / 1024)) ${#list[@]}"
    fi
  done
done
echo "| items in the catalogue | merged | CPU s (user + sys), least of $runs | CPU µs per item | wall s | peak RSS |"
echo "| --- | --- | --- | --- | --- | --- |"
first=""
for start in $(seq 0 "$per_band" $((shards - 1))); do
  read -r cpu e mb n <<< "${best[$start]}"
  items=$((n * per))
  us=$(echo "$cpu * 1000000 / $items" | bc)
  [ -z "$first" ] && first=$us
  from=$((start * per))
  [ "$from" -ge 1500000 ] && [ "$((from + items))" -le 2000000 ] && late+=("$us")
  echo "| $from–$((from + items)) | $items | $cpu | $us | $e | $mb MB |"
done
echo
if [ "${#late[@]}" -gt 0 ]; then
  worst=$(printf '%s\n' "${late[@]}" | sort -n | tail -1)
  echo "bands within 1.5–2M against the first: worst $worst / $first µs per item = $(echo "scale=2; $worst / $first" | bc)×"
fi
