#!/usr/bin/python3
"""The Kubernetes recipe (deploy/kubernetes/) without a cluster: no API server can run here, and
kubectl cannot even dry-run a manifest without one. So:

1. The rendered manifests, parsed as YAML, field by field: an Indexed Job whose completions,
   parallelism and every pod's N come from one argument; backoffLimitPerIndex; a
   podFailurePolicy (disruptions ignored, exit code 2 fails its index at once); every PVC a Job
   names is defined; a pinned image (render.sh refuses :latest); non-root; an emptyDir for the
   work; shards named with the run and N; a re-run Job for chosen shards. The Dockerfile:
   two stages, a non-root user, a .dockerignore.
2. The run itself, by deploy/kubernetes/run.sh, with tests/kubernetes/fake_kubectl.py standing
   in for kubectl and the Job controller: the pod scripts run here as the pods would (as uid
   10001, read-only volumes bind-mounted read-only): plan once, N shards, merge — equal to one
   ingest; a shard with an unreadable file fails its index without retries, no merge starts,
   its re-run alone and the merge after it; a crashed pod is retried; a wait ends.
3. Defect 1: `protokoll merge` reads shards from a read-only mount.

  tests/kubernetes/k8s_test.py PROTOKOLL_BINARY SOURCE_DIR WORK_DIR
Ends with 'N passed, N failed'.
"""
import json, os, re, shutil, subprocess, sys, tempfile, time
import yaml

binary, src, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
kdir = os.path.join(src, "deploy", "kubernetes")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
os.chmod(work, 0o755)
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print("ok:", what)
    else:
        failed += 1
        print("FAILED:", what)


def render(*args):
    r = subprocess.run([os.path.join(kdir, "render.sh"), *args], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def job(*args):
    rc, out, err = render(*args)
    assert rc == 0, err
    docs = list(yaml.safe_load_all(out))
    assert len(docs) == 1 and docs[0]["kind"] == "Job", docs
    return docs[0]


def container(j):
    return j["spec"]["template"]["spec"]["containers"][0]


def env(j):
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container(j).get("env", [])}


image = "registry.example.se/arkiv/protokoll:0.1.0-1b0ba4a"
pvcs = {d["metadata"]["name"]: d for d in yaml.safe_load_all(open(os.path.join(kdir, "pvcs.yaml")))}

# 1. The manifests.
for n in (1, 7, 1000):
    j = job("ingest", "batch1", str(n), image)
    s = j["spec"]
    check(s.get("completionMode") == "Indexed" and s.get("completions") == n and s.get("parallelism") == n
          and env(j).get("PROTOKOLL_SHARDS") == str(n),
          f"N={n}: an Indexed Job, completions = parallelism = every pod's PROTOKOLL_SHARDS, from one argument")
for name in ("ingest-job.yaml", "merge-job.yaml", "plan-job.yaml"):
    text = open(os.path.join(kdir, name)).read()
    body = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
    check(not re.search(r"(completions|parallelism):\s*\d", body) and "__N__" in body,
          f"{name}: no number of shards written in it, only __N__ (render.sh fills it)")
j = job("ingest", "batch1", "8", image)
s, pod, c = j["spec"], j["spec"]["template"]["spec"], container(j)
check(isinstance(s.get("backoffLimitPerIndex"), int) and s["backoffLimitPerIndex"] >= 1,
      f"backoffLimitPerIndex: a failed index is retried alone ({s.get('backoffLimitPerIndex')})")
rules = s.get("podFailurePolicy", {}).get("rules", [])
check(any(r["action"] == "Ignore" and {"type": "DisruptionTarget"} in [{"type": x["type"]} for x in r.get("onPodConditions", [])] for r in rules),
      "podFailurePolicy: a disruption (eviction, preemption, drain) is ignored, not counted")
check(any(r["action"] == "FailIndex" and r.get("onExitCodes", {}).get("operator") == "In" and 2 in r["onExitCodes"]["values"]
          and r["onExitCodes"].get("containerName") == c["name"] for r in rules),
      "podFailurePolicy: exit code 2 (recorded failures) fails its index at once, no blind retries")
