#!/usr/bin/env python3
"""Builds a scanned test set from real protocol text: pages laid out by tools/mkpdf with several
§ label styles ("Ks § 12", "KF § 12", "BUN § 12", "§ 12"), then "scanned" by tools/mkscan.

usage: make_scan_corpus.py CORPUS_DIR OUT_DIR BUILD_DIR [MEETINGS] [MAX_LINES]
Writes OUT_DIR/text/NAME.pdf (text layer: the reference) and OUT_DIR/scan/NAME-skannad.pdf.
"""
import os, re, subprocess, sys

corpus, out, build = sys.argv[1], sys.argv[2], sys.argv[3]
meetings = int(sys.argv[4]) if len(sys.argv) > 4 else 3
max_lines = int(sys.argv[5]) if len(sys.argv) > 5 else 160
styles = [("Ks", "Kommunstyrelsen"), ("KF", "Kommunfullmäktige"), ("BUN", "Barn- och utbildningsnämnden"), ("", "Kommunstyrelsen")]
os.makedirs(os.path.join(out, "text"), exist_ok=True)
os.makedirs(os.path.join(out, "scan"), exist_ok=True)
files = sorted(f for f in os.listdir(corpus) if f.endswith(".txt") and os.path.getsize(os.path.join(corpus, f)) > 5000)
for i, f in enumerate(files[:meetings]):
    prefix, organ = styles[i % len(styles)]
    name = os.path.splitext(f)[0]
    date = name[3:]
    lines = open(os.path.join(corpus, f), encoding="utf-8").read().split("\n")[:max_lines]
    body = []
    for l in lines:
        l = l.replace("\ufffd", "")
        m = re.match(r"^§ (\d+)(.*)$", l)
        if m:
            l = (prefix + " " if prefix else "") + "§ " + m.group(1) + m.group(2)
            body.append("# " + l)
        else:
            # mkpdf does not wrap: split long lines at a space near 95 characters.
            while len(l) > 95:
                cut = l.rfind(" ", 0, 95)
                if cut <= 0: break
                body.append(l[:cut]); l = l[cut + 1:]
            body.append(l)
    src = os.path.join(out, "text", name + ".pdfsrc")
    with open(src, "w", encoding="utf-8") as fh:
        fh.write(f"%layout header\n%header-left GÖTEBORGS STAD\n%header-right SAMMANTRÄDESPROTOKOLL\n"
                 f"%header2-left {organ}\n%header2-right Sammanträdesdatum {date}\n"
                 f"%footer-left Justerandes sign\n%footer-right Sida {{page}} ({{pages}})\n---\n")
        fh.write("\n".join(body) + "\n")
    pdf = os.path.join(out, "text", name + ".pdf")
    subprocess.run([os.path.join(build, "tools", "mkpdf"), src, pdf], check=True)
    os.remove(src)
    subprocess.run([os.path.join(build, "tools", "mkscan"), "--angle", str(0.4 + 0.3 * (i % 3)), "--noise", "8",
                    "--quality", "45", pdf, os.path.join(out, "scan", name + "-skannad.pdf")], check=True,
                   stderr=subprocess.DEVNULL)
