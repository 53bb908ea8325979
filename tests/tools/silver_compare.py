#!/usr/bin/env python3
"""Compares a protokoll export of the Göteborg corpus with the corpus's silver labels.

usage: silver_compare.py EXPORT.jsonl LABELS.jsonl [--list]
Prints agreement on § number, ärendenummer (the item's own diarienummer) and title, and the
disagreements by kind. Labels are a third party's parse: a disagreement is a place to look.
"""
import collections, json, os, re, sys, unicodedata

def norm_title(t):
    t = unicodedata.normalize("NFC", t or "")
    t = t.replace("\u2013", "-").replace("\u00ad", "")
    return re.sub(r"\s+", " ", t).strip().rstrip(".")

def norm_dnr(s):
    m = re.match(r"^([A-ZÅÄÖ]+)-(\d{4})-0*(\d+)", (s or "").upper())
    return f"{m.group(1)} {m.group(2)}/{m.group(3)}" if m else (s or "").upper()

def title_kind(ours, theirs):
    o, t = norm_title(ours), norm_title(theirs)
    if len(t) >= 195 and o.startswith(t[:190]):
        return "silver label truncated at 200 characters (ours is the whole title)"
    if t.startswith(o) and len(t) > len(o):
        return "silver label ran on into the body text after the title"
    return "other"

def main():
    export, labels = sys.argv[1], sys.argv[2]
    show = "--list" in sys.argv
    ours = {}
    for line in open(export, encoding="utf-8"):
        r = json.loads(line)
        if r.get("removed"): continue
        meeting = os.path.splitext(os.path.basename(r["document"]["path"]))[0]
        ours.setdefault((meeting, str(r["paragraph"])), r)
    gold = {}
    for line in open(labels, encoding="utf-8"):
        l = json.loads(line)
        gold[(l["meeting"], str(l["paragraph"]))] = l
    found = sum(1 for k in gold if k in ours)
    extra = [k for k in ours if k not in gold and k[0] in {g[0] for g in gold}]
    dnr_ok = title_ok = 0
    misses = collections.defaultdict(list)
    for k, g in gold.items():
        r = ours.get(k)
        if r is None:
            misses["§ missing"].append(k); continue
        own = r["diarienummer"][0]["normalized"] if r["diarienummer"] else ""
        if own == norm_dnr(g.get("arendenummer")):
            dnr_ok += 1
        else:
            misses["ärendenummer"].append((k, own, g.get("arendenummer")))
        if norm_title(r["title"]) == norm_title(g.get("title")):
            title_ok += 1
        else:
            misses["title: " + title_kind(r["title"], g.get("title"))].append((k, r["title"], g.get("title")))
    n = len(gold)
    print(f"silver items: {n}; § found: {found} ({found/n:.4f}); extra § in ours: {len(extra)}")
    print(f"ärendenummer agree: {dnr_ok}/{found} ({dnr_ok/max(found,1):.4f})")
    print(f"title agree:        {title_ok}/{found} ({title_ok/max(found,1):.4f})")
    for kind, items in misses.items():
        print(f"-- {kind}: {len(items)}")
        if show:
            for it in items: print("   ", it)
    if show and extra:
        print("-- extra:", extra)

main()
