#!/usr/bin/env python3
"""Field accuracy of one export against a reference export of the same protocols.

usage: compare_exports.py REFERENCE.jsonl CANDIDATE.jsonl [--list]
Items are matched by (document stem without "-skannad", § number). Prints, per field, how many
reference items the candidate got exactly right. Titles are also compared with dashes folded
(OCR reads "–" as "-").
"""
import json, os, re, sys

def key(r):
    stem = os.path.splitext(os.path.basename(r["document"]["path"]))[0].replace("-skannad", "")
    return (stem, r["paragraph"])

def load(p):
    out = {}
    for line in open(p, encoding="utf-8"):
        r = json.loads(line)
        if not r.get("removed"):
            out[key(r)] = r
    return out

def fold(s):
    return re.sub(r"\s+", " ", (s or "").replace("\u2013", "-").replace("\u2014", "-")).strip()

ref, cand = load(sys.argv[1]), load(sys.argv[2])
fields = {
    "§ found": lambda a, b: True,
    "§ label": lambda a, b: fold(a["paragraph_label"]) == fold(b["paragraph_label"]),
    "diarienummer": lambda a, b: [d["normalized"] for d in a["diarienummer"]] == [d["normalized"] for d in b["diarienummer"]],
    "title (exact)": lambda a, b: a["title"] == b["title"],
    "title (dashes folded)": lambda a, b: fold(a["title"]) == fold(b["title"]),
    "decision (dashes folded)": lambda a, b: fold(a["decision"]) == fold(b["decision"]),
    "amounts": lambda a, b: sorted(x["sek"] for x in a["amounts"]) == sorted(x["sek"] for x in b["amounts"]),
    "dates": lambda a, b: a["dates"] == b["dates"],
    "years": lambda a, b: a["years"] == b["years"],
    "body": lambda a, b: a["body"] == b["body"],
    "meeting_date": lambda a, b: a["meeting_date"] == b["meeting_date"],
}
def cer(a, b):
    """Character error rate of b against a (Levenshtein distance / len(a))."""
    a, b = fold(a), fold(b)
    if not a: return 0.0 if not b else 1.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1] / len(a)

n = len(ref)
extra = [k for k in cand if k not in ref]
print(f"reference items: {n}; candidate items: {len(cand)} ({len(extra)} not in the reference)")
for name, ok in fields.items():
    good = sum(1 for k, r in ref.items() if k in cand and ok(r, cand[k]))
    print(f"  {name:26s} {good:4d}/{n}  {good / n:.3f}" if n else name, flush=True)
    if "--list" in sys.argv:
        for k, r in ref.items():
            if k in cand and not ok(r, cand[k]) and name != "§ found":
                print("     ", k)

both = [k for k in ref if k in cand]
if both:
    for f in ("title", "decision", "text"):
        m = sum(cer(ref[k][f], cand[k][f]) for k in both) / len(both)
        print(f"  character error rate, {f:9s} {m:.4f}")
