#!/usr/bin/env python3
"""The written votes set (tests/corpus/votes/written) printed and scanned, then scored as the text
is: each protocol laid out by tools/mkpdf, "scanned" by tools/mkscan (skew, noise, JPEG at 45),
ingested (OCR with the Swedish model) and scored by scripts/score-votes against the same labels.
The roll-call tables are printed as their text gives them (columns ruled with "|").

usage: /usr/bin/python3 bench/votes_scanned.py [BUILD_DIR]   (default: build)
"""
import json, os, shutil, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build"))
src = os.path.join(root, "tests", "corpus", "votes", "written")
with tempfile.TemporaryDirectory() as t:
    # score-votes reads ROOT/tests/corpus/votes/<half>: a root of our own holds the scans.
    half = os.path.join(t, "tests", "corpus", "votes", "written")
    os.makedirs(half)
    os.makedirs(os.path.join(t, "scripts"))
    shutil.copy(os.path.join(root, "scripts", "score-votes"), os.path.join(t, "scripts"))
    names = sorted(f[:-4] for f in os.listdir(src) if f.endswith(".txt"))
    for i, name in enumerate(names):
        body = []
        for line in open(os.path.join(src, name + ".txt"), encoding="utf-8").read().split("\n"):
            while len(line) > 95:  # mkpdf does not wrap
                cut = line.rfind(" ", 0, 95)
                if cut <= 0:
                    break
                body.append(line[:cut])
                line = line[cut + 1:]
            body.append(line)
        pdfsrc, pdf = os.path.join(t, name + ".pdfsrc"), os.path.join(t, name + "-text.pdf")
        with open(pdfsrc, "w", encoding="utf-8") as fh:
            fh.write("%layout header\n%footer-left Justerandes sign\n%footer-right Sida {page} ({pages})\n---\n")
            fh.write("\n".join(body) + "\n")
        subprocess.run([os.path.join(build, "tools", "mkpdf"), pdfsrc, pdf], check=True)
        subprocess.run([os.path.join(build, "tools", "mkscan"), "--angle", str(0.4 + 0.3 * (i % 3)), "--noise", "8",
                        "--quality", "45", pdf, os.path.join(half, name + ".pdf")], check=True, stderr=subprocess.DEVNULL)
    gold = json.load(open(os.path.join(src, "gold.json"), encoding="utf-8"))
    json.dump({k[:-4] + ".pdf" if k.endswith(".txt") else k: v for k, v in gold.items()},
              open(os.path.join(half, "gold.json"), "w", encoding="utf-8"), ensure_ascii=False)
    env = dict(os.environ, PROTOKOLL=os.path.join(build, "protokoll"))
    args = ["written"] + (["-v"] if os.environ.get("VERBOSE") else [])
    print(f"votes_scanned: {len(names)} written protocols printed, scanned and read by OCR")
    sys.exit(subprocess.run(["/usr/bin/python3", os.path.join(t, "scripts", "score-votes")] + args, env=env).returncode)
