#!/bin/sh
# SPDX-License-Identifier: MIT
# Display benchmarks (figures for BENCHMARKS.md; prints, does not judge):
#  1. CPU time per full 1080p frame, software renderer (--bench-frames):
#     landscape, and the portrait layout turned 90 degrees on a 1080p panel;
#  2. frames presented and drawn per minute on a screen where nothing changes,
#     with the CPU time and peak RSS of that minute;
#  3. latency from a status event leaving the stream server to the frame that
#     shows it (tests/display/sse-server.py on loopback);
#  4. latency from an API call to machiaid (POST /v1/windows/1/call) to the
#     frame that shows it, through the daemon's /v1/stream.
# BENCH_SECONDS (default 60) sets the length of the idle run.
set -eu
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$BUILD/machiai-display"
fx="$root/tests/display/fixtures"
secs=${BENCH_SECONDS:-60}
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
tick=$(getconf CLK_TCK)

echo "== full 1080p frames, software renderer (CPU ms per frame)"
echo "\$ $BUILD/machiai-display --source tests/display/fixtures/busy.json --size 1920x1080 --lang en --bench-frames 300"
"$bin" --source "$fx/busy.json" --size 1920x1080 --now 2026-11-23T10:15:30+09:00 --lang en \
	--bench-frames 300
echo "\$ ... --layout portrait --rotate 90 --size 1920x1080 --bench-frames 300"
"$bin" --source "$fx/busy.json" --layout portrait --rotate 90 --size 1920x1080 \
	--now 2026-11-23T10:15:30+09:00 --lang en --bench-frames 300

echo "== a minute where nothing changes (languages rotating every 6 s)"
echo "\$ $BUILD/machiai-display --source tests/display/fixtures/busy.json --size 1920x1080 --trace T --exit-after $secs"
"$bin" --source "$fx/busy.json" --size 1920x1080 --no-sound --trace "$tmp/idle" \
	--exit-after "$secs" &
