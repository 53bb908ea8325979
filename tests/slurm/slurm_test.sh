#!/usr/bin/env bash
# Sharded ingest on a real Slurm (one node, started here by hand: no systemd), planned once,
# merged, and compared with a single-machine ingest of the same files (a stale shard of another
# N beside them is not merged; --time and --mem are set); then one task killed mid-run while it
# works on node-local disk, the stale merge cancelled, the shard re-run, merged again and
# compared again; then a task with an unreadable file keeps exit code 2, the merge waits, and
# is submitted alone. Stops exactly the daemons it started, by pid.
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
NodeName=$host CPUs=$(nproc) RealMemory=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo) State=UNKNOWN
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
# The steps' limits, overridden from the defaults (this node has less than 8G to give a task).
export PROTOKOLL_INGEST_TIME=0:30:00 PROTOKOLL_INGEST_MEM=300M PROTOKOLL_MERGE_TIME=0:20:00 PROTOKOLL_MERGE_MEM=400M
# Node-local work in a folder of this test, so that it can be watched.
export PROTOKOLL_LOCAL_DIR="$work/local"
mkdir -p "$PROTOKOLL_LOCAL_DIR"
wait_gone() {  # wait_gone JOBS: until squeue no longer lists them
  for _ in $(seq 600); do
    squeue -h -j "$1" 2>/dev/null | grep -q . || break
    sleep 0.5
  done
}
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

# 1. The plan, the array over its manifest, then the merge when all tasks succeeded. A shard of
# an earlier run with 2 tasks, holding a file that is not among the inputs, lies in the folder.
cd "$work"
mkdir -p "$work/shards" "$work/other"
cp "$src/samples/ljungby-ks-2017-39.txt" "$work/other/stale.txt"
printf '\nKs § 99 Ett ärende som bara finns i en gammal skärva\nBeslut\nKommunstyrelsen beslutar att inget göra.\n' >> "$work/other/stale.txt"
"$bin" ingest -q --db "$work/shards/shard-0-of-2.sqlite" "$work/other/stale.txt" 2>/dev/null
read -r array merge < <("$src/deploy/slurm/submit.sh" 4 "$work/merged.sqlite" "$work/shards" "${inputs[@]}" -- --cpus-per-task=1)
echo "  submitted array $array and merge $merge"
limits=$(scontrol show job "${array}_0" 2>/dev/null; scontrol show job "$merge" 2>/dev/null)
check $(echo "$limits" | grep -q "TimeLimit=00:30:00" && echo "$limits" | grep -q "TimeLimit=00:20:00" &&
  echo "$limits" | grep -q "MinMemoryNode=300M" && echo "$limits" | grep -q "MinMemoryNode=400M"; echo $?) \
  "the tasks and the merge have --time and --mem (the overrides given)"
wait_gone "$merge"
state=$(scontrol show job "$merge" 2>/dev/null | grep -o "JobState=[A-Z]*" | head -1)
check $([ "$state" = "JobState=COMPLETED" ]; echo $?) "the merge job ran after the array ($state)"
files=$("$bin" plan --out "$work/check.tsv" "${inputs[@]}" 2>&1 | grep -o "[0-9]* files")
check $([ "$(($(wc -l < "$work/shards/manifest-of-4.tsv") - 2)) files" = "$files" ]; echo $?) \
  "submit.sh made the manifest once: one line per file ($files)"
