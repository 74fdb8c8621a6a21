#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A tiny status stream for tests: serves GET /v1/stream as Server-Sent Events
# on loopback, sending the JSON of --doc as "event: status" on connect and
# whenever the file changes, with a ": ping" comment every --ping seconds.
# When the file DOC.stop appears it drops the connection and exits, like a
# daemon that went away. --hang: accept connections and never answer.
import argparse
import http.server
import json
import os
import socket
import sys
import time

p = argparse.ArgumentParser()
p.add_argument("--doc", required=True)
p.add_argument("--port", type=int, default=0)
p.add_argument("--port-file", required=True)
p.add_argument("--ping", type=float, default=0.5)
p.add_argument("--hang", action="store_true")
p.add_argument("--log", help="append 'seq CLOCK_MONOTONIC-ms' for every status sent")
args = p.parse_args()
stop_file = args.doc + ".stop"


def doc_event():
    with open(args.doc, "rb") as f:
        doc = json.loads(f.read())
    return doc["seq"], (b"event: status\ndata: " +
                        json.dumps(doc, ensure_ascii=False).encode() + b"\n\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path != "/v1/stream":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        mtime = None
        last_ping = time.monotonic()
        try:
            while not os.path.exists(stop_file):
                m = os.stat(args.doc).st_mtime_ns
                if m != mtime:
                    mtime = m
                    seq, ev = doc_event()
                    sent = time.clock_gettime(time.CLOCK_MONOTONIC) * 1000
                    self.wfile.write(ev)
                    self.wfile.flush()
                    if args.log:
                        with open(args.log, "a") as f:
                            f.write("%d %.3f\n" % (seq, sent))
                if time.monotonic() - last_ping >= args.ping:
                    self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
                    last_ping = time.monotonic()
                time.sleep(0.01)
        except (BrokenPipeError, ConnectionResetError):
            return
        self.close_connection = True
        os._exit(0)


if args.hang:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", args.port))
    s.listen(8)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(s.getsockname()[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    conns = []
    while not os.path.exists(stop_file):
        c, _ = s.accept()
        conns.append(c)  # never answered
    sys.exit(0)

http.server.ThreadingHTTPServer.allow_reuse_address = True
srv = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(args.port_file + ".tmp", args.port_file)
srv.serve_forever()