pid=$!
pids="$pids $pid"
sleep 1
hwm=0
while kill -0 "$pid" 2>/dev/null; do
	cpu=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo "")
	h=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
	[ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
	[ -n "$cpu" ] && lastcpu=$cpu
	sleep 0.5
done
wait "$pid" || true
frames=$(grep -c '^frame' "$tmp/idle")
drawn=$(tail -1 "$tmp/idle" | sed 's/.*drawn \([0-9]*\).*/\1/')
awk -v f="$frames" -v d="$drawn" -v s="$secs" -v c="${lastcpu:-0}" -v t="$tick" -v h="$hwm" \
	'BEGIN { printf "frames_presented_per_min %.1f\nframes_drawn_per_min %.1f\ncpu_percent %.2f\npeak_rss_mb %.1f\n", f * 60 / s, d * 60 / s, 100 * c / t / s, h / 1024 }'

echo "== status event to frame latency (SSE on loopback, 1080p, 100 updates)"
python3 - "$fx/busy.json" 0 "$tmp/doc.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["seq"] = 5000
open(sys.argv[3], "w").write(json.dumps(d, ensure_ascii=False))
PY
python3 "$root/tests/display/sse-server.py" --doc "$tmp/doc.json" --port-file "$tmp/port" \
	--log "$tmp/sent" &
pids="$pids $!"
while [ ! -s "$tmp/port" ]; do sleep 0.1; done
"$bin" --source "http://127.0.0.1:$(cat "$tmp/port")/v1/stream" --size 1920x1080 --lang en \
	--no-sound --trace "$tmp/lat" --exit-after 60 2>/dev/null &
dpid=$!
pids="$pids $dpid"
sleep 2
python3 - "$tmp/doc.json" <<'PY'
import json, os, sys, time
p = sys.argv[1]
d = json.load(open(p))
for i in range(100):
    d["seq"] = 5001 + i
    d["categories"][0]["waiting"] = i
    open(p + ".t", "w").write(json.dumps(d, ensure_ascii=False))
    os.rename(p + ".t", p)
    time.sleep(0.25)
PY
sleep 1
kill "$dpid" 2>/dev/null || true
wait "$dpid" 2>/dev/null || true
python3 - "$tmp/sent" "$tmp/lat" <<'PY'
import sys
sent = {}
for line in open(sys.argv[1]):
    seq, ms = line.split()
    sent[int(seq)] = float(ms)
shown = {}
for line in open(sys.argv[2]):
    w = line.split()
    if w[0] != "frame":
        continue
    seq, mono = int(w[5]), int(w[3])
    shown.setdefault(seq, mono)
lat = sorted(shown[s] - sent[s] for s in sent if s in shown and s > 5000)
if not lat:
    print("no updates seen")
    sys.exit(1)
def pct(p):
    return lat[min(len(lat) - 1, int(p * len(lat)))]
print("updates %d  latency_ms p50 %.1f  p99 %.1f  max %.1f" % (len(lat), pct(0.5), pct(0.99), lat[-1]))
PY

echo "== API call to frame latency (machiaid on loopback, 1080p, 60 calls)"
if [ ! -x "$root/$BUILD/machiaid" ]; then
	echo "skipped: $BUILD/machiaid is not built"
	exit 0
fi
"$root/$BUILD/machiaid" --config "$root/tests/daemon/test.conf" --state-dir "$tmp/state" \
	--listen 127.0.0.1:0 --clock-start 2026-11-23T09:00:00+09:00 2>"$tmp/daemon.log" &
mpid=$!
pids="$pids $mpid"
while ! grep -q 'api on port' "$tmp/daemon.log" 2>/dev/null; do sleep 0.05; done
api=http://127.0.0.1:$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$tmp/daemon.log" | head -n 1)
"$bin" --source "$api/v1/stream" --size 1920x1080 --lang en --no-sound --trace "$tmp/api" \
	--exit-after 120 2>/dev/null &
dpid=$!
pids="$pids $dpid"
sleep 2
python3 - "$api" "$tmp/api" <<'PY'
import json, sys, time, urllib.request
api, trace = sys.argv[1], sys.argv[2]
tok = {"Authorization": "Bearer test-token-0123456789", "Content-Type": "application/json"}
def post(path, body):
    r = urllib.request.Request(api + path, data=json.dumps(body).encode(), headers=tok, method="POST")
    return urllib.request.urlopen(r).read()
def mono():
    return time.clock_gettime(time.CLOCK_MONOTONIC) * 1000
def shown(seq, timeout=5):
    """(document arrived, frame presented) for seq, from the display's trace."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        doc = None
        for line in open(trace):
            w = line.split()
            if w[0] == "doc" and int(w[2]) >= seq and doc is None:
                doc = int(w[4])
            if w[0] == "frame" and int(w[5]) >= seq:
                return doc, int(w[3])
        time.sleep(0.002)
    return None, None
lat, rtt, arrive, draw = [], [], [], []
for i in range(60):
    post("/v1/tickets", {"category": "A"})
    time.sleep(0.1)
    seq = json.load(urllib.request.urlopen(api + "/v1/status"))["seq"]
    t0 = mono()
    post("/v1/windows/1/call", {})
    rtt.append(mono() - t0)
    d, t = shown(seq + 1)
    if t is not None:
        lat.append(t - t0)
    if d is not None:
        arrive.append(d - t0)
    if d is not None and t is not None:
        draw.append(t - d)
    post("/v1/windows/1/done", {})
    time.sleep(0.15)
lat.sort()
if not lat:
    print("no calls seen")
    sys.exit(1)
rtt.sort()
arrive.sort()
draw.sort()
print("calls %d  latency_ms p50 %.1f  p99 %.1f  max %.1f" % (
    len(lat), lat[len(lat) // 2], lat[min(len(lat) - 1, int(0.99 * len(lat)))], lat[-1]))
print("of which the POST itself (answered after the journal write): p50 %.1f  p99 %.1f ms" % (
    rtt[len(rtt) // 2], rtt[min(len(rtt) - 1, int(0.99 * len(rtt)))]))
def p(v, q):
    return v[min(len(v) - 1, int(q * len(v)))]
if arrive:
    print("document at the display (stream delivery): p50 %.1f  p99 %.1f ms" % (p(arrive, 0.5), p(arrive, 0.99)))
if draw:
    print("document to frame presented (parse, draw, present): p50 %.1f  p99 %.1f ms" % (p(draw, 0.5), p(draw, 0.99)))
PY
