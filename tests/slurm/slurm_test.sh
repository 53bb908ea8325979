#!/usr/bin/env bash
# Sharded ingest on a real Slurm (one node, started here by hand: no systemd), merged, and
# compared with a single-machine ingest of the same files; then one task killed mid-run, its
# shard re-run, merged again and compared again. Stops exactly the daemons it started, by pid.
#   tests/slurm/slurm_test.sh PROTOKOLL_BINARY SOURCE_DIR WORK_DIR
# Ends with 'N passed, N failed'.
set -uo pipefail
bin=$(readlink -f "$1")
src=$(readlink -f "$2")
work=$3
rm -rf "$work"
mkdir -p "$work"
work=$(readlink -f "$work")
passed=0
failed=0
check() {  # check CONDITION-EXIT-CODE WHAT
  if [ "$1" -eq 0 ]; then passed=$((passed + 1)); echo "ok: $2"; else failed=$((failed + 1)); echo "FAILED: $2"; fi
}
pids=()
stop_all() {
  for f in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munge/munged.pid"; do
    [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  sleep 1
  for f in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munge/munged.pid"; do
    [ -s "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
  done
}
trap stop_all EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
host=$(hostname -s)

# munge: its own key, socket and pid file in the work folder, run as the munge user.
mkdir -p "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chown -R munge:munge "$work/munge"
chmod 700 "$work/munge"
chmod 400 "$work/munge/munge.key"
chmod o+x "$work"
setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --key-file="$work/munge/munge.key" \
  --socket="$work/munge/munge.socket.2" --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
  --seed-file="$work/munge/munged.seed" --force
for _ in $(seq 50); do [ -S "$work/munge/munge.socket.2" ] && break; sleep 0.1; done
check $([ -S "$work/munge/munge.socket.2" ]; echo $?) "munged started (pid $(cat "$work/munge/munged.pid" 2>/dev/null))"

mkdir -p "$work/state" "$work/spool"
conf="$work/slurm.conf"
cat > "$conf" <<CONF
ClusterName=protokolltest
SlurmctldHost=$host
SlurmUser=root
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket.2
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=work Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
export SLURM_CONF="$conf"
/usr/sbin/slurmctld -f "$conf" -i
/usr/sbin/slurmd -f "$conf"
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -qE "idle|mixed|alloc" && break; sleep 0.2; done
check $(sinfo -h -o %T | grep -qE "idle|mixed"; echo $?) "slurmctld and slurmd up (node $(sinfo -h -o %T))"

# The same files as one ingest, the reference.
inputs=("$src/samples" "$src/tests/corpus")
"$bin" ingest -q --db "$work/single.sqlite" "${inputs[@]}" 2>/dev/null
export PROTOKOLL="$bin"
compare() {  # compare OUT.sqlite: the merged export equals the single one (sorted by id)
  /usr/bin/python3 - "$work/single.sqlite" "$1" "$bin" <<'PY'
import json, subprocess, sys
def load(db):
    out = subprocess.run([sys.argv[3], "export", "--db", db], capture_output=True, text=True).stdout
    return {r["id"]: r for r in (json.loads(l) for l in out.splitlines())}
a, b = load(sys.argv[1]), load(sys.argv[2])
same = sum(1 for k in a if k in b and a[k] == b[k])
print(f"  single ingest: {len(a)} items; merged shards: {len(b)} items; identical records: {same}")
diff = sorted(set(a) ^ set(b)) + [k for k in a if k in b and a[k] != b[k]]
for k in diff[:5]: print(f"  differs: {k}")
sys.exit(0 if not diff and len(a) == len(b) > 0 else 1)
PY
}

# 1. The array over the inputs, then the merge when all tasks succeeded.
cd "$work"
read -r array merge < <("$src/deploy/slurm/submit.sh" 4 "$work/merged.sqlite" "$work/shards" "${inputs[@]}" -- --cpus-per-task=1)
echo "  submitted array $array and merge $merge"
for _ in $(seq 600); do
  squeue -h -j "$merge" 2>/dev/null | grep -q . || break
  sleep 0.5
done
state=$(scontrol show job "$merge" 2>/dev/null | grep -o "JobState=[A-Z]*" | head -1)
check $([ "$state" = "JobState=COMPLETED" ]; echo $?) "the merge job ran after the array ($state)"
check $(ls "$work"/shards/*.sqlite 2>/dev/null | wc -l | grep -qx 4; echo $?) "4 shard catalogues"
compare "$work/merged.sqlite"
check $? "merged shards equal a single ingest (same ids and records)"

# 2. A task killed mid-run: its shard is re-run alone, then merged again.
read -r array2 merge2 < <("$src/deploy/slurm/submit.sh" 4 "$work/merged2.sqlite" "$work/shards2" "${inputs[@]}" -- --cpus-per-task=1)
victim=""
for _ in $(seq 400); do
  for t in 0 1 2 3; do
    if squeue -h -j "${array2}_$t" -t RUNNING 2>/dev/null | grep -q . && [ -s "$work/shards2/$t.sqlite" ]; then victim=$t; break 2; fi
  done
  sleep 0.05
done
scancel "${array2}_${victim:-0}"
echo "  killed task ${victim:-0} of array $array2 while it ran"
for _ in $(seq 600); do
  squeue -h -j "$array2" 2>/dev/null | grep -q . || break
  sleep 0.5
done
sleep 1
state=$(scontrol show job "$merge2" 2>/dev/null | grep -oE "JobState=[A-Z]+|Reason=[A-Za-z]+" | tr '\n' ' ')
check $(echo "$state" | grep -q "COMPLETED"; [ $? -ne 0 ]; echo $?) "the merge did not run after a failed task ($state)"
scancel "$merge2" 2>/dev/null
rerun=$(sbatch --parsable --cpus-per-task=1 --array="${victim:-0}" --export=ALL,PROTOKOLL_SHARDS=4,PROTOKOLL_INGEST_ARGS=--retry-failed \
  "$src/deploy/slurm/ingest-array.sh" "$work/shards2" "${inputs[@]}")
remerge=$(sbatch --parsable --dependency=afterok:"${rerun%%;*}" "$src/deploy/slurm/merge.sh" "$work/merged2.sqlite" "$work/shards2")
for _ in $(seq 600); do
  squeue -h -j "${rerun%%;*},${remerge%%;*}" 2>/dev/null | grep -q . || break
  sleep 0.5
done
state=$(scontrol show job "${remerge%%;*}" 2>/dev/null | grep -o "JobState=[A-Z]*" | head -1)
check $([ "$state" = "JobState=COMPLETED" ]; echo $?) "the re-run shard and the merge completed ($state)"
compare "$work/merged2.sqlite"
check $? "after the re-run, the merge equals a single ingest"
sqlite3 "$work/merged2.sqlite" "PRAGMA integrity_check" | grep -qx ok
check $? "the merged catalogue passes SQLite's integrity check"

stop_all
trap - EXIT
sleep 1
alive=0
for f in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munge/munged.pid"; do
  [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && alive=1
done
check $alive "the daemons started here are stopped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
