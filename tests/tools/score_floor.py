#!/usr/bin/python3
"""Runs ../shared/corpus/score.py on an export and fails below floors.

usage: score_floor.py SCORE.py GOLD.json EXPORT.jsonl MIN_FOUND MIN_OVERALL
Prints score.py's table, then 'FOLDER: floors met' or what fell short (FOLDER: the gold's folder).
"""
import os, re, subprocess, sys

score, gold, export, min_found, min_overall = sys.argv[1:6]
name = os.path.basename(os.path.dirname(os.path.abspath(gold)))
out = subprocess.run([sys.executable, score, gold, export, "--verbose"], capture_output=True, text=True).stdout
print(out)
found = re.search(r"^found\s+(\d+)/(\d+)", out, re.M)
overall = re.search(r"overall=([0-9.]+)", out)
if not found or not overall:
    print(f"{name}: no score"); sys.exit(1)
f = int(found.group(1)) / int(found.group(2))
o = float(overall.group(1))
if f >= float(min_found) and o >= float(min_overall):
    print(f"{name}: floors met (found {f:.3f} >= {min_found}, overall {o:.3f} >= {min_overall})")
else:
    print(f"{name}: below the floors (found {f:.3f} < {min_found} or overall {o:.3f} < {min_overall})")
    sys.exit(1)
