#!/usr/bin/python3
"""The web pages in a real browser: headless Chromium driven by Selenium (Debian's chromium,
chromium-driver, python3-selenium).

usage: browser_test.py PROTOKOLL_BINARY SOURCE_DIR OUT_DIR

Starts `protokoll serve` on a catalogue of samples/ (plus a protocol whose text is an attack on
the page) on a free loopback port, then, as a person would: searches "förskola" with a year
filter, opens an item and sees its page image, tries an edit without the token (refused), logs
in, corrects a title, re-ingests (re-extracting the file) and sees the correction stay, sees the
XSS payload as text, and checks limits and concurrent searches during an ingest. Screenshots of
the search, item and review pages go to OUT_DIR. Stops exactly the server it started. Ends with
'N passed, N failed'.
"""
import json, os, shutil, signal, socket, subprocess, sys, threading, time, urllib.error, urllib.parse, urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

BIN, SRC, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
TOKEN = "browser-test-edit-token-0123456789"
passed, failed = 0, 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok: {what}")
    else:
        failed += 1
        print(f"FAILED: {what}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace"), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace"), dict(e.headers)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(os.path.join(OUT, "in"))
    for f in ("alvbacka-bun-2020-09-14.pdf", "alvbacka-bun-2020-09-14-skannad.tif", "ljungby-ks-2017-39.txt",
              "storvik-kf-2019-11-25.pdf"):
        shutil.copy(os.path.join(SRC, "samples", f), os.path.join(OUT, "in", f))
    with open(os.path.join(OUT, "in", "xss-ks-2021-05-04.txt"), "w", encoding="utf-8") as fh:
        fh.write("Kommunstyrelsen\nSammanträdesdatum 2021-05-04\n\n§ 7 <script>alert('titel')</script> Budget\n\n"
                 "Beslut\nKommunstyrelsen beslutar att anta \"><img src=x onerror=alert(1)> budgeten för förskolan.\n")
    # A title with a right-to-left override and a 264-letter word: shown in logical order, and
    # the page no wider than a phone.
    with open(os.path.join(OUT, "in", "bidi-ks-2021-06-01.txt"), "w", encoding="utf-8") as fh:
        fh.write("Kommunstyrelsen\nSammanträdesdatum 2021-06-01\n\n§ 8 \u202eVinterväghållning i Ärla\n\nBeslut\n"
                 "Kommunstyrelsen beslutar att anta " + "Vägunderhållsentreprenad" * 11 + " för cykelbanorna.\n")
    with open(os.path.join(OUT, "in", "anteckningar-1987.txt"), "w", encoding="utf-8") as fh:
        fh.write("Anteckningar från arbetsmöte om vinterväghållning\n\nGruppen diskuterade plogning av cykelbanor.\n")
    # Who decided, and how: motions, a counted vote with its roll call, a reservation; a name that
    # is an attack on the page (an organ corrected to markup is checked in the unit tests).
    with open(os.path.join(OUT, "in", "votes-ks-2023-05-16.txt"), "w", encoding="utf-8") as fh:
        fh.write("Kommunstyrelsen\nSammanträdesdatum 2023-05-16\nBeslutande\nKent Johansson (C), ordförande\nLena Holm (S)\n\n"
                 "KS § 42\nNy sporthall\n\nYrkanden\nPer Persson (SD) yrkar bifall till förslaget.\n"
                 "Anna Andersson (M) yrkar avslag.\n\nOmröstning\nOmröstning begärs och verkställs.\n"
                 "Kent Johansson (C) och Lena Holm (S) röstar Ja (2).\nAnna Andersson (M) röstar Nej (1).\n\n"
                 "Beslut\nKommunstyrelsen bifaller förslaget.\n\nReservation\n"
                 "Anna Andersson (M) reserverar sig till förmån för eget yrkande.\n")
    db = os.path.join(OUT, "c.sqlite")
    subprocess.run([BIN, "ingest", "-q", "--db", db, "in"], cwd=OUT, check=True)
    token_file = os.path.join(OUT, "token")
    with open(token_file, "w") as fh:
        fh.write(TOKEN + "\n")
    os.chmod(token_file, 0o600)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([BIN, "serve", "--db", db, "--listen", f"127.0.0.1:{port}", "--edit-token-file", token_file],
                              cwd=OUT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    driver = None
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        opts = webdriver.ChromeOptions()
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1700", "--lang=sv"):
            opts.add_argument(a)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        driver.set_page_load_timeout(60)

        # Search "förskola" with a year filter, as typed into the form.
        driver.get(base + "/")
        driver.find_element(By.NAME, "q").send_keys("förskola")
        driver.find_element(By.NAME, "from").send_keys("2020")
        driver.find_element(By.CSS_SELECTOR, "form.search button").click()
        time.sleep(0.5)
        check("from=2020" in driver.current_url and "q=f" in driver.current_url, "the URL holds the search state")
        hits = driver.find_elements(By.CSS_SELECTOR, "ol.hits h3 a")
        titles = [h.text for h in hits]
        check(any("Lokalförsörjningsplan för förskolan" in t for t in titles), f"search finds the item ({titles})")
        check(not any("Service i samverkan" in t for t in titles), "the year filter leaves 2017 out")
        check(len(driver.find_elements(By.CSS_SELECTOR, ".snippet mark")) > 0, "snippets are highlighted")
        driver.save_screenshot(os.path.join(OUT, "search.png"))

        # The municipality facet: the Ljungby text (no municipality in its head) and Storvik are
        # left out when Älvbacka is clicked; every hit left is Älvbacka's.
        driver.get(base + "/?q=kronor")
        before = int(driver.find_element(By.CSS_SELECTOR, "p.count").text.split()[0])
        facet = driver.find_elements(By.CSS_SELECTOR, "aside.facets ul.municipality a")
        names = [f.text for f in facet]
        check("Älvbacka kommun" in names and "Storviks kommun" in names, f"the municipality facet lists the municipalities ({names})")
        [f for f in facet if f.text == "Älvbacka kommun"][0].click()
        time.sleep(0.5)
        after = int(driver.find_element(By.CSS_SELECTOR, "p.count").text.split()[0])
        metas = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "ol.hits p.meta")]
        check("municipality=" in driver.current_url and 0 < after < before,
              f"clicking the facet filters the hits ({before} → {after})")
        check(metas and all(m.startswith("Älvbacka kommun") for m in metas), f"every hit left is Älvbacka's ({metas})")

        # The result list as CSV, from the page's own download link: the header row, and as
        # many records as the page says there are hits.
        href = driver.find_element(By.CSS_SELECTOR, "p.download a[href*='format=csv']").get_attribute("href")
        status, csv_text, headers = http("GET", href)
        import csv, io
        rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
        check(status == 200 and rows and rows[0][:3] == ["id", "path", "sha256"] and rows[0][-1] == "municipality",
              f"the CSV download has the export's header row ({rows[0] if rows else None})")
        check(len(rows) - 1 == after and all(r[-1] == "Älvbacka kommun" for r in rows[1:]),
              f"the CSV has one row per hit ({len(rows) - 1} rows, {after} hits)")
        check("attachment" in headers.get("Content-Disposition", ""), "the CSV comes as a download")

        # Open the scanned item and see its page image with OCR lines outlined.
        # The scan and the text PDF of one meeting are one hit, the scan linked from it.
        driver.get(base + "/?q=förskola&from=2020")
        twin_links = [a for a in driver.find_elements(By.CSS_SELECTOR, "ol.hits p.twins a") if a.text == "skannad"]
        titles = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "ol.hits h3 a")]
        check(len(twin_links) == 1 and titles.count("§ 45 Lokalförsörjningsplan för förskolan") == 1,
              f"the scan and the text PDF are one hit, 'även som: skannad' ({titles})")
        twin_links[0].click()
        time.sleep(1.0)
        img = driver.find_element(By.ID, "pageimg")
        natural = driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img)
        check(bool(natural) and natural > 500, f"the page image is shown ({natural} px wide)")
        check(len(driver.find_elements(By.CSS_SELECTOR, ".page svg rect")) > 5, "OCR lines are outlined on the page")
        check(len(driver.find_elements(By.CSS_SELECTOR, ".page svg rect.item")) == 1, "the item's region is marked on the page")
        check("Dnr BUN 2020/112" in driver.find_element(By.CSS_SELECTOR, ".cite").text, "the citation names the Dnr")
        item_url = driver.current_url
        item_id = item_url.rsplit("/", 1)[1]
        driver.save_screenshot(os.path.join(OUT, "item.png"))

        # An edit without the token is refused, by the page and by the API.
        body = urllib.parse.urlencode({"title": "Hackad", "csrf": "x"}).encode()
        status, _, _ = http("POST", f"{base}/item/{item_id}/correct", body, {"Content-Type": "application/x-www-form-urlencoded"})
        check(status == 403, f"a correction without login is refused ({status})")
        status, text, _ = http("POST", f"{base}/api/item/{item_id}/corrections", json.dumps({"field": "title", "value": "Hackad"}).encode(),
                               {"Content-Type": "application/json"})
        check(status == 401 and json.loads(text)["status"] == 401, f"the API wants the Bearer token ({status})")
        check("logga in" in driver.find_element(By.TAG_NAME, "main").text.lower(), "the item page asks to log in to correct")

        # Log in and correct the title on the page.
        driver.get(f"{base}/login?next=/item/{item_id}")
        driver.find_element(By.NAME, "token").send_keys(TOKEN)
        driver.find_element(By.CSS_SELECTOR, "main form button").click()
        time.sleep(0.5)
        check(driver.current_url.endswith(f"/item/{item_id}"), "login goes back to the item")
        cookie = driver.get_cookie("protokoll_session")
        check(cookie is not None and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict",
              f"the session cookie is HttpOnly and SameSite=Strict ({cookie and {k: cookie.get(k) for k in ('httpOnly', 'sameSite')}})")
        title = driver.find_element(By.NAME, "title")
        title.clear()
        title.send_keys("Lokalförsörjningsplan för förskolan 2021–2025")
        driver.find_element(By.NAME, "note").send_keys("OCR delade ordet")
        driver.find_element(By.CSS_SELECTOR, "form.correct button").click()
        time.sleep(0.5)
        h1 = driver.find_element(By.TAG_NAME, "h1").text
        check(h1.startswith("§ 45 Lokalförsörjningsplan för förskolan 2021–2025"), f"the corrected title is shown ({h1})")
        check("rättad" in driver.page_source, "the field is marked as corrected")

        # Re-ingest: the same files read again by protokoll; the correction stays.
        subprocess.run([BIN, "ingest", "-q", "--reextract", "--db", db, "in"], cwd=OUT, check=True)
        driver.get(item_url)
        h1 = driver.find_element(By.TAG_NAME, "h1").text
        check("Lokalförsörjningsplan för förskolan 2021–2025" in h1, f"the correction survives re-ingest ({h1})")
        status, text, _ = http("GET", f"{base}/api/item/{item_id}")
        rec = json.loads(text)
        check(rec["corrected"] == ["title"] and len(rec["corrections"]) == 1, "the API shows the correction and its history")

        # The XSS payload is text.
        driver.get(base + "/?q=budgeten")
        driver.find_element(By.PARTIAL_LINK_TEXT, "Budget").click()
        time.sleep(0.5)
        try:
            driver.switch_to.alert
            check(False, "no script from a protocol runs (an alert opened)")
        except NoAlertPresentException:
            check(True, "no script from a protocol runs")
        check("<script>alert('titel')</script>" in driver.find_element(By.TAG_NAME, "h1").text, "the <script> title shows as text")
        check(len(driver.find_elements(By.CSS_SELECTOR, "main img[src='x']")) == 0, "the <img onerror> payload is not an element")
        check('"><img src=x onerror=alert(1)>' in driver.find_element(By.CSS_SELECTOR, ".decision").text, "the payload shows as text")

        # The review page, logged in: the work list with correction forms.
        driver.get(base + "/review")
        sections = driver.find_elements(By.CSS_SELECTOR, "section.review")
        check(len(sections) >= 5, "the review page lists the documents")
        check(sections and "anteckningar-1987.txt" in sections[0].text, "the document without § is first on the work list")
        check(len(driver.find_elements(By.CSS_SELECTOR, "section.review details form.correct")) >= 1,
              "weak items have a correction form when logged in")
        driver.save_screenshot(os.path.join(OUT, "review.png"))

        # A bidirectional override in a title is gone: the title reads in logical order.
        driver.get(base + "/?q=vinterväghållning")
        driver.find_element(By.PARTIAL_LINK_TEXT, "Ärla").click()
        h1 = driver.find_element(By.TAG_NAME, "h1").text
        check("Vinterväghållning i Ärla" in h1 and "\u202e" not in driver.page_source, f"a bidi-override title in logical order ({h1!r})")
        bidi_item = driver.current_url

        # Who decided: from the item page a name leads to the person page; the party facet applies
        # its filter; the summary of votes draws its chart on the server.
        def accessible(what):
            labelled = driver.execute_script(
                "return [...document.querySelectorAll('main input:not([type=hidden]), main select')]"
                ".every(e => e.closest('label') || (e.id && document.querySelector('label[for=\"' + e.id + '\"]')))")
            scoped = driver.execute_script("return [...document.querySelectorAll('main th')].every(t => t.getAttribute('scope'))")
            headed = len(driver.find_elements(By.CSS_SELECTOR, "main h1")) == 1
            check(labelled and scoped and headed, f"{what}: inputs labelled, table headers scoped, one h1")

        driver.get(base + "/?q=sporthall")
        driver.find_element(By.PARTIAL_LINK_TEXT, "Ny sporthall").click()
        driver.find_element(By.LINK_TEXT, "Anna Andersson").click()
        time.sleep(0.3)
        check("/person?name=Anna" in driver.current_url, f"a name on the item page opens the person page ({driver.current_url})")
        parts = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "section.person-part h2")]
        check(parts == ["Yrkanden (1)", "Röstade vid omröstning (röstlängd) (1)", "Reservationer (1)"],
              f"the person page lists the motion, the vote and the reservation ({parts})")
        check(len(driver.find_elements(By.CSS_SELECTOR, "table.person a[href^='/item/']")) == 3, "each row links its item")
        accessible("person page")
        driver.save_screenshot(os.path.join(OUT, "person.png"))
        person_url = driver.current_url

        driver.get(base + "/?vote=1")
        party = driver.find_elements(By.CSS_SELECTOR, "aside.facets ul.party a")
        check([p.text for p in party] == ["M", "SD", "M"], f"the party facet lists the movers' and reservers' parties ({[p.text for p in party]})")
        party[1].click()
        time.sleep(0.3)
        check("moved_by=SD" in driver.current_url and driver.find_element(By.CSS_SELECTOR, "p.count").text == "1 träff",
              "clicking a party applies its filter")

        driver.get(base + "/stats/votes")
        svg = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
        check(svg and svg[0].get_attribute("role") == "img" and "omröstningar" in (svg[0].get_attribute("aria-label") or ""),
              "the chart is an image with a label")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.votes tbody tr")
        bars = driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")
        check(len(rows) > 1 and len(bars) == len(rows), f"one bar per organ and year ({len(bars)} bars, {len(rows)} rows)")
        check(svg and svg[0].size["width"] > 100, f"the chart is drawn ({svg[0].size if svg else None})")
        accessible("summary of votes")
        driver.save_screenshot(os.path.join(OUT, "votes.png"))

        # At a phone's width (390 px) no page is wider than the screen: long words, paths,
        # checksums and tables wrap.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        for name, url in (("search", base + "/?q=förskola"), ("item", item_url), ("long-word item", bidi_item),
                          ("document", base + "/document/" + item_id.split("-")[0]), ("review", base + "/review"),
                          ("person", person_url), ("votes", base + "/stats/votes")):
            driver.get(url)
            wide = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            check(wide[0] <= wide[1] + 1, f"{name} page at 390 px has no horizontal overflow (content {wide[0]} px)")
            driver.save_screenshot(os.path.join(OUT, f"phone-{name.replace(' ', '-')}.png"))
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

        # Limits: an over-long query, an over-large body.
        status, _, _ = http("GET", f"{base}/api/search?q=" + "a" * 600)
        check(status == 400, f"an over-long query is refused ({status})")
        status, _, _ = http("POST", f"{base}/api/item/{item_id}/corrections", b"x" * (200 * 1024),
                            {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
        check(status == 413, f"an over-large body is refused ({status})")

        # Searches keep working while an ingest writes.
        results = []
        def search_loop():
            for _ in range(40):
                s, _, _ = http("GET", f"{base}/api/search?q=bidrag&from=2010")
                results.append(s)
        threads = [threading.Thread(target=search_loop) for _ in range(3)]
        for t in threads: t.start()
        subprocess.run([BIN, "ingest", "-q", "--db", db, os.path.join(SRC, "tests", "corpus")], cwd=OUT)
        for t in threads: t.join()
        check(len(results) == 120 and all(s == 200 for s in results), f"120 searches during an ingest all answered ({set(results)})")
    finally:
        if driver:
            driver.quit()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
