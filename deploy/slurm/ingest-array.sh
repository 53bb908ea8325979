#!/usr/bin/env bash
# One task of a Slurm array: this task's share of the inputs into its own catalogue file.
#   sbatch --array=0-(N-1) --cpus-per-task=C deploy/slurm/ingest-array.sh SHARDS_DIR INPUT...
# (or deploy/slurm/submit.sh, which also submits the merge). Each task writes only
# SHARDS_DIR/TASK.sqlite — on local disk or a shared filesystem, but never one SQLite file
# written from many nodes. Files that fail are recorded in the shard (merged like the rest, and
# retried with `ingest --retry-failed`); the task fails only when protokoll itself does.
#SBATCH --job-name=protokoll-ingest
#SBATCH --output=protokoll-ingest-%A_%a.log
set -uo pipefail
shards=$1
shift
protokoll=${PROTOKOLL:-protokoll}
: "${SLURM_ARRAY_TASK_ID:?run as a Slurm array task}"
# The number of shards: PROTOKOLL_SHARDS when set (a re-run of one task, --array=I, is an array
# of one), else the array's size.
n=${PROTOKOLL_SHARDS:-${SLURM_ARRAY_TASK_COUNT:?run as a Slurm array task}}
mkdir -p "$shards"
db="$shards/$SLURM_ARRAY_TASK_ID.sqlite"
"$protokoll" ingest --quiet --shard "$SLURM_ARRAY_TASK_ID/$n" \
  --jobs "${SLURM_CPUS_PER_TASK:-1}" --db "$db" ${PROTOKOLL_INGEST_ARGS:-} "$@"
rc=$?
if [ $rc -eq 2 ] && "$protokoll" failures --db "$db" >/dev/null 2>&1; then
  echo "protokoll: task $SLURM_ARRAY_TASK_ID: some files could not be read; recorded in $db" >&2
  rc=0
fi
exit $rc
