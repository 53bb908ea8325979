#!/usr/bin/env bash
# The merge job: the N shard catalogues of one run into one (after the array, --dependency=afterok).
#   sbatch --dependency=afterok:ARRAY_JOB deploy/slurm/merge.sh OUT.sqlite SHARDS_DIR N
# Takes exactly SHARDS_DIR/shard-*-of-N.sqlite — never shards of an earlier run with another N —
# and refuses to start when fewer than N are there (a task that never finished).
# Works on node-local disk like the tasks (SQLite's locking is not safe on Lustre or NFS): the
# catalogue OUT, when it is there (merges are incremental), is copied to $TMPDIR (or
# PROTOKOLL_LOCAL_DIR), merged into there, and copied back under a temporary name that is then
# renamed over OUT: readers of the old OUT go on reading it, and a killed merge leaves OUT as it
# was — submit it again. The local folder must hold the whole catalogue.
#SBATCH --job-name=protokoll-merge
#SBATCH --output=protokoll-merge-%j.log
#SBATCH --time=12:00:00
#SBATCH --mem=16G
set -euo pipefail
out=$1
shards=$2
n=${3:-${PROTOKOLL_SHARDS:?give N, the number of shards of the run}}
shopt -s nullglob
files=("$shards"/shard-*-of-"$n".sqlite)
if [ "${#files[@]}" -ne "$n" ]; then
  echo "protokoll: merge: ${#files[@]} of $n shards in $shards (shard-I-of-$n.sqlite); re-run the missing tasks" >&2
  exit 2
fi
local_dir=$(mktemp -d "${PROTOKOLL_LOCAL_DIR:-${TMPDIR:-/tmp}}/protokoll-merge-${SLURM_JOB_ID:-0}.XXXXXX")
trap 'rm -rf "$local_dir"' EXIT
db="$local_dir/$(basename "$out")"
[ -s "$out" ] && cp "$out" "$db"
rc=0
"${PROTOKOLL:-protokoll}" merge --db "$db" "${files[@]}" || rc=$?
# A shard that failed is reported (exit 2) and the others are merged: copy what was merged.
[ -s "$db" ] || exit 2
tmp="$out.tmp-${SLURM_JOB_ID:-0}"
cp "$db" "$tmp"
mv -f "$tmp" "$out"
# Then its lists file (`protokoll index`: the filter columns and the common words' match lists,
# which search and serve map instead of reading them again), written for this state of it; one of
# an earlier state would be ignored by search and serve, so it is not left behind. (Not written
# by merge itself: merges are incremental, the lists belong to the last.)
"${PROTOKOLL:-protokoll}" index --db "$db" || echo "protokoll: merge: no lists file written; searches read the catalogue alone" >&2
if [ -s "$db.lists" ]; then
  cp "$db.lists" "$out.lists.tmp-${SLURM_JOB_ID:-0}" && mv -f "$out.lists.tmp-${SLURM_JOB_ID:-0}" "$out.lists"
else
  rm -f "$out.lists"
fi
exit $rc