check(pod.get("restartPolicy") == "Never", "restartPolicy Never (podFailurePolicy requires it)")
for step in ("plan", "ingest", "merge"):
    jj = job(step, "batch1", "8", image)
    p, cc = jj["spec"]["template"]["spec"], container(jj)
    claims = [v["persistentVolumeClaim"]["claimName"] for v in p["volumes"] if "persistentVolumeClaim" in v]
    check(claims and all(x in pvcs for x in claims), f"{step}: every PVC it names is defined in pvcs.yaml ({', '.join(claims)})")
    check(cc["image"] == image, f"{step}: the image is the pinned one given")
    sc, csc = p.get("securityContext", {}), cc.get("securityContext", {})
    check(sc.get("runAsNonRoot") is True and sc.get("runAsUser", 0) != 0 and csc.get("allowPrivilegeEscalation") is False
          and sc.get("fsGroupChangePolicy") == "OnRootMismatch"
          and csc.get("readOnlyRootFilesystem") is True and "ALL" in csc.get("capabilities", {}).get("drop", []),
          f"{step}: runAsNonRoot (uid {sc.get('runAsUser')}), no privilege escalation, read-only root, no capabilities, no recursive chown")
    local = env(jj).get("PROTOKOLL_LOCAL_DIR")
    emptydirs = {v["name"] for v in p["volumes"] if "emptyDir" in v}
    check(any(m["mountPath"] == local and m["name"] in emptydirs for m in cc["volumeMounts"]),
          f"{step}: works in an emptyDir on the node's own disk ({local})")
    check(all(k in cc.get("resources", {}).get("requests", {}) for k in ("cpu", "memory"))
          and "memory" in cc["resources"].get("limits", {}) and p.get("activeDeadlineSeconds"),
          f"{step}: cpu and memory requests, a memory limit and a time limit (activeDeadlineSeconds)")
    check(re.fullmatch(r"/data/shards/batch1", env(jj).get("PROTOKOLL_SHARDS_DIR", "")) is not None,
          f"{step}: the run's own shard folder (/data/shards/RUN)")
    ro = {m["name"] for m in cc["volumeMounts"] if m.get("readOnly")}
    want_ro = {"plan": {"archive"}, "ingest": {"archive"}, "merge": {"shards"}}[step]
    check(want_ro <= ro, f"{step}: {', '.join(sorted(want_ro))} mounted read-only")
m = job("merge", "batch1", "8", image)
check(any(r["action"] == "FailJob" and 2 in r.get("onExitCodes", {}).get("values", []) for r in m["spec"]["podFailurePolicy"]["rules"])
      and any(r["action"] == "Ignore" for r in m["spec"]["podFailurePolicy"]["rules"]),
      "merge: disruptions ignored; exit code 2 (shards missing or refused) ends the Job without retries")
ingest_sh = open(os.path.join(kdir, "pod", "ingest.sh")).read()
merge_sh = open(os.path.join(kdir, "pod", "merge.sh")).read()
check('name="shard-$i-of-$n.sqlite"' in ingest_sh and 'files=("$shards"/shard-*-of-"$n".sqlite)' in merge_sh
      and '-ne "$n"' in merge_sh, "shards are named shard-I-of-N and the merge takes exactly N of that N")
check(re.search(r'cp "\$db" "\$tmp".*mv -f "\$tmp" "\$final"', ingest_sh) is not None,
      "a pod copies its shard under a temporary name and renames it")
r = job("rerun", "batch1", "50", image, "3,17,40-42")
check(r["spec"]["completions"] == r["spec"]["parallelism"] == 5 and env(r)["PROTOKOLL_SHARD_LIST"] == "3,17,40,41,42"
      and env(r)["PROTOKOLL_SHARDS"] == "50" and env(r)["PROTOKOLL_INGEST_ARGS"] == "--retry-failed"
      and r["metadata"].get("generateName") == "protokoll-rerun-batch1-" and "name" not in r["metadata"]
      and job("ingest", "batch1", "50", image)["metadata"]["name"] == "protokoll-ingest-batch1",
      "rerun: a Job of its own (generateName) for shards 3,17,40-42 of 50, with --retry-failed")
check(m["metadata"].get("generateName") == "protokoll-merge-batch1-", "merge: generateName (a run may merge more than once)")
bad = [("ingest", "batch1", "8", "protokoll:latest"), ("ingest", "batch1", "8", "registry:5000/protokoll"),
       ("ingest", "batch1", "0", image), ("ingest", "Batch_1", "8", image), ("rerun", "batch1", "8", image, "8"),
       ("rerun", "batch1", "8", image, "x")]
codes = [render(*b)[0] for b in bad]
check(codes == [2] * len(bad), f"render.sh refuses :latest, an untagged image, N=0, a bad run name, a shard ≥ N ({codes})")
check(render("ingest", "batch1", "8", "protokoll@sha256:" + "a" * 64)[0] == 0, "render.sh takes a digest")
dockerfile = open(os.path.join(kdir, "Dockerfile")).read()
froms = re.findall(r"^FROM .*", dockerfile, re.M)
final = dockerfile[dockerfile.rfind("\nFROM "):]
check(len(froms) == 2 and "ARG BASE=debian:12" in dockerfile and "install-deps --runtime" in final
      and re.search(r"^USER 10001", final, re.M) and "--build" not in final,
      "Dockerfile: a build stage and a runtime stage (install-deps --runtime), BASE debian:12 by default, USER 10001")
