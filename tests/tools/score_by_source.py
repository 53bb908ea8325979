#!/usr/bin/python3
"""Per-source scores of an export against a gold.json, with ../shared/corpus/score.py.

usage: score_by_source.py SCORE.py FOLDER EXPORT.jsonl
FOLDER holds gold.json and SOURCES.tsv (file, url, source, year, kind, note); a source is the
place before the first comma of the `source` column ("Fors socken, kommunalstämma" → "Fors
socken"). Prints a Markdown table: source, files, items, found, overall, then the total.
"""
import collections, json, re, subprocess, sys

score, folder, export = sys.argv[1:4]
gold = json.load(open(f"{folder}/gold.json", encoding="utf-8"))
place = {}
for line in open(f"{folder}/SOURCES.tsv", encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if len(f) < 3 or not f[0].endswith(".txt"): continue
    place[f[0][:-4]] = re.split(r"[,(]", f[2])[0].strip()
groups = collections.defaultdict(list)
for name in gold:
    groups[place.get(name, name)].append(name)

def run(names):
    out = subprocess.run([sys.executable, score, f"{folder}/gold.json", export, "--docs", ",".join(names)],
                         capture_output=True, text=True).stdout
    found = re.search(r"^found\s+(\d+)/(\d+)", out, re.M)
    overall = re.search(r"overall=([0-9.]+)", out)
    return (found.group(1), found.group(2), overall.group(1)) if found and overall else ("0", "0", "0")

print("| source | files | items | found | overall |")
print("|---|---|---|---|---|")
for src in sorted(groups):
    f, n, o = run(groups[src])
    print(f"| {src} | {len(groups[src])} | {n} | {f}/{n} | {o} |")
f, n, o = run(list(gold))
print(f"| **all** | **{len(gold)}** | **{n}** | **{f}/{n}** | **{o}** |")
