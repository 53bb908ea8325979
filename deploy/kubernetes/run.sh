#!/usr/bin/env bash
# Drives a run with kubectl, step after step, each Job waited for until it is Complete or Failed
# — never for ever (issue 22: `kubectl wait --for=condition=complete --timeout=-1s` hangs when
# the Job fails instead).
#   deploy/kubernetes/run.sh submit RUN N IMAGE          plan, ingest, then merge if every index succeeded
#   deploy/kubernetes/run.sh rerun  RUN N IMAGE [SHARDS] re-run shards (default: the ingest Job's
#                                                        .status.failedIndexes), then merge
#   deploy/kubernetes/run.sh merge  RUN N IMAGE          merge as it is (shards with recorded failures too)
# The volumes (pvcs.yaml) must exist. PROTOKOLL_WAIT_TIMEOUT (seconds, default 172800 = 48 h)
# bounds each wait; PROTOKOLL_POLL (default 30) is the time between looks. KUBECTL names the
# client (default kubectl; options such as a namespace: KUBECTL="kubectl -n archive").
# Exit codes: 0 the run's catalogue is merged; 1 a Job could not be created (say, the RUN was
# submitted before: go on with rerun or merge); 2 a Job failed (the indexes to re-run are
# printed, with the command); 3 a wait timed out (the Job goes on; look again with kubectl).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kubectl=${KUBECTL:-kubectl}
[ $# -ge 4 ] || { echo "usage: run.sh submit|rerun|merge RUN N IMAGE [SHARDS]" >&2; exit 2; }
cmd=$1 run=$2 n=$3 image=$4
shift 4

# wait_job NAME: until the Job has condition Complete or Failed (status True), at most
# PROTOKOLL_WAIT_TIMEOUT seconds. Prints Complete or Failed; exit 3 on time out.
wait_job() {
  local deadline=$(($(date +%s) + ${PROTOKOLL_WAIT_TIMEOUT:-172800})) conditions
  while :; do
    conditions=$($kubectl get job "$1" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}' 2>/dev/null || true)
    case " $conditions " in
      *" Complete "*) echo Complete; return 0 ;;
      *" Failed "*) echo Failed; return 0 ;;
    esac
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "protokoll: run: $1 neither complete nor failed after ${PROTOKOLL_WAIT_TIMEOUT:-172800} s; it goes on (kubectl get job $1)" >&2
      return 3
    fi
    sleep "${PROTOKOLL_POLL:-30}"
  done
}
# create STEP [SHARDS]: renders and creates one Job, prints its name.
create() {
  "$here/render.sh" "$1" "$run" "$n" "$image" "${@:2}" | $kubectl create -f - -o name | sed 's|^job[^/]*/||'
}
step() {  # step STEP [SHARDS]: create and wait; returns 0 if Complete, 2 if Failed
  local job state
  job=$(create "$@") || return 1
  echo "protokoll: run: $job created" >&2
  state=$(wait_job "$job") || return 3
  echo "protokoll: run: $job $state" >&2
  [ "$state" = Complete ] || { last_failed=$job; return 2; }
}
failed_help() {  # after a failed ingest or re-run Job: which indexes, and what next
  local shards list idx i
  shards=$($kubectl get job "$1" -o jsonpath='{.status.failedIndexes}' 2>/dev/null || true)
  # A re-run Job's indexes are positions in its list of shards: name the shards.
  list=$($kubectl get job "$1" -o jsonpath='{.spec.template.spec.containers[0].env[?(@.name=="PROTOKOLL_SHARD_LIST")].value}' 2>/dev/null || true)
  if [ -n "$list" ] && [ -n "$shards" ]; then
    IFS=, read -ra list <<<"$list"
    idx=()
    IFS=, read -ra parts <<<"$shards"
    for p in "${parts[@]}"; do
      for ((i = ${p%-*}; i <= ${p#*-}; i++)); do idx+=("${list[$i]}"); done
    done
    shards=$(IFS=,; echo "${idx[*]}")
  fi
  echo "protokoll: run: $1 failed; failed indexes: ${shards:-unknown}" >&2
  echo "  exit code 2 in a pod's log: files that could not be read, recorded in its shard" >&2
  echo "  (protokoll failures --db /data/shards/$run/shard-I-of-$n.sqlite); any other: it died." >&2
  echo "  Re-run them:    $0 rerun $run $n $image ${shards:-SHARDS}" >&2
  echo "  or merge as it is (failures recorded):  $0 merge $run $n $image" >&2
}

last_failed=""
rc=0
case $cmd in
  submit)
    step plan || exit $?
    step ingest || { rc=$?; [ $rc -eq 2 ] && failed_help "$last_failed"; exit $rc; }
    step merge || exit $?
    ;;
  rerun)
    shards=${1:-$($kubectl get job "protokoll-ingest-$run" -o jsonpath='{.status.failedIndexes}')}
    [ -n "$shards" ] || { echo "protokoll: run: no failed indexes in protokoll-ingest-$run; give SHARDS" >&2; exit 2; }
    step rerun "$shards" || { rc=$?; [ $rc -eq 2 ] && failed_help "$last_failed"; exit $rc; }
    step merge || exit $?
    ;;
  merge)
    step merge || exit $?
    ;;
  *) echo "usage: run.sh submit|rerun|merge RUN N IMAGE [SHARDS]" >&2; exit 2 ;;
esac
