#!/usr/bin/python3
"""The lists file (catalogue/mapped.h): `protokoll index` writes it beside the catalogue, and the
command line's search and a starting server map it instead of reading the filter columns and
the common words' lists. It must answer exactly as the catalogue alone; be what answers; be
ignored once the catalogue changes; and a damaged or foreign one must be said and searched
past, never crash.

usage: lists_file_test.py PROTOKOLL SYNTH WORK_DIR

Makes a catalogue of 6,000 synthetic items (bench/synth), answers searches of words,
inflections, two words, phrases, a word found nowhere, with filters of years, organ, amount
and diarienummer, and deep pages, through the catalogue alone (no lists file); writes the
lists file with `index --min-items 300` (lists of the words in at least 300 items) and compares
every answer (hits, order, snippets, scores as printed). Ends with "N passed, M failed".
"""
import json, os, shutil, struct, subprocess, sys, time, urllib.parse, urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
import serving  # noqa: E402

BIN, SYNTH, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(WORK, exist_ok=True)
db = serving.synth_catalogue(SYNTH, os.path.join(WORK, "file.sqlite"), 6000, 3, fresh=True)
lists = db + ".lists"
check = serving.Checks()

SEARCHES = [
    ["bidrag"], ["fastigheten"], ["förskolor"], ["kommunstyrelsen"], ["skolskjutsen förvaltningsrätten"],
    ["\"läggs till handlingarna\""], ["\"vatten och avlopp\""], ["ordsomintefinnsnågonstans"],
    ["bidrag", "--years", "1990..1995"], ["fastighet", "--body", "Kommunstyrelsen"],
    ["bidrag", "--min-amount", "1000000"], ["budget", "--year", "2001", "--min-amount", "100000"],
    ["detaljplan", "--limit", "300"], ["taxa", "--from", "1999-01-01", "--to", "2004-12-31"],
    ["årsredovisning", "--limit", "100", "--rank-all"], ["taxa", "--dnr", "TN-2010-00769"],
    ["skolskjutsen", "--max-amount", "500000"], ["taxa bredband"], ["beslut", "--municipality", "Kumla"],
]


