#!/bin/sh
# SPDX-License-Identifier: MIT
# The display on a live status stream (tests/display/sse-server.py on
# loopback): it shows the first document, picks up a change and flashes the
# new call, marks the screen stale when the server goes away, reconnects when
# it is back, and keeps drawing while a server hangs. Frames are observed
# through the --trace dump.
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/$BUILD/machiai-display"
fx="$root/tests/display/fixtures"
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
fail=0

# wait_for PATTERN SECONDS: until the trace has a line matching PATTERN.
wait_for() {
	i=0
	while [ $i -lt $(($2 * 10)) ]; do
		grep -q "$1" "$tmp/trace" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: no frame matching '$1' within $2 s; last frames:"
	tail -3 "$tmp/trace" 2>/dev/null
	fail=$((fail + 1))
	return 1
}

start_server() { # PORT (0 = any)
	rm -f "$tmp/port" "$tmp/doc.json.stop"
	python3 "$root/tests/display/sse-server.py" --doc "$tmp/doc.json" --port "$1" \
		--port-file "$tmp/port" &
	server=$!
	pids="$pids $server"
	i=0
	while [ ! -s "$tmp/port" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	port=$(cat "$tmp/port")
}

# set_doc FIXTURE SEQ: serve FIXTURE with its seq (and newest call's seq) set.
set_doc() {
	python3 - "$fx/$1.json" "$2" "$tmp/doc.json" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
d["seq"] = int(sys.argv[2])
if d["calls"]:
    d["calls"][0]["seq"] = int(sys.argv[2])
open(sys.argv[3] + ".tmp", "w").write(json.dumps(d, ensure_ascii=False))
os.rename(sys.argv[3] + ".tmp", sys.argv[3])
PY
}

set_doc quiet 1000
start_server 0
"$bin" --source "http://127.0.0.1:$port/v1/stream" --lang ja --size 640x360 --no-sound \
	--stale-after 2 --trace "$tmp/trace" --exit-after 40 2>"$tmp/display.err" &
display=$!
pids="$pids $display"

wait_for "seq 1000 stale 0 flash 0" 10 && echo "ok: first document shown"
sleep 1
set_doc busy 1001
wait_for "seq 1001 stale 0 flash 1" 5 && echo "ok: a change is picked up and the new call flashes"
if grep -q "stale 1" "$tmp/trace"; then
	echo "FAIL: stale while the stream was live"
	fail=$((fail + 1))
fi

touch "$tmp/doc.json.stop"
wait "$server" 2>/dev/null
wait_for "seq 1001 stale 1" 6 && echo "ok: marked stale after the server went away"

set_doc many-windows 1002
start_server "$port"
wait_for "seq 1002 stale 0" 12 && echo "ok: reconnected with back-off"

# What the stream shows is what the same document shows from a file.
"$bin" --source "http://127.0.0.1:$port/v1/stream" --lang en --size 640x360 --no-sound \
	--now 2026-11-23T10:15:30+09:00 --screenshot-after 1 --screenshot "$tmp/stream.png" 2>/dev/null
"$bin" --source "$tmp/doc.json" --lang en --size 640x360 --now 2026-11-23T10:15:30+09:00 \
	--screenshot "$tmp/file.png"
if "$root/$BUILD/display-pngcmp" "$tmp/stream.png" "$tmp/file.png" --tolerance 0 \
	--max-fraction 0 >"$tmp/cmp"; then
	echo "ok: the streamed document looks as from a file"
else
	echo "FAIL: streamed and file pictures differ: $(cat "$tmp/cmp")"
	fail=$((fail + 1))
fi

kill "$display" 2>/dev/null
wait "$display" 2>/dev/null
grep -q "retrying with back-off" "$tmp/display.err" || {
	echo "FAIL: the lost stream was not logged:"
	cat "$tmp/display.err"
	fail=$((fail + 1))
}

# A server that accepts and never answers must not stop the drawing.
touch "$tmp/doc.json.stop"
rm -f "$tmp/port"
rm -f "$tmp/doc.json.stop"
python3 "$root/tests/display/sse-server.py" --doc "$tmp/doc.json" --port-file "$tmp/port" --hang &
pids="$pids $!"
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
: >"$tmp/trace"
"$bin" --source "http://127.0.0.1:$(cat "$tmp/port")/v1/stream" --lang ja --size 640x360 \
	--no-sound --trace "$tmp/trace" --exit-after 3.5 2>/dev/null
frames=$(grep -c '^frame' "$tmp/trace")
if [ "$frames" -lt 3 ]; then
	echo "FAIL: only $frames frames in 3.5 s against a hung server"
	fail=$((fail + 1))
else
	echo "ok: $frames frames drawn in 3.5 s while the server hangs"
fi

# A screenshot when no status ever arrives exits non-zero and says so.
"$bin" --source "http://127.0.0.1:$(cat "$tmp/port")/v1/stream" --size 640x360 \
	--screenshot-after 1.5 --screenshot "$tmp/none.png" 2>"$tmp/none.err"
rc=$?
if [ $rc -ne 0 ] && grep -q "no status document arrived" "$tmp/none.err"; then
	echo "ok: a screenshot without any status exits $rc with a message"
else
	echo "FAIL: a screenshot without any status exited $rc:"
	cat "$tmp/none.err"
	fail=$((fail + 1))
fi
touch "$tmp/doc.json.stop"
echo "stream.sh: $fail failed"
[ $fail -eq 0 ]
