#!/usr/bin/python3
"""A stand-in for kubectl and the Job controller, for tests where no API server can run.

Understands what deploy/kubernetes/run.sh asks: `create -f - -o name` (a Job from stdin) and
`get job NAME -o jsonpath=...` (the conditions, .status.failedIndexes, one env value). A Job
is run at once, here, by the rules of batch/v1 that the manifests rely on: Indexed Jobs run
every completion index with JOB_COMPLETION_INDEX; a failed index is retried alone up to
backoffLimitPerIndex times; podFailurePolicy FailIndex / FailJob on exit codes; the Job ends
Complete, or Failed with failedIndexes ("1,3-5"). Each pod runs its container's command (the
image's /usr/local/lib/protokoll/X.sh is deploy/kubernetes/pod/X.sh) with the container's env;
every volume is a folder: a PVC is FAKE_K8S_DIR/pvc/CLAIM (shared by all pods), an emptyDir a
fresh folder of the pod's own; env values under a mount path are mapped to its folder. As root
a pod runs as its securityContext's runAsUser, in its own mount namespace where every volume
mounted readOnly is a read-only bind mount (writes fail with EROFS, as in a cluster).

Environment: FAKE_K8S_DIR (state), FAKE_K8S_SRC (the repository), FAKE_K8S_PROTOKOLL (the
binary), FAKE_K8S_POD_DIR (the pod scripts; default FAKE_K8S_SRC/deploy/kubernetes/pod),
FAKE_K8S_HANG=1 (Jobs are created but never run: a wait must time out), FAKE_K8S_CRASH_ONCE=I
(index I's first pod dies with exit code 137).
"""
import json, math, os, random, re, shutil, subprocess, sys, tempfile
import yaml

state = os.environ["FAKE_K8S_DIR"]
jobs_dir = os.path.join(state, "jobs")
os.makedirs(jobs_dir, exist_ok=True)


def ranges(indexes):
    out, run = [], []
    for i in sorted(indexes):
        if run and i == run[-1] + 1:
            run.append(i)
        else:
            if run: out.append(run)
            run = [i]
    if run: out.append(run)
    return ",".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in out)


def log(msg):
    with open(os.path.join(state, "pods.log"), "a") as f:
        f.write(msg + "\n")


def run_pod(job, spec, index, attempt):
    pod = spec["template"]["spec"]
    c = pod["containers"][0]
    volumes = {}
    work = tempfile.mkdtemp(prefix="pod-", dir=state)
    os.chmod(work, 0o755)
    for v in pod.get("volumes", []):
        if "persistentVolumeClaim" in v:
            d = os.path.join(state, "pvc", v["persistentVolumeClaim"]["claimName"])
            os.makedirs(d, exist_ok=True)
        elif "emptyDir" in v:
            d = os.path.join(work, v["name"])
            os.makedirs(d)
        else:
            raise SystemExit(f"fake kubectl: volume kind of {v['name']} not known")
        volumes[v["name"]] = d
    mounts = [(m["mountPath"], volumes[m["name"]], m.get("readOnly", False)) for m in c.get("volumeMounts", [])]

    def local(value):
        for path, d, _ in sorted(mounts, key=lambda m: -len(m[0])):
            if value == path or value.startswith(path + "/"):
                return d + value[len(path):]
        return value

    env = {"PATH": "/usr/bin:/bin", "HOSTNAME": f"{job}-{index}-{attempt}", "LANG": "C.UTF-8",
           "PROTOKOLL": os.environ["FAKE_K8S_PROTOKOLL"]}
    for e in c.get("env", []):
        if "value" in e:
            env[e["name"]] = local(e["value"])
        else:
            kind, what = e["valueFrom"]["resourceFieldRef"]["resource"].split(".")
            q = str(c["resources"][kind][what])
            cores = float(q[:-1]) / 1000 if q.endswith("m") else float(q)
            env[e["name"]] = str(max(1, math.ceil(cores)))  # the divisor 1 rounds up
    if index is not None:
        env["JOB_COMPLETION_INDEX"] = str(index)
    image_tmp = volumes.get("work")
    if image_tmp:  # the image's ENV TMPDIR=/work, XDG_CACHE_HOME=/work/cache
        env.setdefault("TMPDIR", image_tmp)
        env.setdefault("HOME", image_tmp)
    pod_dir = os.environ.get("FAKE_K8S_POD_DIR", os.path.join(os.environ["FAKE_K8S_SRC"], "deploy/kubernetes/pod"))
    cmd = [re.sub(r"^/usr/local/lib/protokoll/", pod_dir + "/", x)
           for x in c["command"]] + c.get("args", [])
    if os.environ.get("FAKE_K8S_CRASH_ONCE") == str(index) and attempt == 0:
        cmd = ["sh", "-c", "exit 137"]
    if os.geteuid() == 0:
        uid = pod.get("securityContext", {}).get("runAsUser", 0)
        for _, d, ro in mounts:
            if not ro:
                subprocess.run(["chown", "-R", f"{uid}:{uid}", d], check=True)
        binds = "".join(f"mount --bind -o ro '{d}' '{d}' && " for _, d, ro in mounts if ro)
        cmd = ["unshare", "-m", "sh", "-c", binds + 'exec setpriv --reuid="$0" --regid="$0" --clear-groups "$@"', str(uid)] + cmd
    with open(os.path.join(state, f"{job}-{index}-{attempt}.log"), "w") as out:
        rc = subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    shutil.rmtree(work, ignore_errors=True)
    log(f"{job} index={index} attempt={attempt} exit={rc}")
    return rc


