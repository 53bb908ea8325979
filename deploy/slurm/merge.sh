#!/usr/bin/env bash
# The merge job: every shard catalogue into one (run after the array with --dependency=afterok).
#   sbatch --dependency=afterok:ARRAY_JOB deploy/slurm/merge.sh OUT.sqlite SHARDS_DIR
# Each shard is merged in one transaction: a merge that is killed is simply submitted again.
#SBATCH --job-name=protokoll-merge
#SBATCH --output=protokoll-merge-%j.log
set -euo pipefail
out=$1
shards=$2
exec "${PROTOKOLL:-protokoll}" merge --db "$out" "$shards"/*.sqlite