def search(args):
    r = subprocess.run([BIN, "search", "--db", db, "--json", *args], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def answers():
    return [search(a) for a in SEARCHES]


reference = answers()
# (rc 1: no hits; the word found nowhere and the municipality the synthetic items lack.)
check("the catalogue alone answers every search", all(rc in (0, 1) for rc, _, _ in reference),
      [a for a, (rc, _, _) in zip(SEARCHES, reference) if rc not in (0, 1)])
check("most searches have hits", sum(1 for _, out, _ in reference if out.strip()) >= len(SEARCHES) - 3)

# index: the file written, its lists named.
r = subprocess.run([BIN, "index", "--db", db, "--min-items", "300"], capture_output=True, text=True)
check("index writes the lists file", r.returncode == 0 and os.path.exists(lists), r.stderr[-300:])
words = int(r.stderr.split("lists of ")[1].split()[0]) if "lists of " in r.stderr else 0
check("it holds the common words' lists", words > 20, r.stderr[-300:])
r = subprocess.run([BIN, "index", "--db", os.path.join(WORK, "none.sqlite")], capture_output=True, text=True)
check("index of no catalogue fails and creates none", r.returncode == 2 and not os.path.exists(os.path.join(WORK, "none.sqlite")),
      f"rc {r.returncode}")

# The same answers from the file.
with_file = answers()
for a, ref, got in zip(SEARCHES, reference, with_file):
    check(f"{a}: the same answer from the lists file", got[:2] == ref[:2] and "warning" not in got[2],
          f"{got[2][-200:]} {got[1][:200]!r} != {ref[1][:200]!r}")


def hack_weights(path, factor):
    """Multiplies every weighted count in the file's term lists (the section after the filter
    columns) by `factor`, in place: what the lists then answer is theirs, not the catalogue's."""
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        lists_at = struct.unpack_from("<Q", data, 16 + 8 + 64 + 8 + 8)[0]
        at = lists_at + 8 + 8  # magic, seq
        (n,) = struct.unpack_from("<Q", data, at)
        at += 8

        def array(at, width):
            (k,) = struct.unpack_from("<Q", data, at)
            at += 8
            return at, k, at + (k * width + 7) // 8 * 8

        for _ in range(n):
            _, _, at = array(at, 1)  # term
            at += 8  # count
            _, _, at = array(at, 1)  # bytes
            start, k, at = array(at, 8)  # values
            for j in range(k):
                (v,) = struct.unpack_from("<d", data, start + 8 * j)
                struct.pack_into("<d", data, start + 8 * j, v * factor + 1.0)
            _, _, at = array(at, 4)
            _, _, at = array(at, 8)
            _, _, at = array(at, 8)
        f.seek(0)
        f.write(data)


# The file is what answers: with its weights changed, the scores (and so the order) change.
saved = lists + ".saved"
shutil.copy(lists, saved)
hack_weights(lists, 7.0)
hacked = answers()
changed = sum(1 for ref, got in zip(reference, hacked) if got[1] != ref[1])
check("with the file's weights changed the answers change (the file answers)", changed >= 5, f"{changed} changed")
shutil.copy(saved, lists)

# A server started on the catalogue maps the file and answers as one without lists.
port, port0 = serving.free_port(), serving.free_port()
log_path = os.path.join(WORK, "serve.log")
with open(log_path, "w") as log:
    server = subprocess.Popen([BIN, "serve", "--db", db, "--listen", f"127.0.0.1:{port}"], stderr=log)
plain = serving.start([BIN, "serve", "--db", db, "--listen", f"127.0.0.1:{port0}", "--term-memory", "0"], port0)
try:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=x", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    said = open(log_path).read()
    check("serve maps the lists file at start", "mapped from" in said and "term lists of" not in said, said[-300:])

    def api(p, params):
        with urllib.request.urlopen(f"http://127.0.0.1:{p}/api/search?" + urllib.parse.urlencode(params), timeout=60) as r:
            return json.loads(r.read())

    for params in ({"q": "bidrag"}, {"q": "fastighet", "body": "Kommunstyrelsen"}, {"q": "bidrag", "min": "1000000"},
                   {"q": "\"vatten och avlopp\"", "from": "1990", "to": "2005"}):
        a, b = api(port, params), api(port0, params)
        check(f"serve from the file: {params} as without lists", all(a.get(k) == b.get(k) for k in ("total", "hits", "facets")),
              json.dumps(a.get("hits"))[:200])
finally:
    serving.stop(server)
    serving.stop(plain)

# A change of the catalogue: the file belongs to the state before and is not used.
first = json.loads(reference[0][1].splitlines()[0])
r = subprocess.run([BIN, "correct", "--db", db, first["id"], "title", "Bidrag till en förening som ändrats"],
                   capture_output=True, text=True)
check("a correction changes the catalogue", r.returncode == 0, r.stderr[-300:])
os.rename(lists, saved)
after = answers()
os.rename(saved, lists)
stale = answers()
for a, ref, got in zip(SEARCHES, after, stale):
    check(f"{a}: after a change the file is ignored, and said to be", got[:2] == ref[:2] and "warning" not in got[2] and
          "belongs to an earlier state" in got[2], got[2][-200:])

# Damaged files: said, searched past, never a crash.
r = subprocess.run([BIN, "index", "--db", db, "--min-items", "300"], capture_output=True, text=True)
check("index again after the change", r.returncode == 0, r.stderr[-300:])
good = open(lists, "rb").read()
cases = {
    "cut short": good[: len(good) // 2],
    "a foreign file": b"SQLite format 3\0" + os.urandom(4096),
    "only the header": good[:120],
    "empty": b"",
}
for name, data in cases.items():
    with open(lists, "wb") as f:
        f.write(data)
    got = answers()
    check(f"{name}: every search answers as the catalogue alone",
          all(g[:2] == s[:2] for g, s in zip(got, after)), [g[2][-120:] for g in got if g[0] != 0][:2])
    check(f"{name}: the file is named in a warning", name == "empty" or all(lists + ": lists:" in g[2] for g in got),
          [g[2][-200:] for g in got if lists + ": lists:" not in g[2]][:1])
# Both sections or neither: a file whose term lists are damaged is not used for its filter columns
# either. Shown with the columns changed too ("kommunstyrelsen" renamed in their names of bodies):
# used, they would answer the search by body otherwise than the catalogue.
lists_at = struct.unpack_from("<Q", good, 16 + 8 + 64 + 8 + 8)[0]
body_at = good.find(b"kommunstyrelsen", 0, lists_at)  # (folded, as filters compare)
check("the filter columns name the body", body_at > 0)
renamed = bytearray(good)
renamed[body_at + len("Kommunstyrelsen") - 1] = ord("x")
by_body = SEARCHES.index(["fastighet", "--body", "Kommunstyrelsen"])
with open(lists, "wb") as f:
    f.write(renamed)
check("with the columns' body renamed, the search by body answers otherwise (the columns answer)",
      search(SEARCHES[by_body])[:2] != after[by_body][:2])
renamed[lists_at] ^= 0xFF  # the term lists' magic
with open(lists, "wb") as f:
    f.write(renamed)
got = answers()
check("term lists damaged: every search answers as the catalogue alone, the filter columns' too",
      all(g[:2] == s[:2] for g, s in zip(got, after)), [a for a, g, s in zip(SEARCHES, got, after) if g[:2] != s[:2]][:3])
check("term lists damaged: the file is named in a warning", all(lists + ": lists:" in g[2] for g in got))
# Bytes damaged inside the arrays (the header and sizes intact): wrong answers at worst.
for seed in range(8):
    data = bytearray(good)
    rnd = __import__("random").Random(seed)
    for _ in range(1 + seed * 8):
        data[rnd.randrange(200, len(data))] = rnd.randrange(256)
    with open(lists, "wb") as f:
        f.write(data)
    got = answers()
    check(f"damaged bytes (seed {seed}): no search crashes", all(g[0] in (0, 1) for g in got),
          [g[2][-200:] for g in got if g[0] not in (0, 1)][:1])
os.remove(lists)
sys.exit(check.summary())
