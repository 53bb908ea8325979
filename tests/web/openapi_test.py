#!/usr/bin/python3
"""The OpenAPI description against real responses of `protokoll serve`.

usage: openapi_test.py PROTOKOLL SOURCE_DIR WORK_DIR

Ingests samples/, starts `protokoll serve` with an edit token, makes real requests to every path
(good ones and bad ones), and checks that each answer's status is one the description lists for
that path and method, and that its body validates against the schema given for it (JSON Schema
2020-12, the export record's schema resolved from /api/schemas/paragraph.schema.json as the
description's $ref says). Stops the server it started. Ends with "N passed, M failed".
"""
import json, os, re, subprocess, sys, urllib.error, urllib.request

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serving  # noqa: E402

BIN, SRC, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(WORK, exist_ok=True)
db = os.path.join(WORK, "openapi.sqlite")
if os.path.exists(db):
    os.remove(db)
subprocess.run([BIN, "ingest", "-q", "--db", db, os.path.join(SRC, "samples")], check=True, stderr=subprocess.DEVNULL)
token = "openapi-test-token-0123456789abcdef"
token_file = os.path.join(WORK, "token")
with open(token_file, "w") as f:
    f.write(token + "\n")
os.chmod(token_file, 0o600)
port = serving.free_port()
base = f"http://127.0.0.1:{port}"
server = serving.start([BIN, "serve", "--db", db, "--listen", f"127.0.0.1:{port}", "--edit-token-file", token_file],
                       port)
check = serving.Checks()


def call(method, path, body=None, headers=None):
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