ignore = open(os.path.join(src, ".dockerignore")).read().split()
check("build*/" in ignore and "*.sqlite" in ignore, ".dockerignore keeps build*/ and *.sqlite out of the context")
readme = open(os.path.join(src, "README.md")).read()
check("run.sh rerun" in readme and "1.29" in readme and "backoffLimitPerIndex" in readme,
      "README: the re-run recipe and the Kubernetes version needed")

# 2. The run, on the fake controller.
fake = os.path.join(src, "tests", "kubernetes", "fake_kubectl.py")


def kenv(state, **extra):
    return {**os.environ, "KUBECTL": f"/usr/bin/python3 {fake}", "FAKE_K8S_DIR": state, "FAKE_K8S_SRC": src,
            "FAKE_K8S_PROTOKOLL": binary, "PROTOKOLL_POLL": "0", **extra}


def run(state, *args, **extra):
    return subprocess.run([os.path.join(kdir, "run.sh"), *args], capture_output=True, text=True, env=kenv(state, **extra))


def export(db):
    out = subprocess.run([binary, "export", "--db", db], capture_output=True, text=True).stdout
    return {r["id"]: r for r in (json.loads(l) for l in out.splitlines())}


def pods(state):
    p = os.path.join(state, "pods.log")
    return open(p).read().splitlines() if os.path.exists(p) else []


if os.geteuid() == 0:
    # The pods run as uid 10001: their binary, scripts and folders must be theirs to reach,
    # wherever the build tree is.
    def reachable(path):
        return subprocess.run(["setpriv", "--reuid=10001", "--regid=10001", "--clear-groups", "test", "-x", path]).returncode == 0
    if not reachable(work):
        work = tempfile.mkdtemp(prefix="protokoll-k8s-test-")
        os.chmod(work, 0o755)
    os.makedirs(os.path.join(work, "bin"))
    shutil.copy(binary, os.path.join(work, "bin", "protokoll"))
    binary = os.path.join(work, "bin", "protokoll")
    shutil.copytree(os.path.join(kdir, "pod"), os.path.join(work, "bin", "pod"))
    os.environ["FAKE_K8S_POD_DIR"] = os.path.join(work, "bin", "pod")
state = os.path.join(work, "one")
archive = os.path.join(state, "pvc", "protokoll-archive")
os.makedirs(archive)
shutil.copytree(os.path.join(src, "samples"), os.path.join(archive, "samples"))
shutil.copytree(os.path.join(src, "tests", "corpus"), os.path.join(archive, "corpus"), ignore=shutil.ignore_patterns("real"))
subprocess.run([binary, "ingest", "-q", "--db", os.path.join(work, "single.sqlite"), archive], capture_output=True)
# A shard of an earlier run of 2 in the same folder, with an item of its own: never merged.
stale_dir = os.path.join(state, "pvc", "protokoll-shards", "batch1")
os.makedirs(os.path.join(work, "other"))
stale_txt = os.path.join(work, "other", "stale.txt")
shutil.copy(os.path.join(src, "samples", "ljungby-ks-2017-39.txt"), stale_txt)
with open(stale_txt, "a") as f:
    f.write("\nKs § 99 Ett ärende som bara finns i en gammal skärva\nBeslut\nKommunstyrelsen beslutar att inget göra.\n")
os.makedirs(stale_dir)
subprocess.run([binary, "ingest", "-q", "--db", os.path.join(stale_dir, "shard-0-of-2.sqlite"), stale_txt], capture_output=True)
img = "protokoll:0.1.0-test"
t = time.time()
res = run(state, "submit", "batch1", "3", img)
print(f"  run.sh submit batch1 3: exit {res.returncode} in {time.time() - t:.1f} s")
print("  " + res.stderr.strip().replace("\n", "\n  "))
check(res.returncode == 0, "run.sh submit: plan, ingest, merge all Complete")
calls = [l for l in open(os.path.join(state, "kubectl.log")).read().splitlines() if l.startswith("create")]
check(len(calls) == 3, f"three Jobs created, one after another (plan, ingest, merge): {len(calls)}")
shard_dir = stale_dir
manifest = os.path.join(shard_dir, "manifest-of-3.tsv")
check(os.path.exists(manifest) and sum(1 for l in pods(state) if l.startswith("protokoll-plan-")) == 1,
      "the manifest made once, by the plan Job")
