#!/usr/bin/env bash
# Writes one step of a run as Kubernetes YAML on stdout, from the templates beside it, with N
# given once: the ingest Job's completions and parallelism and every pod's PROTOKOLL_SHARDS come
# from the same argument (issue 22: N was written by hand in three places). Plain sed over
# __FIELD__ placeholders, no kustomize or Helm: nothing to install, the arguments checked (the
# image pinned, N, the run's name), and it runs, and is tested, where no kubectl is.
#   deploy/kubernetes/render.sh plan   RUN N IMAGE      | kubectl create -f -
#   deploy/kubernetes/render.sh ingest RUN N IMAGE      | kubectl create -f -
#   deploy/kubernetes/render.sh merge  RUN N IMAGE      | kubectl create -f -
#   deploy/kubernetes/render.sh rerun  RUN N IMAGE SHARDS | kubectl create -f -
# RUN names the run (a DNS label of at most 30 characters, e.g. 2026-12-batch1): its Jobs are
# named by it and its manifest and shards live in /data/shards/RUN/ — a new batch is a new RUN,
# so an earlier batch's manifest or shards are never taken. N is the number of shards. IMAGE
# must be pinned: a tag other than latest, or a digest (repo@sha256:…), so every pod of a run —
# and a re-run days later — runs the same build. SHARDS: shard numbers, "17" or "3,17,40-42";
# the re-run Job ingests those with --retry-failed (PROTOKOLL_INGEST_ARGS to change that).
# Merge and re-run Jobs have a generateName (a run may merge and re-run more than once; the API
# server adds a unique suffix): create them with `kubectl create`, not apply. Exit code 2 on a
# bad argument.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage() { echo "usage: render.sh plan|ingest|merge RUN N IMAGE | render.sh rerun RUN N IMAGE SHARDS${1:+ ($1)}" >&2; exit 2; }
[ $# -ge 4 ] || usage
step=$1 run=$2 n=$3 image=$4
[[ $run =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] && [ ${#run} -le 30 ] || usage "RUN '$run' is no DNS label of at most 30 characters"
[[ $n =~ ^[1-9][0-9]*$ ]] && [ "$n" -le 100000 ] || usage "N '$n' is no number of shards (1..100000)"
if [[ $image == *@sha256:* ]]; then
  :
else
  last=${image##*/}
  [[ $last == *:* ]] || usage "IMAGE '$image' has no tag: pin it (name:VERSION or name@sha256:…)"
  [ "${last##*:}" != latest ] || usage "IMAGE '$image': :latest is not a version; pin a tag or a digest"
fi
list="" args="" count=$n field=name
case $step in
  plan) template=plan-job.yaml name=protokoll-plan-$run ;;
  ingest) template=ingest-job.yaml name=protokoll-ingest-$run ;;
  merge) template=merge-job.yaml name=protokoll-merge-$run- field=generateName ;;
  rerun)
    [ $# -ge 5 ] || usage "rerun needs the shard numbers"
    template=ingest-job.yaml name=protokoll-rerun-$run- field=generateName
    shards=()
    IFS=, read -ra parts <<<"$5"
    for p in "${parts[@]}"; do
      lo=${p%-*} hi=${p#*-}
      [[ $lo =~ ^[0-9]+$ && $hi =~ ^[0-9]+$ ]] && [ "$lo" -le "$hi" ] && [ "$hi" -lt "$n" ] ||
        usage "'$p' is no shard of 0..$((n - 1))"
      for ((t = lo; t <= hi; t++)); do shards+=("$t"); done
    done
    list=$(IFS=,; echo "${shards[*]}")
    count=${#shards[@]}
    args=${PROTOKOLL_INGEST_ARGS:---retry-failed}
    ;;
  *) usage ;;
esac
esc() { printf '%s' "$1" | sed 's/[&|\\]/\\&/g'; }
sed -e "s|__NAME_FIELD__|$field|g" -e "s|__NAME__|$(esc "$name")|g" -e "s|__RUN__|$(esc "$run")|g" -e "s|__N__|$n|g" \
  -e "s|__COUNT__|$count|g" -e "s|__IMAGE__|$(esc "$image")|g" -e "s|__SHARD_LIST__|$list|g" \
  -e "s|__INGEST_ARGS__|$(esc "$args")|g" "$here/$template"
