#!/usr/bin/env bash
# After a failed task: cancels the merge that can no longer start, re-runs the tasks named
# (each resumes from its shard and retries its recorded failures) and submits a new merge that
# waits for them.
#   deploy/slurm/rerun.sh N OUT.sqlite SHARDS_DIR STALE_MERGE_ID TASKS [-- sbatch options]
# TASKS are shard numbers, as sbatch --array takes them ("17" or "3,17,40-42"); they are
# submitted in arrays of at most MaxArraySize as submit.sh did. The manifest is the run's own,
# SHARDS_DIR/manifest-of-N.tsv (the archive is not walked again). The same limits as submit.sh
# (PROTOKOLL_INGEST_TIME, …). Prints "RERUN_ID MERGE_ID".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=$1 out=$2 shards=$3 stale=$4 tasks=$5
shift 5
[ "${1:-}" = "--" ] && shift
manifest="$shards/manifest-of-$n.tsv"
[ -s "$manifest" ] || { echo "protokoll: rerun: no manifest $manifest (made by submit.sh)" >&2; exit 2; }
chunk=${PROTOKOLL_ARRAY_CHUNK:-$(scontrol show config 2>/dev/null | awk '$1 == "MaxArraySize" {print $3}')}
chunk=${chunk:-1001}
# The shard numbers, grouped by the array of submit.sh they belonged to: index = shard - offset.
declare -A group
IFS=, read -ra parts <<<"$tasks"
for p in "${parts[@]}"; do
  lo=${p%-*} hi=${p#*-}
  [[ $lo =~ ^[0-9]+$ && $hi =~ ^[0-9]+$ && $hi -lt $n ]] || { echo "protokoll: rerun: '$p' is no shard of 0..$((n - 1))" >&2; exit 2; }
  for ((t = lo; t <= hi; t++)); do
    g=$((t / chunk))
    group[$g]="${group[$g]:+${group[$g]},}$((t - g * chunk))"
  done
done
scancel "$stale" 2>/dev/null || true
arrays=()
for g in "${!group[@]}"; do
  # shellcheck disable=SC2086
  id=$(sbatch --parsable --time="${PROTOKOLL_INGEST_TIME:-24:00:00}" --mem="${PROTOKOLL_INGEST_MEM:-8G}" \
    ${PROTOKOLL_INGEST_SBATCH:-} "$@" --array="${group[$g]}" \
    --export=ALL,PROTOKOLL_SHARDS="$n",PROTOKOLL_SHARD_OFFSET=$((g * chunk)),PROTOKOLL_INGEST_ARGS="${PROTOKOLL_INGEST_ARGS:---retry-failed}" \
    "$here/ingest-array.sh" "$shards" --manifest "$manifest")
  arrays+=("${id%%;*}")
done
ids=$(IFS=,; echo "${arrays[*]}")
# shellcheck disable=SC2086
merge=$(sbatch --parsable --time="${PROTOKOLL_MERGE_TIME:-12:00:00}" --mem="${PROTOKOLL_MERGE_MEM:-16G}" \
  ${PROTOKOLL_MERGE_SBATCH:-} "$@" --dependency=afterok:"${ids//,/:}" "$here/merge.sh" "$out" "$shards" "$n")
echo "$ids ${merge%%;*}"
