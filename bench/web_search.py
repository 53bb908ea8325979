#!/usr/bin/python3
"""Server time of filtered search pages on a 100,000-item catalogue (issue: p95 ≤ 50 ms).

usage: bench/web_search.py BUILD_DIR WORK_DIR [ITEMS]
Makes the catalogue with bench/synth (synthetic Swedish protocols through the real store path;
kept in WORK_DIR for later runs), starts `protokoll serve` on a free loopback port, requests 100
search pages with varied words and filters (years, body, amounts, dates, OCR, date order,
paging), and prints p50/p95 of the server's own time (the Server-Timing header: handler, search,
facets and HTML, without the network) and of the whole request; the first request (cold) apart.
Stops the server it started.
"""
import os, random, signal, socket, subprocess, sys, time, urllib.parse, urllib.request

build, work = sys.argv[1], sys.argv[2]
items = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3].isdigit() else 100000
os.makedirs(work, exist_ok=True)
db = os.path.join(work, f"web-{items}.sqlite")
if not os.path.exists(db):
    t = time.time()
    subprocess.run([os.path.join(build, "bench", "synth"), "catalogue", str(items), "7", db], check=True)
    print(f"catalogue of {items} items made in {time.time() - t:.0f} s", file=sys.stderr)
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
server = subprocess.Popen([os.path.join(build, "protokoll"), "serve", "--db", db, "--listen", f"127.0.0.1:{port}"],
                          stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    rnd = random.Random(11)
    words = ["bidrag", "förskola", "skolskjuts", "detaljplan", "budget", "taxa", "motion", "avtal", "fastighet",
             "arvode", "vägar", "upphandling", "renovering", "simhall", "bibliotek", "bredband"]
    bodies = ["Kommunstyrelsen", "Kommunfullmäktige", "Barn- och utbildningsnämnden", "Socialnämnden", "Tekniska nämnden"]
    def url():
        p = {"q": rnd.choice(words)}
        y = rnd.randint(1975, 2020)
        kind = rnd.randrange(6)
        if kind in (0, 5): p.update({"from": y, "to": y + rnd.randint(0, 9)})
        if kind in (1, 5): p["body"] = rnd.choice(bodies)
        if kind == 2: p["min"] = rnd.choice([10000, 100000, 1000000])
        if kind == 3: p.update({"date_from": f"{y}-01-01", "date_to": f"{y + 3}-12-31"})
        if kind == 4: p.update({"from": y, "sort": "datum"})
        if rnd.random() < 0.2: p["page"] = 2
        return f"http://127.0.0.1:{port}/?" + urllib.parse.urlencode(p)
    server_ms, total_ms, urls = [], [], []
    for i in range(101):
        t = time.perf_counter()
        u = url()
        urls.append(u)
        with urllib.request.urlopen(u, timeout=30) as r:
            r.read()
            st = r.headers.get("Server-Timing", "app;dur=0")
        total_ms.append((time.perf_counter() - t) * 1000)
        server_ms.append(float(st.split("dur=")[1]))
    cold_server, cold_total = server_ms.pop(0), total_ms.pop(0)
    urls.pop(0)
    if "--slowest" in sys.argv:
        for ms, u in sorted(zip(server_ms, urls), reverse=True)[:8]:
            print(f"  {ms:6.1f} ms  {urllib.parse.unquote(u.split('?', 1)[1])}", file=sys.stderr)
    def pct(v, q):
        v = sorted(v)
        return v[min(len(v) - 1, int(q * len(v)))]
    print(f"| filtered search page, {items} items | server p50 {pct(server_ms, .5):.1f} ms | server p95 "
          f"{pct(server_ms, .95):.1f} ms | request p95 {pct(total_ms, .95):.1f} ms | cold first {cold_server:.1f} ms |")
finally:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=10)