def policy(spec, rc, container):
    for rule in spec.get("podFailurePolicy", {}).get("rules", []):
        codes = rule.get("onExitCodes")
        if codes and codes.get("containerName", container) == container:
            hit = rc in codes["values"]
            if (codes["operator"] == "In") == hit:
                return rule["action"]
    return "Count"


def run_job(doc):
    name, spec = doc["metadata"]["name"], doc["spec"]
    container = spec["template"]["spec"]["containers"][0]["name"]
    status = {"conditions": []}
    if spec.get("completionMode") == "Indexed":
        assert spec["template"]["spec"]["restartPolicy"] == "Never"
        failed = []
        for index in range(int(spec["completions"])):
            for attempt in range(int(spec.get("backoffLimitPerIndex", 0)) + 1):
                rc = run_pod(name, spec, index, attempt)
                action = "Succeeded" if rc == 0 else policy(spec, rc, container)
                if action in ("Succeeded", "FailIndex"):
                    break
            if rc != 0:
                failed.append(index)
        if failed:
            status["failedIndexes"] = ranges(failed)
        status["conditions"].append({"type": "Failed" if failed else "Complete", "status": "True"})
    else:
        for attempt in range(int(spec.get("backoffLimit", 6)) + 1):
            rc = run_pod(name, spec, None, attempt)
            action = "Succeeded" if rc == 0 else policy(spec, rc, container)
            if action in ("Succeeded", "FailJob"):
                break
        status["conditions"].append({"type": "Complete" if rc == 0 else "Failed", "status": "True"})
    return status


def jsonpath(obj, path):
    """The few JSONPath forms run.sh uses."""
    if path == '{.status.failedIndexes}':
        return obj.get("status", {}).get("failedIndexes", "")
    if path.startswith('{range .status.conditions[?(@.status=="True")]}'):
        return "".join(c["type"] + " " for c in obj.get("status", {}).get("conditions", []) if c["status"] == "True")
    m = re.fullmatch(r'\{\.spec\.template\.spec\.containers\[0\]\.env\[\?\(@\.name=="(\w+)"\)\]\.value\}', path)
    if m:
        return "".join(e.get("value", "") for e in obj["spec"]["template"]["spec"]["containers"][0]["env"] if e["name"] == m.group(1))
    raise SystemExit(f"fake kubectl: jsonpath {path} not known")


args = sys.argv[1:]
with open(os.path.join(state, "kubectl.log"), "a") as f:
    f.write(" ".join(args) + "\n")
if args[:3] == ["create", "-f", "-"]:
    for doc in yaml.safe_load_all(sys.stdin):
        if doc["kind"] != "Job":
            raise SystemExit(f"fake kubectl: only Jobs, not {doc['kind']}")
        meta = doc["metadata"]
        if "generateName" in meta:  # the API server's suffix: 5 random characters
            meta["name"] = meta.pop("generateName") + "".join(random.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))
        name = meta["name"]
        path = os.path.join(jobs_dir, name + ".json")
        if os.path.exists(path):
            print(f'Error from server (AlreadyExists): jobs.batch "{name}" already exists', file=sys.stderr)
            sys.exit(1)
        with open(path, "w") as f:
            json.dump(doc, f)
        if os.environ.get("FAKE_K8S_HANG") != "1":
            doc["status"] = run_job(doc)
            with open(path, "w") as f:
                json.dump(doc, f)
        print(f"job.batch/{name}")
elif args[:2] == ["get", "job"] and len(args) >= 5 and args[3] == "-o" and args[4].startswith("jsonpath="):
    path = os.path.join(jobs_dir, args[2] + ".json")
    if not os.path.exists(path):
        print(f'Error from server (NotFound): jobs.batch "{args[2]}" not found', file=sys.stderr)
        sys.exit(1)
    with open(path) as f:
        print(jsonpath(json.load(f), args[4][len("jsonpath="):]), end="")
else:
    raise SystemExit(f"fake kubectl: {' '.join(args)} not known")
