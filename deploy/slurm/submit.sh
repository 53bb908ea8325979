#!/usr/bin/env bash
# Submits the whole job: N ingest tasks, then the merge when all of them succeeded.
#   deploy/slurm/submit.sh N OUT.sqlite SHARDS_DIR INPUT... [-- extra sbatch options]
# Prints the two job ids ("ARRAY_ID MERGE_ID"). Re-run one failed task's shard (it resumes:
# what it stored stays, the rest is read, failures are retried) and merge again:
#   sbatch --array=I --export=ALL,PROTOKOLL_SHARDS=N,PROTOKOLL_INGEST_ARGS=--retry-failed \
#          deploy/slurm/ingest-array.sh SHARDS_DIR INPUT...
#   sbatch --dependency=afterok:THAT_JOB deploy/slurm/merge.sh OUT.sqlite SHARDS_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=$1 out=$2 shards=$3
shift 3
inputs=()
extra=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; extra=("$@"); break; fi
  inputs+=("$1"); shift
done
array=$(sbatch --parsable "${extra[@]}" --export=ALL,PROTOKOLL_SHARDS="$n" --array=0-$((n - 1)) \
  "$here/ingest-array.sh" "$shards" "${inputs[@]}")
array=${array%%;*}
merge=$(sbatch --parsable "${extra[@]}" --dependency=afterok:"$array" "$here/merge.sh" "$out" "$shards")
echo "$array ${merge%%;*}"
