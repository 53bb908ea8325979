#!/usr/bin/env bash
# One task of a Slurm array: this task's share of the files into its own catalogue file.
#   sbatch --array=0-(N-1) --export=ALL,PROTOKOLL_SHARDS=N \
#          deploy/slurm/ingest-array.sh SHARDS_DIR --manifest MANIFEST
# (usually through deploy/slurm/submit.sh, which makes the manifest once with `protokoll plan`
# and also submits the merge). Instead of `--manifest MANIFEST` INPUT... may be given: every task
# then walks all the inputs itself (issue 22: 10^10 metadata operations for 1,000 tasks over a
# million files), so use it only for small runs.
#
# The task writes its catalogue on node-local disk ($TMPDIR, or PROTOKOLL_LOCAL_DIR), never on
# the shared file system: SQLite's locking is not safe on Lustre or NFS (issue 22, defect 5).
# When ingest is done the shard is copied to SHARDS_DIR/shard-I-of-N.sqlite under a temporary
# name and renamed, so a merge never sees half a shard; N is in the name, so shards of an
# earlier run with another N are not merged. A re-run of the task starts from that copy (what
# it stored stays). The lexicon cache is the task's own ($XDG_CACHE_HOME in its local folder,
# or PROTOKOLL_CACHE_DIR), not one file in $HOME written by 1,000 tasks at once.
#
# Exit codes are ingest's: 0 every file went in; 2 some files could not be read — they are
# recorded in the shard (`protokoll failures --db SHARD`), the shard is copied all the same,
# and the task is marked failed so that the afterok merge waits for a decision (see
# submit.sh: re-run with --retry-failed, or merge as it is); anything else: the task died and
# nothing was copied.
#SBATCH --job-name=protokoll-ingest
#SBATCH --output=protokoll-ingest-%A_%a.log
#SBATCH --time=24:00:00
#SBATCH --mem=8G
set -uo pipefail
shards=$1
shift
protokoll=${PROTOKOLL:-protokoll}
: "${SLURM_ARRAY_TASK_ID:?run as a Slurm array task}"
# The number of shards: PROTOKOLL_SHARDS when set (a re-run of one task, --array=I, is an array
# of one), else the array's size. The shard is the array index plus PROTOKOLL_SHARD_OFFSET: more
# shards than the cluster's MaxArraySize allows in one array are submitted as several arrays.
n=${PROTOKOLL_SHARDS:-${SLURM_ARRAY_TASK_COUNT:?run as a Slurm array task}}
i=$((SLURM_ARRAY_TASK_ID + ${PROTOKOLL_SHARD_OFFSET:-0}))
mkdir -p "$shards" || exit 1
name="shard-$i-of-$n.sqlite"
final="$shards/$name"
local_dir=$(mktemp -d "${PROTOKOLL_LOCAL_DIR:-${TMPDIR:-/tmp}}/protokoll-${SLURM_JOB_ID:-0}-$i.XXXXXX") || exit 1
trap 'rm -rf "$local_dir"' EXIT
export XDG_CACHE_HOME=${PROTOKOLL_CACHE_DIR:-$local_dir/cache}
db="$local_dir/$name"
if [ -s "$final" ]; then
  cp "$final" "$db" || exit 1
fi
# shellcheck disable=SC2086  # PROTOKOLL_INGEST_ARGS is words (--retry-failed, --ocr always …)
"$protokoll" ingest --quiet --shard "$i/$n" \
  --jobs "${SLURM_CPUS_PER_TASK:-1}" --db "$db" ${PROTOKOLL_INGEST_ARGS:-} "$@"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
  echo "protokoll: task $i: ingest ended with exit code $rc; no shard copied" >&2
  exit $rc
fi
# The catalogue is closed: its write-ahead log has been checkpointed into the file.
tmp="$final.tmp-${SLURM_JOB_ID:-0}"
if ! cp "$db" "$tmp" || ! mv -f "$tmp" "$final"; then
  rm -f "$tmp"
  echo "protokoll: task $i: could not copy the shard to $final" >&2
  exit 1
fi
if [ $rc -eq 2 ]; then
  echo "protokoll: task $i: some files could not be read; recorded in $final (protokoll failures --db $final)" >&2
fi
exit $rc
