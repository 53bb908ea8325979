#!/usr/bin/env bash
# After a failed task: cancels the merge that can no longer start, re-runs the tasks named
# (each resumes from its shard and retries its recorded failures) and submits a new merge that
# waits for them.
#   deploy/slurm/rerun.sh N OUT.sqlite SHARDS_DIR STALE_MERGE_ID TASKS [-- sbatch options]
# TASKS as sbatch --array takes them ("17" or "3,17,40-42"). The manifest is the run's own,
# SHARDS_DIR/manifest-of-N.tsv (the archive is not walked again). The same limits as submit.sh
# (PROTOKOLL_INGEST_TIME, …). Prints "RERUN_ID MERGE_ID".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=$1 out=$2 shards=$3 stale=$4 tasks=$5
shift 5
[ "${1:-}" = "--" ] && shift
manifest="$shards/manifest-of-$n.tsv"
[ -s "$manifest" ] || { echo "protokoll: rerun: no manifest $manifest (made by submit.sh)" >&2; exit 2; }
scancel "$stale" 2>/dev/null || true
# shellcheck disable=SC2086
rerun=$(sbatch --parsable --time="${PROTOKOLL_INGEST_TIME:-24:00:00}" --mem="${PROTOKOLL_INGEST_MEM:-8G}" \
  ${PROTOKOLL_INGEST_SBATCH:-} "$@" --array="$tasks" \
  --export=ALL,PROTOKOLL_SHARDS="$n",PROTOKOLL_INGEST_ARGS="${PROTOKOLL_INGEST_ARGS:---retry-failed}" \
  "$here/ingest-array.sh" "$shards" --manifest "$manifest")
rerun=${rerun%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable --time="${PROTOKOLL_MERGE_TIME:-12:00:00}" --mem="${PROTOKOLL_MERGE_MEM:-16G}" \
  ${PROTOKOLL_MERGE_SBATCH:-} "$@" --dependency=afterok:"$rerun" "$here/merge.sh" "$out" "$shards" "$n")
echo "$rerun ${merge%%;*}"