check $(ls "$work"/shards/shard-*-of-4.sqlite 2>/dev/null | wc -l | grep -qx 4; echo $?) "4 shard catalogues, named with N"
compare "$work/merged.sqlite"
check $? "merged shards equal a single ingest (same ids and records; the stale shard of N=2 not merged)"
check $(ls "$work"/shards/*.tmp-* "$work"/shards/*-wal 2>/dev/null | grep -q .; [ $? -ne 0 ]; echo $?) \
  "no temporary or -wal file left in the shared folder"

# 2. A task killed mid-run: its shard is re-run alone, then merged again.
read -r array2 merge2 < <("$src/deploy/slurm/submit.sh" 4 "$work/merged2.sqlite" "$work/shards2" "${inputs[@]}" -- --cpus-per-task=1)
victim=""
local_only=1
for _ in $(seq 400); do
  for t in 0 1 2 3; do
    if squeue -h -j "${array2}_$t" -t RUNNING 2>/dev/null | grep -q . &&
      ls "$PROTOKOLL_LOCAL_DIR"/protokoll-*-"$t".*/shard-"$t"-of-4.sqlite >/dev/null 2>&1; then
      victim=$t
      [ -e "$work/shards2/shard-$t-of-4.sqlite" ] && local_only=0
      break 2
    fi
  done
  sleep 0.05
done
scancel "${array2}_${victim:-0}"
echo "  killed task ${victim:-0} of array $array2 while it ran"
check $([ -n "$victim" ] && [ $local_only -eq 1 ]; echo $?) \
  "a running task writes its shard on node-local disk, not in the shared folder"
wait_gone "$array2"
sleep 1
state=$(scontrol show job "$merge2" 2>/dev/null | grep -oE "JobState=[A-Z]+|Reason=[A-Za-z]+" | tr '\n' ' ')
check $(echo "$state" | grep -q "COMPLETED"; [ $? -ne 0 ]; echo $?) "the merge did not run after a failed task ($state)"
check $([ ! -e "$work/shards2/shard-${victim:-0}-of-4.sqlite" ]; echo $?) "the killed task copied no shard"
read -r rerun remerge < <("$src/deploy/slurm/rerun.sh" 4 "$work/merged2.sqlite" "$work/shards2" "$merge2" "${victim:-0}" -- --cpus-per-task=1)
sleep 1
state=$(scontrol show job "$merge2" 2>/dev/null | grep -o "JobState=[A-Z]*" | head -1)
check $([ "$state" = "JobState=CANCELLED" ]; echo $?) "rerun.sh cancelled the stale pending merge ($state)"
wait_gone "$rerun,$remerge"
state=$(scontrol show job "$remerge" 2>/dev/null | grep -o "JobState=[A-Z]*" | head -1)
check $([ "$state" = "JobState=COMPLETED" ]; echo $?) "the re-run shard and the merge completed ($state)"
compare "$work/merged2.sqlite"
check $? "after the re-run, the merge equals a single ingest"
sqlite3 "$work/merged2.sqlite" "PRAGMA integrity_check" | grep -qx ok
check $? "the merged catalogue passes SQLite's integrity check"

# 3. A file that cannot be read: its task ends with exit code 2 (not 0), its shard is copied
# with the failure recorded, the merge waits; merged alone, the failure is in the catalogue.
# Arrays of one task here (as if MaxArraySize were 1): two arrays, shards 0 and 1 of 2.
mkdir -p "$work/bad-in"
cp "$src/samples/ljungby-ks-2017-39.txt" "$work/bad-in/"
printf '%%PDF-1.4\nnot a PDF after all\n' > "$work/bad-in/trasig.pdf"
read -r array3 merge3 < <(PROTOKOLL_ARRAY_CHUNK=1 "$src/deploy/slurm/submit.sh" 2 "$work/merged3.sqlite" "$work/shards3" "$work/bad-in" -- --cpus-per-task=1)
echo "  submitted arrays $array3 and merge $merge3"
wait_gone "$array3"
sleep 1
check $([ "$(echo "$array3" | tr ',' '\n' | wc -l)" -eq 2 ] && [ -s "$work/shards3/shard-0-of-2.sqlite" ] &&
  [ -s "$work/shards3/shard-1-of-2.sqlite" ]; echo $?) "more shards than an array may hold: two arrays, shards 0 and 1 of 2"
codes=$(for a in ${array3//,/ }; do scontrol show job "${a}_0" 2>/dev/null | grep -o " ExitCode=[0-9]*:[0-9]*" | head -1; done | sort | tr -d ' ' | tr '\n' ' ')
check $([ "$codes" = "ExitCode=0:0 ExitCode=2:0 " ]; echo $?) "the task with the unreadable file kept exit code 2, the other 0 ($codes)"
state=$(scontrol show job "$merge3" 2>/dev/null | grep -oE "JobState=[A-Z]+|Reason=[A-Za-z]+" | tr '\n' ' ')
check $(echo "$state" | grep -q "JobState=PENDING"; echo $?) "the merge waits after a task with failures ($state)"
failed_in=$(for s in "$work"/shards3/shard-*-of-2.sqlite; do "$bin" failures --db "$s" 2>/dev/null; done)
check $(echo "$failed_in" | grep -q "trasig.pdf"; echo $?) "the failure is recorded in the copied shard"
scancel "$merge3"
alone=$(sbatch --parsable --cpus-per-task=1 --mem=400M "$src/deploy/slurm/merge.sh" "$work/merged3.sqlite" "$work/shards3" 2)
wait_gone "${alone%%;*}"
check $("$bin" failures --db "$work/merged3.sqlite" 2>/dev/null | grep -q "trasig.pdf" &&
  "$bin" export --db "$work/merged3.sqlite" 2>/dev/null | grep -q .; echo $?) \
  "merged alone: the items and the recorded failure are in the catalogue"

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
