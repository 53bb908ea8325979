#!/usr/bin/python3
"""`protokoll serve` under hostile clients: the behaviours, not their timing.

usage: server_test.py PROTOKOLL SYNTH WORK_DIR

Makes a catalogue of 12,000 synthetic items (bench/synth), starts `protokoll serve` with one
worker, a queue of one and small limits, and checks with raw sockets:
  - a request head that trickles in is cut off (408 or closed) by the head deadline;
  - an idle kept-alive connection is closed after the idle timeout;
  - a body announced larger than the limit gets 413 from the head at once (no body sent), with
    the security headers; a negative Content-Length is 400; an oversized head is 431;
  - with the one worker held by a client that does not read its export and one request waiting,
    the next request gets 503 with Retry-After at once, and the waiting one is answered when the
    worker is free;
  - more connections from one address than allowed: the extra one gets 503 and is closed;
  - HEAD answers like GET without a body; PUT gets 405 with Allow; OPTIONS 204 with Allow;
  - several requests on one kept-alive connection are all answered.
Stops exactly the server it started. Ends with "N passed, M failed".
"""
import os, socket, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serving  # noqa: E402

BIN, SYNTH, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(WORK, exist_ok=True)
db = serving.synth_catalogue(SYNTH, os.path.join(WORK, "server.sqlite"), 12000, 7)

port = serving.free_port()
MAX_PER_CLIENT = 6
server = serving.start([BIN, "serve", "--db", db, "--listen", f"127.0.0.1:{port}", "--threads", "1", "--queue", "1",
                           "--max-per-client", str(MAX_PER_CLIENT), "--head-timeout", "1", "--idle-timeout", "1",
                           "--write-timeout", "60"], port)
check = serving.Checks()


def connect(rcvbuf=None):
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(15)
    s.connect(("127.0.0.1", port))
    return s


def read_response(s):
    """One response: (status, headers dict, body bytes); None when the server closed first."""
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            part = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            return None
        if not part:
            return None
        data += part
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for l in lines[1:]:
        k, _, v = l.partition(":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0"))
    while len(rest) < n:
        part = s.recv(65536)
        if not part:
            break
        rest += part
    return status, headers, rest[:n]


def closed_by_server(s, within=10):
    s.settimeout(within)
    try:
        while True:
            part = s.recv(4096)
            if not part:
                return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


try:
    time.sleep(0.2)

    # A head that trickles in: cut off by the head deadline (1 s), whatever the trickle.
    s = connect()
    s.sendall(b"GET /?q=bidrag HTTP/1.1\r\nHost: x\r\n")
    started = time.time()
    cut = False
    for _ in range(40):
        try:
            s.sendall(b"X")
        except OSError:
            cut = True
            break
        time.sleep(0.25)
        s.settimeout(0.01)
        try:
            got = s.recv(4096)
            if got == b"" or got.startswith(b"HTTP/1.1 408"):
                cut = True
                break
        except socket.timeout:
            pass
        except ConnectionResetError:
            cut = True
            break
    check("a trickling request head is cut off by the head deadline", cut, f"after {time.time() - started:.1f} s")
    s.close()

    # An idle kept-alive connection is closed by the server.
    s = connect()
    s.sendall(b"GET /api/search?q=bidrag&limit=1 HTTP/1.1\r\nHost: x\r\n\r\n")
    r = read_response(s)
    check("a request on a new connection is answered", r is not None and r[0] == 200, str(r and r[0]))
    check("an idle kept-alive connection is closed", closed_by_server(s))
    s.close()

    # A body announced too large: 413 from the head, no body sent, with the security headers.
    s = connect()
    s.sendall(b"POST /api/corrections HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 100000000000\r\n\r\n")
    r = read_response(s)
    check("a 100 GB body is refused with 413 from the head", r is not None and r[0] == 413, str(r and r[0]))
    check("the 413 carries the security headers", r is not None and "content-security-policy" in r[1])
    s.close()
    s = connect()
    s.sendall(b"POST /api/corrections HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
    r = read_response(s)
    check("a negative Content-Length is 400", r is not None and r[0] == 400, str(r and r[0]))
    s.close()
    s = connect()
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
    r = read_response(s)
    check("an oversized head is 431", r is not None and r[0] == 431, str(r and r[0]))
    s.close()
    s = connect()
    s.sendall(b"GARBAGE\r\n\r\n")
    r = read_response(s)
    check("a malformed request line is 400", r is not None and r[0] == 400, str(r and r[0]))
    s.close()

    # Methods.
    s = connect()
    s.sendall(b"HEAD /api/search?q=bidrag HTTP/1.1\r\nHost: x\r\n\r\n")
    s.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(4096)
    head, _, rest = data.partition(b"\r\n\r\n")
    time.sleep(0.2)
    s.setblocking(False)
    try:
        rest += s.recv(4096)
    except BlockingIOError:
        pass
    check("HEAD answers 200 with no body", head.startswith(b"HTTP/1.1 200") and rest == b"", head[:40])
    s.close()
    s = connect()
    s.sendall(b"PUT /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
    r = read_response(s)
    check("PUT is 405 with Allow", r is not None and r[0] == 405 and "GET" in r[1].get("allow", ""), str(r and r[:2]))
    s.sendall(b"OPTIONS /api/search HTTP/1.1\r\nHost: x\r\n\r\n")
    r = read_response(s)
    check("OPTIONS is 204 with Allow", r is not None and r[0] == 204 and "allow" in r[1], str(r and r[:2]))
    s.close()

    # Keep-alive: several requests on one connection, all answered.
    s = connect()
    statuses = []
    for q in ("bidrag", "skola", "budget"):
        s.sendall(f"GET /api/search?q={q}&limit=1 HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        r = read_response(s)
        statuses.append(r and r[0])
    check("three requests on one kept-alive connection", statuses == [200, 200, 200], str(statuses))
    s.close()

    # The one worker held by a client that does not read its export; one request waits; the
    # next is told 503 at once.
    hog = connect(rcvbuf=4096)
    hog.sendall(b"GET /api/export HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(1.5)  # the worker fills the socket buffers and blocks
    waiter = connect()
    waiter.sendall(b"GET /api/search?q=bidrag&limit=1 HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.3)
    busy = connect()
    busy.sendall(b"GET /api/search?q=skola&limit=1 HTTP/1.1\r\nHost: x\r\n\r\n")
    r = read_response(busy)
    check("a full queue answers 503", r is not None and r[0] == 503, str(r and r[0]))
    check("the 503 says when to retry", r is not None and r[1].get("retry-after") == "1", str(r and r[1]))
    busy.close()
    hog.close()  # the worker's write fails; it is free again
    r = read_response(waiter)
    check("the waiting request is answered when the worker is free", r is not None and r[0] == 200, str(r and r[0]))
    waiter.close()

    # More connections from one address than allowed.
    time.sleep(0.3)
    held = [connect() for _ in range(MAX_PER_CLIENT)]
    extra = connect()
    r = read_response(extra)
    check("one connection more than allowed per address gets 503", r is not None and r[0] == 503, str(r and r[0]))
    check("and is closed", closed_by_server(extra, 5))
    extra.close()
    for h in held:
        h.close()
    time.sleep(0.3)
    s = connect()
    s.sendall(b"GET /api/search?q=bidrag&limit=1 HTTP/1.1\r\nHost: x\r\n\r\n")
    r = read_response(s)
    check("the address is served again once its connections close", r is not None and r[0] == 200, str(r and r[0]))
    s.close()
finally:
    serving.stop(server)
sys.exit(check.summary())
