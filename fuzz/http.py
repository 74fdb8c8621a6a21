#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Mutating HTTP client of machiaid's local API (docs/api.md).

Sends requests made from valid ones by mutation (methods, paths with %xx bytes
and multibyte text, JSON bodies with wrong types, unknown and overlong keys,
invalid UTF-8, deep nesting; query strings; header values; bytes of the request
line and headers) to a running machiaid on loopback, and checks every answer:

- an answer comes, within --timeout seconds, and it is not 5xx;
- a 4xx has a JSON body {"error": CODE, "message": TEXT}, except the 400, 414
  and 431 that libmicrohttpd gives itself (HTML) for a request that is not
  well-formed HTTP or does not fit the connection's memory, and its 505 for a
  request line whose version is not HTTP/1.x;
- after a 4xx, the office in /v1/status (tickets, windows, calls, notice,
  service) is what it was before.

A 2xx (a mutation that stayed valid) is fine; the state then moves on.
Stops after --requests requests or --seconds seconds, whichever comes first.
Prints one line of figures; exit 1 on the first broken rule, with the request.
"""
import argparse
import json
import random
import socket
import sys
import time

TEMPLATES = [
    ("POST", "/v1/tickets", {"category": "A"}),
    ("POST", "/v1/tickets", {"category": "B", "lang": "en"}),
    ("POST", "/v1/windows/1/call", {}),
    ("POST", "/v1/windows/2/call", {"ticket": "A-001"}),
    ("POST", "/v1/windows/1/recall", {}),
    ("POST", "/v1/windows/1/serve", None),
    ("POST", "/v1/windows/1/done", None),
    ("POST", "/v1/windows/2/no-show", None),
    ("PUT", "/v1/windows/3", {"open": True, "categories": ["B"]}),
    ("POST", "/v1/reservations",
     {"id": "R1", "category": "B", "slot_start": "2026-11-23T10:00:00+09:00",
      "slot_end": "2026-11-23T10:30:00+09:00"}),
    ("PUT", "/v1/notice", {"ja": "混雑しています", "en": "Busy"}),
    ("PUT", "/v1/service", {"status": "suspended"}),
    ("GET", "/v1/status", None),
    ("GET", "/v1/auth", None),
    ("GET", "/healthz", None),
    ("GET", "/v1/stream", None),
    ("GET", "/console/", None),
]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT",
           "get", "P0ST", "X" * 40]
WEIRD = ["", "あ" * 200, "\u0000", "\ud800x", "é", "%", "'\"<>", "0" * 400, "-1",
         "1e309", "null", "A-" + "9" * 30, "\U0001f600" * 50]
SUMMARY_KEYS = ("service", "categories", "windows", "calls")


def summary(doc):
    """The office part of a status document: what only events change."""
    out = {"service": {k: doc.get("service", {}).get(k) for k in ("status", "notice")}}
    out["categories"] = [[c.get(k) for k in ("id", "waiting", "last_issued", "last_called",
                                             "serving")] for c in doc.get("categories", [])]
    out["windows"] = [[w.get(k) for k in ("id", "open", "ticket", "state", "recalls",
                                          "categories")] for w in doc.get("windows", [])]
    out["calls"] = [[c.get(k) for k in ("seq", "ticket", "window", "recall")]
                    for c in doc.get("calls", [])]
    out["seq"] = doc.get("seq")
    return out


def mutate_value(rng, v, depth=0):
    r = rng.random()
    if r < 0.15:
        return rng.choice([None, True, 0, -1, 2**63, 1.5, "", [], {}])
    if r < 0.3:
        return rng.choice(WEIRD)
    if r < 0.35 and depth < 3:
        return [mutate_value(rng, v, depth + 1)]
    if r < 0.4:
        nest = v
        for _ in range(rng.choice([10, 200, 2000])):
            nest = [nest]
        return nest
    if isinstance(v, dict):
        v = dict(v)
        for k in list(v):
            if rng.random() < 0.4:
                v[k] = mutate_value(rng, v[k], depth + 1)
            if rng.random() < 0.1:
                del v[k]
        if rng.random() < 0.3:
            v[rng.choice(WEIRD + ["x", "category", "reservation", "open"])] = \
                mutate_value(rng, "x", depth + 1)
        return v
    if isinstance(v, str) and v and rng.random() < 0.5:
        i = rng.randrange(len(v))
        return v[:i] + rng.choice(WEIRD) + v[i + 1:]
    return v


def body_bytes(rng, body):
    if body is None and rng.random() < 0.7:
        return b""
    doc = mutate_value(rng, body if body is not None else {})
    try:
        data = json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    except (RecursionError, ValueError):
        data = b"[" * 5000
    r = rng.random()
    if r < 0.1:  # not JSON, or not UTF-8
        data = data[: rng.randrange(len(data) + 1)] + bytes([rng.randrange(256)])
    elif r < 0.15:
        data = data.replace(b'"', b'"\xff', 1)
    elif r < 0.18:
        data = b" " * rng.choice([17000, 40000])  # over the 16 KiB body limit
    return data


def path_bytes(rng, path):
    r = rng.random()
    if r < 0.3:
        segs = path.split("/")
        i = rng.randrange(1, len(segs))
        segs[i] = rng.choice(["%ff", "%00", "%E3%81%82" * rng.choice([1, 100]), "..", "",
                              "x" * 300, "%", "%zz", "あ", segs[i] + "%ff", "9999"])
        path = "/".join(segs)
    elif r < 0.4:
        n = rng.choice([1, 5, 31, 32, 100, 600])
        path += "?" + "&".join("a%d=%d" % (i, i) for i in range(n))
    elif r < 0.45:
        path = rng.choice(["/v1", "/v1/", "/", "//v1/status", "/v1/windows", "/v1/windows/1/x",
                           "/kiosk/../daemon", "/console/.hidden", "*", "/v1/printer/jobs/A-1"])
    data = path.encode("utf-8", "surrogatepass")
    return data


def make_request(rng, token):
    method, path, body = rng.choice(TEMPLATES)
    if rng.random() < 0.15:
        method = rng.choice(METHODS)
    p = path_bytes(rng, path)
    b = body_bytes(rng, body) if method not in ("GET", "HEAD") or rng.random() < 0.1 else b""
    headers = [(b"Host", b"127.0.0.1")]
    r = rng.random()
    if r < 0.8:
        headers.append((b"Authorization", b"Bearer " + token))
    elif r < 0.85:
        headers.append((b"Authorization", b"Bearer " + token + b"\xff"))
    elif r < 0.9:
        headers.append((b"Authorization", b"Basic " + b"A" * rng.choice([10, 3000])))
    if rng.random() < 0.8:
        headers.append((b"Content-Type", rng.choice([b"application/json", b"text/plain",
                                                     b"application/json; charset=\xff"])))
    if rng.random() < 0.05:
        headers.extend((b"X-H%d" % i, b"v") for i in range(rng.choice([50, 300, 3000])))
    if rng.random() < 0.03:
        headers.append((b"X-Big", b"x" * rng.choice([10000, 70000])))
    headers.append((b"Connection", b"close"))
    head = method.encode() + b" " + p + b" HTTP/1.1\r\n"
    well_formed = True
    if rng.random() < 0.08:  # bytes of the request line or a header, not HTTP any more
        raw = bytearray(head)
        for _ in range(rng.randint(1, 4)):
            raw[rng.randrange(len(raw) - 2)] = rng.randrange(256)
        head = bytes(raw)
        well_formed = False
    for k, v in headers:
        head += k + b": " + v + b"\r\n"
    if b or method in ("POST", "PUT"):
        head += b"Content-Length: %d\r\n" % len(b)
    return head + b"\r\n" + b, well_formed, method, p


def exchange(port, data, timeout):
    """Sends @data; returns (status, headers dict, body bytes) or raises."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading all of it
        buf = b""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            buf += chunk
            if b"text/event-stream" in buf.split(b"\r\n\r\n", 1)[0]:
                break
        else:
            raise TimeoutError("no complete answer in %.0f s" % timeout)
    finally:
        s.close()
    if not buf:
        raise ConnectionError("the connection closed without an answer")
    head, _, body = buf.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    hdrs = {}
    for line in lines[1:]:
        k, _, v = line.partition(b":")
        hdrs[k.strip().lower()] = v.strip()
    return status, hdrs, body


