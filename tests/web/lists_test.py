#!/usr/bin/python3
"""`protokoll serve` with the common words' match lists (catalogue/postings.h): read in the
background, the same answers as without them, and stopped cleanly.

usage: lists_test.py PROTOKOLL SYNTH WORK_DIR

Makes a catalogue of 12,000 synthetic items (bench/synth: its commonest words are in more than
10,000, which is what serve keeps lists of), starts two servers on it — one with the lists
(the default) and one without (--term-memory 0) — waits until the first says it has read its
lists, and compares the JSON API's answers of both to searches of words, inflections, two
words, phrases, a word found nowhere, with and without filters (hits in order, snippets,
totals, facets). Then stops both with SIGTERM: the server with the lists must end at once
(its reading thread stopped and joined). Stops exactly the servers it started. Ends with
"N passed, M failed".
"""
import json, os, subprocess, sys, time, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serving  # noqa: E402

BIN, SYNTH, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(WORK, exist_ok=True)
db = serving.synth_catalogue(SYNTH, os.path.join(WORK, "lists.sqlite"), 12000, 7)

if os.path.exists(db + ".lists"):  # written by an earlier run: the server would map it instead of reading
    os.remove(db + ".lists")
check = serving.Checks()
port_with, port_without = serving.free_port(), serving.free_port()
log_path = os.path.join(WORK, "with-lists.log")
log = open(log_path, "w")
with_lists = subprocess.Popen([BIN, "serve", "--db", db, "--listen", f"127.0.0.1:{port_with}"], stderr=log)
without = serving.start([BIN, "serve", "--db", db, "--listen", f"127.0.0.1:{port_without}", "--term-memory", "0"],
                        port_without)


def said():
    with open(log_path) as f:
        return f.read()


try:
    deadline = time.time() + 120
    while "term lists of" not in said() and time.time() < deadline and with_lists.poll() is None:
        time.sleep(0.2)
    line = next((l for l in said().splitlines() if "term lists of" in l), "")
    check("the server with lists says it has read them", line != "", said()[-300:])
    words = int(line.split("term lists of ")[1].split()[0]) if line else 0
    check("it holds lists of the commonest words", words > 0, line)
    while "lists file written" not in said() and time.time() < deadline and with_lists.poll() is None:
        time.sleep(0.2)
    check("and keeps them in the lists file beside the catalogue", os.path.exists(db + ".lists"), said()[-300:])

    def search(port, params):
        url = f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode(params)
        with urllib.request.urlopen(url, timeout=60) as r:
            return json.loads(r.read())

    searches = [
        {"q": "bidrag"}, {"q": "fastigheten"}, {"q": "förskolor"}, {"q": "kommunstyrelsen"},
        {"q": "bidrag fastighet"}, {"q": "\"läggs till handlingarna\""}, {"q": "\"vatten och avlopp\""},
        {"q": "ordsomintefinnsnågonstans"}, {"q": "bidrag", "from": "1990", "to": "1995"},
        {"q": "fastighet", "body": "Kommunstyrelsen"}, {"q": "bidrag", "min": "1000000"},
        {"q": "budget", "from": "2001", "to": "2001", "min": "100000"}, {"q": "detaljplan", "offset": "2000"},
        {"q": "taxa", "sort": "datum"}, {"q": "årsredovisning", "limit": "100"},
    ]
    for params in searches:
        a, b = search(port_with, params), search(port_without, params)
        for part in ("total", "hits", "facets"):
            check(f"{part} of {params} the same with and without the lists", a.get(part) == b.get(part),
                  f"{json.dumps(a.get(part))[:200]} != {json.dumps(b.get(part))[:200]}")
finally:
    started = time.time()
    rc = serving.stop(with_lists, timeout=20)
    log.close()
    serving.stop(without)
check("the server with lists stops on SIGTERM, at once and cleanly", rc == 0 and time.time() - started < 10,
      f"rc {rc} after {time.time() - started:.1f} s")
sys.exit(check.summary())
