#!/usr/bin/env bash
# One pod of the Indexed ingest Job: shard I of N of the run's manifest into its own catalogue.
# I is the pod's completion index ($JOB_COMPLETION_INDEX); in a re-run Job
# (PROTOKOLL_SHARD_LIST="3,17,40"), completion index j takes the j-th shard of the list.
# Environment (set by the Job, deploy/kubernetes/render.sh): PROTOKOLL_SHARDS (N),
# PROTOKOLL_SHARDS_DIR, PROTOKOLL_LOCAL_DIR (an emptyDir on the node's own disk), PROTOKOLL_JOBS
# (threads: the pod's CPU request), PROTOKOLL_INGEST_ARGS (more ingest options, e.g. --retry-failed).
#
# The catalogue is written on node-local disk, never on the shared volume (SQLite's locking is
# not safe on NFS or Lustre, and its -shm index must not live there: issue 22, defect 5), and
# copied to SHARDS_DIR/shard-I-of-N.sqlite under a temporary name that is then renamed, so the
# merge never sees half a shard; N is in the name, so shards of a run with another N are never
# merged. A re-run starts from that copy (what it stored stays).
#
# Exit codes (the Job's podFailurePolicy acts on them):
#   0  every file of the shard went in; the shard is copied.
#   2  some files could not be read: a result, not a crash — they are recorded in the shard
#      (`protokoll failures --db SHARD`), the shard is copied, and the index is failed at once
#      (FailIndex: a retry would read the same bytes); the operator re-runs it with
#      --retry-failed or merges as it is (README, "Kubernetes").
#   1  anything else (no manifest, ingest died, the copy failed): nothing copied; retried up to
#      backoffLimitPerIndex times.
set -uo pipefail
protokoll=${PROTOKOLL:-protokoll}
n=${PROTOKOLL_SHARDS:?} shards=${PROTOKOLL_SHARDS_DIR:?} index=${JOB_COMPLETION_INDEX:?}
if [ -n "${PROTOKOLL_SHARD_LIST:-}" ]; then
  IFS=, read -ra list <<<"$PROTOKOLL_SHARD_LIST"
  i=${list[$index]:-}
else
  i=$index
fi
if ! [[ $i =~ ^[0-9]+$ ]] || [ "$i" -ge "$n" ]; then
  echo "protokoll: ingest pod: '$i' (completion index $index) is no shard of 0..$((n - 1))" >&2
  exit 1
fi
manifest="$shards/manifest-of-$n.tsv"
if [ ! -s "$manifest" ]; then
  echo "protokoll: ingest pod: no manifest $manifest (the plan Job makes it)" >&2
  exit 1
fi
name="shard-$i-of-$n.sqlite"
final="$shards/$name"
local_dir=$(mktemp -d "${PROTOKOLL_LOCAL_DIR:-${TMPDIR:-/tmp}}/ingest-$i.XXXXXX") || exit 1
trap 'rm -rf "$local_dir"' EXIT
export XDG_CACHE_HOME="$local_dir/cache"
db="$local_dir/$name"
if [ -s "$final" ]; then
  cp "$final" "$db" || exit 1
fi
# shellcheck disable=SC2086  # PROTOKOLL_INGEST_ARGS is words (--retry-failed, --ocr always …)
"$protokoll" ingest --quiet --manifest "$manifest" --shard "$i/$n" --jobs "${PROTOKOLL_JOBS:-1}" \
  --db "$db" ${PROTOKOLL_INGEST_ARGS:-}
rc=$?
if [ $rc -eq 2 ] && ! "$protokoll" failures --db "$db" >/dev/null 2>&1; then
  # Exit code 2 with nothing recorded is an error of the run, not unreadable files.
  echo "protokoll: ingest pod: shard $i: ingest ended with exit code 2 and no failure recorded; no shard copied" >&2
  exit 1
fi
if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
  echo "protokoll: ingest pod: shard $i: ingest ended with exit code $rc; no shard copied" >&2
  exit 1
fi
# The catalogue is closed: its write-ahead log has been checkpointed into the file.
tmp="$final.tmp-${HOSTNAME:-pod}"
if ! cp "$db" "$tmp" || ! mv -f "$tmp" "$final"; then
  rm -f "$tmp"
  echo "protokoll: ingest pod: shard $i: could not copy the shard to $final" >&2
  exit 1
fi
if [ $rc -eq 2 ]; then
  echo "protokoll: ingest pod: shard $i: some files could not be read; recorded in $final (protokoll failures --db $final)" >&2
fi
exit $rc