shards = sorted(f for f in os.listdir(shard_dir) if f.endswith(".sqlite"))
check(shards == ["shard-0-of-2.sqlite", "shard-0-of-3.sqlite", "shard-1-of-3.sqlite", "shard-2-of-3.sqlite"],
      f"one shard per index, named with N ({', '.join(shards)})")
check(all(os.stat(os.path.join(shard_dir, f)).st_uid == (10001 if os.geteuid() == 0 else os.geteuid()) for f in shards if "of-3" in f),
      "the shards were written by the pods' user (uid 10001), not root")
leftovers = [f for f in os.listdir(shard_dir) if ".tmp-" in f or f.endswith(("-wal", "-shm", "-journal"))]
check(not leftovers, f"no temporary, -wal or -shm file on the shared volume {leftovers}")
catalogue = os.path.join(state, "pvc", "protokoll-catalogue", "protokoll.sqlite")
a, b = export(os.path.join(work, "single.sqlite")), export(catalogue) if os.path.exists(catalogue) else {}
same = sum(1 for k in a if k in b and a[k] == b[k])
print(f"  single ingest: {len(a)} items; merged shards: {len(b)} items; identical records: {same}")
check(len(a) > 0 and len(a) == len(b) == same, "the merged catalogue equals one ingest (the stale shard of N=2 not merged)")
before = os.stat(manifest).st_mtime_ns
again = subprocess.run([os.path.join(kdir, "pod", "plan.sh")], capture_output=True, text=True,
                       env={**os.environ, "PROTOKOLL": binary, "PROTOKOLL_SHARDS": "3", "PROTOKOLL_SHARDS_DIR": shard_dir,
                            "PROTOKOLL_ARCHIVE": archive, "PROTOKOLL_LOCAL_DIR": work})
check(again.returncode == 0 and os.stat(manifest).st_mtime_ns == before and "kept" in again.stderr,
      "the plan run again keeps the run's manifest (the split never changes under its shards)")

npods = len(pods(state))
res = run(state, "submit", "batch1", "3", img)
check(res.returncode == 1 and "AlreadyExists" in res.stderr and len(pods(state)) == npods,
      f"a run submitted again is refused (its Jobs exist; exit {res.returncode}), nothing runs twice")

# A file that cannot be read: its index fails once, without retries; no merge; re-run, merge.
state = os.path.join(work, "two")
archive = os.path.join(state, "pvc", "protokoll-archive")
os.makedirs(archive)
for f in ("ljungby-ks-2017-39.txt",) + tuple(x for x in sorted(os.listdir(os.path.join(src, "samples"))) if x.endswith(".txt"))[:3]:
    shutil.copy(os.path.join(src, "samples", f), archive)
with open(os.path.join(archive, "trasig.pdf"), "w") as f:
    f.write("%PDF-1.4\nnot a PDF after all\n")
res = run(state, "submit", "batch2", "2", img)
print("  " + res.stderr.strip().replace("\n", "\n  "))
status = json.load(open(os.path.join(state, "jobs", "protokoll-ingest-batch2.json")))["status"]
bad_index = status.get("failedIndexes", "")
check(res.returncode == 2 and bad_index in ("0", "1"), f"an unreadable file: the ingest Job Failed, failedIndexes {bad_index!r}, run.sh exit {res.returncode}")
runs = [l for l in pods(state) if l.startswith(f"protokoll-ingest-batch2 index={bad_index} ")]
check(len(runs) == 1 and runs[0].endswith("exit=2"), f"its index ran once and ended with exit code 2, no retry ({runs})")
check(not any(l.startswith("create") and "merge" in l for l in open(os.path.join(state, "kubectl.log"))) and
      not os.path.exists(os.path.join(state, "jobs")) or not any(f.startswith("protokoll-merge") for f in os.listdir(os.path.join(state, "jobs"))),
      "no merge after a failed index")
bad_shard = os.path.join(state, "pvc", "protokoll-shards", "batch2", f"shard-{bad_index}-of-2.sqlite")
fr = subprocess.run([binary, "failures", "--db", bad_shard], capture_output=True, text=True)
check(fr.returncode == 0 and "trasig.pdf" in fr.stdout, "the failure is recorded in the copied shard")
check(f"run.sh rerun batch2 2 {img} {bad_index}" in res.stderr, "run.sh prints the re-run command for that index")
# The file mended (a new copy from the archive's owner), the index re-run alone, then merged.
shutil.copy(os.path.join(src, "samples", sorted(x for x in os.listdir(os.path.join(src, "samples")) if x.endswith(".pdf"))[0]),
            os.path.join(archive, "trasig.pdf"))
