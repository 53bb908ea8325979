#!/usr/bin/env bash
# The merge Job's pod: the N shards of the run into the catalogue.
# Takes exactly SHARDS_DIR/shard-*-of-N.sqlite — never shards of a run with another N — and
# refuses to start when fewer than N are there (exit 2: an index never finished; re-run it).
# The shards are read where they are, on a read-only mount (merge opens them immutable: no lock,
# no -wal or -shm file). The catalogue PROTOKOLL_CATALOGUE, when it is there (merges are
# incremental), is copied to node-local disk (PROTOKOLL_LOCAL_DIR, an emptyDir that must hold
# the whole catalogue), merged there, copied back under a temporary name and renamed over it:
# readers of the old catalogue go on reading it, and a killed merge leaves it as it was.
# Exit codes: merge's (0; 2 a shard was refused — the others are merged and copied back);
# 1 the copy failed.
set -euo pipefail
n=${PROTOKOLL_SHARDS:?} shards=${PROTOKOLL_SHARDS_DIR:?} out=${PROTOKOLL_CATALOGUE:?}
shopt -s nullglob
files=("$shards"/shard-*-of-"$n".sqlite)
if [ "${#files[@]}" -ne "$n" ]; then
  echo "protokoll: merge pod: ${#files[@]} of $n shards in $shards (shard-I-of-$n.sqlite); re-run the missing indexes" >&2
  exit 2
fi
local_dir=$(mktemp -d "${PROTOKOLL_LOCAL_DIR:-${TMPDIR:-/tmp}}/merge.XXXXXX")
trap 'rm -rf "$local_dir"' EXIT
export XDG_CACHE_HOME="$local_dir/cache"
db="$local_dir/$(basename "$out")"
[ -s "$out" ] && cp "$out" "$db"
rc=0
"${PROTOKOLL:-protokoll}" merge --db "$db" "${files[@]}" || rc=$?
[ -s "$db" ] || exit 2
tmp="$out.tmp-${HOSTNAME:-merge}"
cp "$db" "$tmp" || { rm -f "$tmp"; exit 1; }
mv -f "$tmp" "$out"
# Then its lists file (`protokoll index`: the filter columns and the common words' match lists,
# which search and serve map instead of reading them again), written for this state of it; one of
# an earlier state would be ignored by search and serve, so it is not left behind. (Not written
# by merge itself: merges are incremental, the lists belong to the last.)
"${PROTOKOLL:-protokoll}" index --db "$db" || echo "protokoll: merge: no lists file written; searches read the catalogue alone" >&2
if [ -s "$db.lists" ]; then
  cp "$db.lists" "$out.lists.tmp-${HOSTNAME:-merge}" && mv -f "$out.lists.tmp-${HOSTNAME:-merge}" "$out.lists"
else
  rm -f "$out.lists"
fi
exit $rc
