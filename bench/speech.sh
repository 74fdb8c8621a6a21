#!/bin/sh
# SPDX-License-Identifier: MIT
# Spoken-call benchmarks (figures for BENCHMARKS.md; prints, does not judge):
#  1. synthesis of one Japanese and one English sentence by the sign's own
#     code (build/display-say: Open JTalk, espeak-ng), wall and CPU ms, and
#     the synthesisers' peak RSS;
#  2. with machiaid on loopback and the sign on its /v1/stream, sound through
#     SDL's disk driver in real time: time from the API call (POST
#     /v1/windows/1/call) to the chime's first sample and to the first sample
#     of speech, for BENCH_CALLS calls (default 20), each a new ticket so
#     that its first clause is not in the cache;
#  3. meanwhile: the sign's main-thread CPU per presented frame, the
#     lateness of the flash's blink frames (every 500 ms; the budget is 5 ms
#     of drawing per frame), and the sign's peak RSS.
set -eu
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$BUILD/machiai-display"
calls=${BENCH_CALLS:-20}
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=$tmp/audio.raw
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

echo "== synthesis of one sentence (10 times; wall ms median and max, CPU ms mean)"
echo "\$ $BUILD/display-say ja 'エーの35番の番号札をお持ちの方、1番窓口へお越しください。' 10"
"$root/$BUILD/display-say" ja "エーの35番の番号札をお持ちの方、1番窓口へお越しください。" 10
echo "\$ $BUILD/display-say ja 'エーの35番の番号札をお持ちの方、' 10   (one clause, as the sign makes them)"
"$root/$BUILD/display-say" ja "エーの35番の番号札をお持ちの方、" 10
echo "\$ $BUILD/display-say en 'Ticket Eh 35, please go to Window 1.' 10"
"$root/$BUILD/display-say" en "Ticket Eh 35, please go to Window 1." 10

echo "== API call to chime and to speech ($calls calls, machiaid on loopback, 1080p, real-time audio)"
"$root/$BUILD/machiaid" --config "$root/tests/daemon/test.conf" --state-dir "$tmp/state" \
	--listen 127.0.0.1:0 --clock-start 2026-11-23T09:00:00+09:00 2>"$tmp/daemon.log" &
pids="$pids $!"
while ! grep -q 'api on port' "$tmp/daemon.log" 2>/dev/null; do sleep 0.05; done
api=http://127.0.0.1:$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$tmp/daemon.log" | head -n 1)
# run NAME CALLS [OPTION...]: the sign on the stream, CALLS calls, figures.
run() {
	name=$1 n=$2
	shift 2
	"$bin" --source "$api/v1/stream" --size 1920x1080 --lang en --trace "$tmp/$name" "$@" \
		2>"$tmp/$name.log" &
	dpid=$!
	pids="$pids $dpid"
	sleep 2
	python3 - "$api" "$tmp/$name" "$dpid" "$n" "$name" <<'PY' || rc=1
import json, os, sys, time, urllib.request
api, trace, pid, calls = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sound = sys.argv[5] != "silent"
tok = {"Authorization": "Bearer test-token-0123456789", "Content-Type": "application/json"}
tick = os.sysconf("SC_CLK_TCK")
def post(path, body):
    r = urllib.request.Request(api + path, data=json.dumps(body).encode(), headers=tok, method="POST")
    return urllib.request.urlopen(r).read()
def mono():
    return time.clock_gettime(time.CLOCK_MONOTONIC) * 1000
def cpu():  # the main thread's user + system time, ms
    f = open("/proc/%s/task/%s/stat" % (pid, pid)).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) * 1000 / tick
def hwm():
    for l in open("/proc/%s/status" % pid):
        if l.startswith("VmHWM"):
            return int(l.split()[1])
def lines():
    return [l.split() for l in open(trace)]
def chimes():
    return [(int(w[3]), int(w[11])) for w in lines()
            if w[0] == "audio" and w[1] == "start" and w[5] == "chime"]
chime, speech = [], []
c0, f0 = cpu(), sum(1 for l in lines() if l[0] == "frame")
t_start = mono()
for i in range(calls):
    post("/v1/tickets", {"category": "A"})
    time.sleep(0.3)
    n0 = len(chimes())
    t0 = mono()
    post("/v1/windows/1/call", {})
    if not sound:
        time.sleep(10)  # the flash
        post("/v1/windows/1/done", {})
        continue
    end = time.monotonic() + 30
    seq = None
    while time.monotonic() < end:
        c = chimes()
        if len(c) > n0:
            seq, tc = c[n0]
            break
        time.sleep(0.005)
    if seq is None:
        continue
    chime.append(tc - t0)
    # until it has been said out: every clip that started has ended, and
    # none has started for 1.5 s (the pauses between clips are shorter), so
    # that the next call finds the sound idle and is not queued behind this one
    last, count = time.monotonic(), 0
    while time.monotonic() < end + 30:
        a = [w for w in lines() if w[0] == "audio"]
        playing = sum(1 for w in a if w[1] == "start") > sum(1 for w in a if w[1] == "end")
        if playing or len(a) != count:
            last, count = time.monotonic(), len(a)
        elif time.monotonic() - last > 1.5:
            break
        time.sleep(0.1)
    starts = [int(w[11]) for w in lines() if w[0] == "audio" and w[1] == "start" and
              w[3] == str(seq) and w[5] == "speech"]
    if starts:
        speech.append(starts[0] - t0)
    post("/v1/windows/1/done", {})
ls = lines()
frames = [int(w[3]) for w in ls if w[0] == "frame" and w[9] == "1"]
c1, f1 = cpu(), sum(1 for l in ls if l[0] == "frame")
def p(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(q * len(v)))]
ok = True
if chime:
    print("calls %d  API call to chime ms: p50 %.0f  p95 %.0f  max %.0f" % (
        len(chime), p(chime, .5), p(chime, .95), max(chime)))
if speech:
    print("calls %d  API call to first speech sample ms: p50 %.0f  p95 %.0f  max %.0f  (target p95 <= 1500)"
          % (len(speech), p(speech, .5), p(speech, .95), max(speech)))
    ok = p(speech, .95) <= 1500
elif sound:
    print("no speech heard")
    ok = False
late = [b - a - 500 for a, b in zip(frames, frames[1:]) if 400 < b - a < 1000]
if late:
    print("flash blink frames: %d, later than 500 ms by p50 %.0f  p99 %.0f  max %.0f ms"
          % (len(late), p(late, .5), p(late, .99), max(late)))
per = (c1 - c0) / max(1, f1 - f0)
print("main thread CPU per presented frame: %.2f ms (%d frames in %.0f s; budget 5 ms)" % (
    per, f1 - f0, (mono() - t_start) / 1000))
print("sign peak RSS: %d kB" % hwm())
sys.exit(0 if ok and per <= 5 else 1)
PY
	kill "$dpid"
	wait "$dpid" 2>/dev/null || true
}
rc=0
echo "-- with speech (announce = ja en)"
run speech "$calls"
echo "-- the same without sound (--no-sound), for comparison"
[ -n "${BENCH_KEEP:-}" ] && echo "kept $tmp"
run silent "$(((calls + 3) / 4))" --no-sound
exit $rc