res = run(state, "rerun", "batch2", "2", img)
print("  " + res.stderr.strip().replace("\n", "\n  "))
reruns = [f for f in os.listdir(os.path.join(state, "jobs")) if f.startswith("protokoll-rerun-batch2-")]
rerun_job = json.load(open(os.path.join(state, "jobs", reruns[0]))) if reruns else {}
check(res.returncode == 0 and len(reruns) == 1 and rerun_job["spec"]["completions"] == 1
      and env(rerun_job)["PROTOKOLL_SHARD_LIST"] == bad_index,
      f"run.sh rerun: one Job re-ran shard {bad_index} alone (from .status.failedIndexes), then merged")
catalogue = os.path.join(state, "pvc", "protokoll-catalogue", "protokoll.sqlite")
subprocess.run([binary, "ingest", "-q", "--db", os.path.join(work, "single2.sqlite"), archive], capture_output=True)
a, b = export(os.path.join(work, "single2.sqlite")), export(catalogue) if os.path.exists(catalogue) else {}
nofail = subprocess.run([binary, "failures", "--db", catalogue], capture_output=True).returncode == 1
check(len(a) > 0 and a.keys() == b.keys() and nofail,
      f"after the re-run the merged catalogue equals one ingest of the mended archive ({len(b)} of {len(a)} items, no failure left)")

# A pod that dies (exit 137) is retried; the Job completes.
state = os.path.join(work, "three")
archive = os.path.join(state, "pvc", "protokoll-archive")
shutil.copytree(os.path.join(work, "two", "pvc", "protokoll-archive"), archive)
res = run(state, "submit", "batch3", "2", img, FAKE_K8S_CRASH_ONCE="1")
runs = [l.split()[-1] for l in pods(state) if l.startswith("protokoll-ingest-batch3 index=1 ")]
check(res.returncode == 0 and runs == ["exit=137", "exit=0"], f"a pod killed (137) is retried within backoffLimitPerIndex ({runs})")
# A merge with fewer than N shards: exit 2, no retry, the Job Failed.
res = run(state, "merge", "batch3", "3", img)
runs = [l for l in pods(state) if l.startswith("protokoll-merge-batch3")]
check(res.returncode == 2 and len(runs) == 2 and runs[-1].endswith("exit=2"),
      f"a merge of N=3 finds 2 shards of 3: exit 2 at once, Job Failed ({runs[-1:]})")
# A Job that never ends: the wait gives up after PROTOKOLL_WAIT_TIMEOUT, it does not hang.
state = os.path.join(work, "four")
t = time.time()
res = run(state, "merge", "batch4", "2", img, FAKE_K8S_HANG="1", PROTOKOLL_WAIT_TIMEOUT="2", PROTOKOLL_POLL="1")
check(res.returncode == 3 and time.time() - t < 30 and "neither complete nor failed" in res.stderr,
      f"a Job neither Complete nor Failed: run.sh stops waiting after the timeout (exit {res.returncode}, {time.time() - t:.1f} s)")

# 3. Defect 1: shards on a read-only mount merge, and nothing is written beside them.
ro = os.path.join(work, "ro-shards")
shutil.copytree(os.path.join(work, "one", "pvc", "protokoll-shards", "batch1"), ro,
                ignore=shutil.ignore_patterns("*-of-2.sqlite", "*.tsv"))
cmd = f"{binary} merge --db {work}/ro-merged.sqlite {ro}/shard-0-of-3.sqlite {ro}/shard-1-of-3.sqlite {ro}/shard-2-of-3.sqlite"
if os.geteuid() == 0:
    r = subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind -o ro {ro} {ro} && touch {ro}/probe 2>/dev/null; [ ! -e {ro}/probe ] && {cmd}"],
                       capture_output=True, text=True)
    how = "a read-only bind mount"
else:
    os.chmod(ro, 0o555)
    r = subprocess.run(cmd.split(), capture_output=True, text=True)
    how = "a folder without write permission"
print("  " + r.stderr.strip().replace("\n", "\n  "))
merged = export(f"{work}/ro-merged.sqlite") if os.path.exists(f"{work}/ro-merged.sqlite") else {}
check(r.returncode == 0 and len(merged) == len(export(os.path.join(work, "single.sqlite"))) and sorted(os.listdir(ro)) ==
      ["shard-0-of-3.sqlite", "shard-1-of-3.sqlite", "shard-2-of-3.sqlite"],
      f"merge reads its shards from {how} (exit {r.returncode}, {len(merged)} items; no file made beside them)")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
