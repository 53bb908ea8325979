#!/usr/bin/env bash
# The plan Job's pod: walks the archive once and writes the run's manifest,
# SHARDS_DIR/manifest-of-N.tsv, which every ingest pod takes its slice from (issue 22: 1,000 pods
# each walking a million files are 10^10 metadata operations on the file server).
# Environment (set by the Job, deploy/kubernetes/render.sh): PROTOKOLL_SHARDS (N),
# PROTOKOLL_SHARDS_DIR (the run's folder on the shared volume), PROTOKOLL_ARCHIVE (the inputs,
# separated by spaces), PROTOKOLL_LOCAL_DIR (node-local scratch, an emptyDir).
# A manifest already there is kept (exit 0): the split of a run must not change under shards
# already made or re-run; a new plan is a new run (another RUN name, another folder).
set -euo pipefail
n=${PROTOKOLL_SHARDS:?} shards=${PROTOKOLL_SHARDS_DIR:?} archive=${PROTOKOLL_ARCHIVE:?}
manifest="$shards/manifest-of-$n.tsv"
mkdir -p "$shards"
if [ -s "$manifest" ]; then
  echo "protokoll: plan: $manifest is there; kept (a new plan is a new run)" >&2
  exit 0
fi
local_dir=$(mktemp -d "${PROTOKOLL_LOCAL_DIR:-${TMPDIR:-/tmp}}/plan.XXXXXX")
trap 'rm -rf "$local_dir"' EXIT
# shellcheck disable=SC2086  # PROTOKOLL_ARCHIVE is a list of folders
"${PROTOKOLL:-protokoll}" plan --out "$local_dir/manifest.tsv" --shards "$n" $archive
tmp="$manifest.tmp-${HOSTNAME:-plan}"
cp "$local_dir/manifest.tsv" "$tmp"
mv -f "$tmp" "$manifest"
