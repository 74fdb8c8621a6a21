#!/bin/sh
# SPDX-License-Identifier: MIT
# Reloading while running: a bad layout is reported as FILE: JSON-path:
# message and the previous layout keeps running; a good one (by change of
# file or SIGHUP) is taken; a changed status file is shown. A steady screen
# rasterises no text after its first frame and draws about once a second.
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/$BUILD/machiai-display"
tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
fail=0

wait_for() { # FILE PATTERN SECONDS
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: '$2' not in $(basename "$1") within $3 s:"
	tail -5 "$1"
	fail=$((fail + 1))
	return 1
}

cp "$root/layouts/landscape.json" "$tmp/layout.json"
cp "$root/tests/display/fixtures/quiet.json" "$tmp/status.json"
"$bin" --source "$tmp/status.json" --layout "$tmp/layout.json" --lang en --size 640x360 \
	--no-sound --now 2026-11-23T15:41:00+09:00 --trace "$tmp/trace" --exit-after 30 \
	2>"$tmp/err" &
pid=$!
wait_for "$tmp/trace" "seq 1502" 10

# Steady: two seconds with nothing changing.
sleep 2.2
r1=$(grep '^frame' "$tmp/trace" | head -1 | sed 's/.*rasterised //')
r2=$(grep '^frame' "$tmp/trace" | tail -1 | sed 's/.*rasterised //')
frames=$(grep -c '^frame' "$tmp/trace")
if [ "$r1" != "$r2" ]; then
	echo "FAIL: steady frames rasterised text again ($r1 -> $r2)"
	fail=$((fail + 1))
elif [ "$frames" -gt 5 ]; then
	echo "FAIL: $frames frames in about 2 s of a steady screen"
	fail=$((fail + 1))
else
	echo "ok: steady screen: $frames frames, no text rasterised after the first"
fi

sed 's/"x": 0.625/"x": 1.625/' "$root/layouts/landscape.json" >"$tmp/layout.json"
wait_for "$tmp/err" "$tmp/layout.json: \$.widgets[2].x: must be between 0 and 1" 5 &&
	wait_for "$tmp/err" "$tmp/layout.json: keeping the previous layout" 2 &&
	echo "ok: a bad layout is reported with its JSON path and the old one kept"
kill -0 "$pid" || {
	echo "FAIL: the display stopped on a bad layout"
	fail=$((fail + 1))
}
n0=$(grep -c '^frame' "$tmp/trace")
sleep 1.5
[ "$(grep -c '^frame' "$tmp/trace")" -gt "$n0" ] || {
	echo "FAIL: no frames after the bad layout"
	fail=$((fail + 1))
}

cp "$root/layouts/hd720.json" "$tmp/layout.json"
wait_for "$tmp/err" "$tmp/layout.json: layout loaded" 5 && echo "ok: a good layout is taken"
: >"$tmp/err"
kill -HUP "$pid"
wait_for "$tmp/err" "$tmp/layout.json: layout loaded" 5 && echo "ok: SIGHUP reloads"

python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["seq"]=1503; open(sys.argv[1]+".t","w").write(json.dumps(d))' "$tmp/status.json"
mv "$tmp/status.json.t" "$tmp/status.json"
wait_for "$tmp/trace" "seq 1503" 5 && echo "ok: a changed status file is shown"

# A bad status document keeps the last good one on screen.
echo '{"version": 1, "seq": 1504' >"$tmp/status.json"
wait_for "$tmp/err" "$tmp/status.json: line" 5 && echo "ok: a bad document is reported"
sleep 1.2
tail -1 "$tmp/trace" | grep -q "seq 1503" || {
	echo "FAIL: the last good document was not kept"
	fail=$((fail + 1))
}
kill "$pid"
wait "$pid"
rc=$?
pid=""
[ $rc -eq 0 ] || {
	echo "FAIL: exit $rc on SIGTERM"
	fail=$((fail + 1))
}
echo "reload.sh: $fail failed"
[ $fail -eq 0 ]
