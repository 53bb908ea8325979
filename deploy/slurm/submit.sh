#!/usr/bin/env bash
# Submits the whole job: the manifest made once, N ingest tasks that take their slices of it,
# then the merge when all of them succeeded.
#   deploy/slurm/submit.sh N OUT.sqlite SHARDS_DIR INPUT... [-- sbatch options for both steps]
# Prints the job ids ("ARRAY_ID MERGE_ID"). An array holds at most the cluster's MaxArraySize
# tasks (scontrol show config; or PROTOKOLL_ARRAY_CHUNK): more shards are submitted as several
# arrays of consecutive shards (ARRAY_ID is then their ids joined by commas, as squeue -j and
# scancel take them), and the merge waits for all of them.
#
# `protokoll plan` walks the inputs here, once (not once per task), and writes
# SHARDS_DIR/manifest-of-N.tsv: every file with its size, pages and expected cost; task I takes
# the files a greedy split by cost gives it (`ingest --manifest … --shard I/N`), so the slowest
# task is close to the mean. Shards are SHARDS_DIR/shard-I-of-N.sqlite.
#
# Limits, each step its own (environment, with these defaults):
#   PROTOKOLL_INGEST_TIME=24:00:00  PROTOKOLL_INGEST_MEM=8G    (per task; ~1 GB per OCR thread)
#   PROTOKOLL_MERGE_TIME=12:00:00   PROTOKOLL_MERGE_MEM=16G
#   PROTOKOLL_INGEST_SBATCH, PROTOKOLL_MERGE_SBATCH: more sbatch options for one step only
#   (e.g. PROTOKOLL_INGEST_SBATCH="--cpus-per-task=8 --partition=long").
# Options after `--` go to both steps and come last, so they override the defaults.
#
# When a task fails the merge can never start (afterok): it stays pending for ever with the
# reason DependencyNeverSatisfied. `sacct -j ARRAY_ID` tells the failed tasks; exit code 2 means
# files that could not be read (listed by `protokoll failures --db SHARDS_DIR/shard-I-of-N.sqlite`),
# anything else that the task died. Then cancel the stale merge and re-run those tasks with a
# new merge — deploy/slurm/rerun.sh does these three steps:
#   scancel MERGE_ID
#   sbatch --parsable --array=I[,J…] --export=ALL,PROTOKOLL_SHARDS=N,PROTOKOLL_INGEST_ARGS=--retry-failed \
#          deploy/slurm/ingest-array.sh SHARDS_DIR --manifest SHARDS_DIR/manifest-of-N.tsv
#   sbatch --dependency=afterok:RERUN_ID deploy/slurm/merge.sh OUT.sqlite SHARDS_DIR N
# Files that stay unreadable keep the re-run at exit 2; to merge with them recorded as failures,
# submit the merge alone: sbatch deploy/slurm/merge.sh OUT.sqlite SHARDS_DIR N.
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
mkdir -p "$shards"
manifest="$shards/manifest-of-$n.tsv"
"${PROTOKOLL:-protokoll}" plan --out "$manifest" --shards "$n" "${inputs[@]}" >&2
chunk=${PROTOKOLL_ARRAY_CHUNK:-$(scontrol show config 2>/dev/null | awk '$1 == "MaxArraySize" {print $3}')}
chunk=${chunk:-1001}
arrays=()
for ((first = 0; first < n; first += chunk)); do
  size=$((n - first < chunk ? n - first : chunk))
  # shellcheck disable=SC2086  # the per-step options are words
  id=$(sbatch --parsable --time="${PROTOKOLL_INGEST_TIME:-24:00:00}" --mem="${PROTOKOLL_INGEST_MEM:-8G}" \
    ${PROTOKOLL_INGEST_SBATCH:-} "${extra[@]}" --export=ALL,PROTOKOLL_SHARDS="$n",PROTOKOLL_SHARD_OFFSET="$first" \
    --array=0-$((size - 1)) "$here/ingest-array.sh" "$shards" --manifest "$manifest")
  arrays+=("${id%%;*}")
done
ids=$(IFS=,; echo "${arrays[*]}")
# shellcheck disable=SC2086
merge=$(sbatch --parsable --time="${PROTOKOLL_MERGE_TIME:-12:00:00}" --mem="${PROTOKOLL_MERGE_MEM:-16G}" \
  ${PROTOKOLL_MERGE_SBATCH:-} "${extra[@]}" --dependency=afterok:"${ids//,/:}" "$here/merge.sh" "$out" "$shards" "$n")
echo "$ids ${merge%%;*}"