def get_status(port, timeout):
    st, _, body = exchange(port, b"GET /v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                           timeout)
    if st != 200:
        raise RuntimeError("/v1/status answered %d" % st)
    return summary(json.loads(body))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--token", default="test-token-0123456789")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--timeout", type=float, default=10)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    token = a.token.encode()
    counts = {}
    before = get_status(a.port, a.timeout)
    start = time.monotonic()
    n = 0
    while n < a.requests and time.monotonic() - start < a.seconds:
        n += 1
        req, well_formed, method, path = make_request(rng, token)
        what = "request %d (seed %d): %r" % (n, a.seed, req[:300])
        try:
            status, hdrs, body = exchange(a.port, req, a.timeout)
        except (OSError, ValueError, IndexError) as e:
            if not well_formed and isinstance(e, ConnectionError):
                counts["closed"] = counts.get("closed", 0) + 1
                continue
            sys.exit("http.py: %s: %s" % (what, e))
        if status == 505 and not well_formed and body.startswith(b"<html>"):
            counts["505"] = counts.get("505", 0) + 1
            continue  # libmicrohttpd's own: the request line named no HTTP/1.x
        counts[status // 100] = counts.get(status // 100, 0) + 1
        if status >= 500:
            sys.exit("http.py: %s: answered %d %r" % (what, status, body[:200]))
        if 400 <= status < 500:
            own = status in (400, 414, 431) and body.startswith(b"<html>")
            if own and (status != 400 or not well_formed or b"X-H" in req or b"X-Big" in req):
                pass  # libmicrohttpd's own answer (docs/api.md)
            elif method == "HEAD" and not body:
                pass
            else:
                try:
                    err = json.loads(body)
                    ok = isinstance(err.get("error"), str) and isinstance(err.get("message"), str)
                except (ValueError, AttributeError):
                    ok = False
                if not ok:
                    sys.exit("http.py: %s: %d without a JSON error body: %r"
                             % (what, status, body[:200]))
            after = get_status(a.port, a.timeout)
            if after != before:
                sys.exit("http.py: %s: %d but /v1/status changed:\n%s\n%s"
                         % (what, status, json.dumps(before), json.dumps(after)))
        else:
            before = get_status(a.port, a.timeout)
    secs = time.monotonic() - start
    print("http.py: %d requests in %.1f s (%.0f/s), seed %d: %s" % (
        n, secs, n / secs if secs else 0, a.seed,
        ", ".join("%s: %d" % ("%dxx" % k if isinstance(k, int) else k, v)
                  for k, v in sorted(counts.items(), key=str))))


if __name__ == "__main__":
    main()