try:
    spec = json.loads(call("GET", "/api/openapi.json")[2])
    paragraph = json.loads(call("GET", "/api/schemas/paragraph.schema.json")[2])
    check("the description and the record's schema are served", spec.get("openapi") == "3.1.0" and "$id" in paragraph)
    spec_uri = base + "/api/openapi.json"
    store = {spec_uri: spec, base + "/api/schemas/paragraph.schema.json": paragraph, paragraph["$id"]: paragraph}
    resolver = jsonschema.RefResolver(base_uri=spec_uri, referrer=spec, store=store)

    def template_of(path):
        for t in spec["paths"]:
            pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", t) + "$"
            if re.match(pattern, path.split("?")[0]):
                return t
        return None

    def conforms(name, method, path, status, headers, body, json_lines=False):
        t = template_of(path)
        op = spec["paths"].get(t, {}).get(method.lower()) if t else None
        if op is None:
            return check(name, False, f"{method} {path}: not in the description")
        resp = op.get("responses", {}).get(str(status))
        if resp is None:
            return check(name, False, f"{method} {path}: status {status} not described (has {sorted(op['responses'])})")
        for h in resp.get("headers", {}):
            if h.lower() not in {k.lower() for k in headers}:
                return check(name, False, f"header {h} missing")
        content = resp.get("content", {})
        if not content:
            return check(name, True)
        media = next(iter(content.values()))
        schema = media.get("schema", {})
        docs = [json.loads(l) for l in body.decode().splitlines() if l.strip()] if json_lines else [json.loads(body)]
        try:
            for doc in docs:
                if json_lines and doc.get("removed"):
                    continue
                jsonschema.Draft202012Validator(schema, resolver=resolver).validate(doc)
            check(name, True)
        except jsonschema.ValidationError as e:
            check(name, False, f"{method} {path} {status}: {e.message} at {list(e.absolute_path)}")

    st, h, b = call("GET", "/api/search?q=budget&limit=3")
    conforms("search: 200 as SearchResult", "GET", "/api/search", st, h, b)
    hits = json.loads(b)["hits"]
    item_id, sha = hits[0]["id"], hits[0]["document"]["sha256"]
    st, h, b = call("GET", "/api/search?q=%C2%A7")
    conforms("search: a query with no word, 200 with a note", "GET", "/api/search", st, h, b)
    for bad in ("page=0", "limit=500", "ocr=kanske", "sort=slump", "date_from=2019-13-45", "offset=-3"):
        st, h, b = call("GET", "/api/search?q=budget&" + bad)
        check(f"search: {bad} is 400", st == 400, str(st))
        conforms(f"search: {bad}, the error as described", "GET", "/api/search", st, h, b)
    st, h, b = call("PUT", "/api/search?q=budget", body=b"")
    check("search: PUT is 405 with Allow", st == 405 and "GET" in h.get("Allow", ""), str(st))
    conforms("search: 405 as described", "GET", "/api/search", st, h, b)
    st, h, b = call("GET", f"/api/item/{item_id}")
    conforms("item: 200 as ItemRecord (the export record's schema)", "GET", f"/api/item/{item_id}", st, h, b)
    st, h, b = call("GET", "/api/item/ffffffffffffffff-1")
    conforms("item: unknown is 404 as Error", "GET", "/api/item/ffffffffffffffff-1", st, h, b)
    st, h, b = call("GET", f"/api/item/{item_id}/corrections")
    conforms("corrections: history", "GET", f"/api/item/{item_id}/corrections", st, h, b)
    auth = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    st, h, b = call("POST", f"/api/item/{item_id}/corrections",
                    json.dumps({"field": "title", "value": "Val av justerare (rättad)"}).encode(), auth)
    conforms("corrections: 201 with the corrected record", "POST", f"/api/item/{item_id}/corrections", st, h, b)
    st, h, b = call("POST", f"/api/item/{item_id}/corrections",
                    json.dumps({"field": "meeting_date", "value": "2017-02-30"}).encode(), auth)
    check("corrections: a day that does not exist is 400", st == 400, str(st))
    conforms("corrections: 400 as described", "POST", f"/api/item/{item_id}/corrections", st, h, b)
    st, h, b = call("POST", f"/api/item/{item_id}/corrections", json.dumps({"field": "title", "value": "x"}).encode(),
                    {"Content-Type": "application/json"})
    conforms("corrections: no token is 401 as described", "POST", f"/api/item/{item_id}/corrections", st, h, b)
    st, h, b = call("POST", f"/api/item/{item_id}/corrections", b"{" + b" " * 70000 + b"}", auth)
    check("corrections: a 70 kB body is 413", st == 413, str(st))
    conforms("corrections: 413 as described", "POST", f"/api/item/{item_id}/corrections", st, h, b)
    st, h, b = call("GET", f"/api/document/{sha}")
    conforms("document: 200 as Document", "GET", f"/api/document/{sha}", st, h, b)
    st, h, b = call("GET", "/api/document/" + "0" * 16)
    conforms("document: unknown is 404", "GET", "/api/document/" + "0" * 16, st, h, b)
    st, h, b = call("GET", "/api/person?name=lars%20ek")
    conforms("person: 200 as PersonActivity", "GET", "/api/person", st, h, b)
    check("person: a sample protocol's mover has rows", st == 200 and len(json.loads(b)["activity"]) > 0, b[:200])
    for bad in ("", "name=", "name=%C2%A7", "name=x&limit=0"):
        st, h, b = call("GET", "/api/person?" + bad)
        check(f"person: {bad!r} is 400", st == 400, str(st))
        conforms(f"person: {bad!r}, the error as described", "GET", "/api/person", st, h, b)
    st, h, b = call("GET", "/api/export")
    conforms("export: every line an ItemRecord", "GET", "/api/export", st, h, b, json_lines=True)
    st, h, b = call("GET", "/api/export?since=x")
    conforms("export: a bad cursor is 400", "GET", "/api/export", st, h, b)
    st, h, b = call("HEAD", "/api/search?q=budget")
    check("HEAD: 200 without a body", st == 200 and b == b"", str(st))
finally:
    serving.stop(server)
sys.exit(check.summary())
