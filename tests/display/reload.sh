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
wait_for "$tmp/trace" "seq 1503 stale 1" 5 &&
	echo "ok: the last good document is kept, marked stale"
tail -1 "$tmp/trace" | grep -q "seq 1503 stale 1" || {
	echo "FAIL: the last good document was not kept with the stale mark"
	fail=$((fail + 1))
}
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["seq"]=1505; open(sys.argv[2],"w").write(json.dumps(d))' \
	"$root/tests/display/fixtures/quiet.json" "$tmp/status.json.t"
mv "$tmp/status.json.t" "$tmp/status.json"
wait_for "$tmp/trace" "seq 1505 stale 0" 5 && echo "ok: a good document again clears the mark"
rm "$tmp/status.json"
wait_for "$tmp/err" "$tmp/status.json: file not found" 5 &&
	wait_for "$tmp/trace" "seq 1505 stale 1" 5 &&
	echo "ok: a file that disappears is named and the screen marked stale"
kill "$pid"
wait "$pid"
rc=$?
pid=""
[ $rc -eq 0 ] || {
	echo "FAIL: exit $rc on SIGTERM"
	fail=$((fail + 1))
}

# A missing file at start-up is named as such, not as an unusable document.
"$bin" --source "$tmp/nothing.json" --screenshot "$tmp/x.png" 2>"$tmp/err2" && {
	echo "FAIL: a missing status file gave exit 0"
	fail=$((fail + 1))
}
if grep -qF "$tmp/nothing.json: file not found" "$tmp/err2" &&
	! grep -q "no usable status document" "$tmp/err2"; then
	echo "ok: a missing status file is named: file not found"
else
	echo "FAIL: a missing status file is not named as such:"
	cat "$tmp/err2"
	fail=$((fail + 1))
fi
echo "reload.sh: $fail failed"
[ $fail -eq 0 ]
