#!/bin/sh
# SPDX-License-Identifier: MIT
# The sign on the real daemon: machiaid on loopback (tests/daemon/test.conf,
# its clock started inside opening hours), machiai-display on its
# /v1/stream. A ticket issued and called through the API reaches the screen
# and flashes, with the same picture as the daemon's own /v1/status from a
# file; when the daemon stops the screen is marked stale.
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/$BUILD/machiai-display"
tmp=$(mktemp -d)
token=test-token-0123456789
dpid=""
spid=""
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null
	[ -n "$dpid" ] && kill "$dpid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
fail=0

if [ ! -x "$root/$BUILD/machiaid" ]; then
	echo "daemon.sh: $BUILD/machiaid is not built"
	exit 1
fi
"$root/$BUILD/machiaid" --config "$root/tests/daemon/test.conf" --state-dir "$tmp/state" \
	--listen 127.0.0.1:0 --clock-start 2026-11-23T09:00:00+09:00 2>"$tmp/daemon.log" &
dpid=$!
i=0
while ! grep -q 'api on port' "$tmp/daemon.log" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 200 ] || ! kill -0 "$dpid" 2>/dev/null; then
		echo "FAIL: machiaid did not start:"
		cat "$tmp/daemon.log"
		exit 1
	fi
	sleep 0.05
done
url=http://127.0.0.1:$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$tmp/daemon.log" | head -n 1)

post() { # PATH BODY
	curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
		-H 'Content-Type: application/json' --data-binary "$2" "$url$1"
}

wait_for() { # PATTERN SECONDS
	i=0
	while [ $i -lt $(($2 * 10)) ]; do
		grep -q "$1" "$tmp/trace" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: no frame matching '$1' within $2 s; last frames:"
	tail -3 "$tmp/trace"
	fail=$((fail + 1))
	return 1
}

"$bin" --source "$url/v1/stream" --lang en --size 640x360 --no-sound --stale-after 2 \
	--trace "$tmp/trace" --exit-after 40 2>"$tmp/display.err" &
spid=$!
wait_for "seq [0-9]* stale 0" 10 && echo "ok: the daemon's document is shown"

[ "$(post /v1/tickets '{"category":"A"}')" = 201 ] || {
	echo "FAIL: POST /v1/tickets"
	fail=$((fail + 1))
}
[ "$(post /v1/windows/1/call '{}')" = 200 ] || {
	echo "FAIL: POST /v1/windows/1/call"
	fail=$((fail + 1))
}
seq=$(curl -s "$url/v1/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seq"])')
wait_for "seq $seq stale 0 flash 1" 5 && echo "ok: a call through the API flashes on the sign (seq $seq)"

# The daemon's document, from a file, gives the same picture.
curl -s "$url/v1/status" >"$tmp/status.json"
now=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["generated_at"])' "$tmp/status.json")
"$bin" --source "$url/v1/stream" --lang en --size 640x360 --no-sound --now "$now" \
	--screenshot "$tmp/stream.png" 2>/dev/null
"$bin" --source "$tmp/status.json" --lang en --size 640x360 --now "$now" \
	--screenshot "$tmp/file.png"
[ -n "${KEEP_SHOT:-}" ] && cp "$tmp/stream.png" "$KEEP_SHOT"
if "$root/$BUILD/display-pngcmp" "$tmp/stream.png" "$tmp/file.png" --tolerance 0 \
	--max-fraction 0 >"$tmp/cmp"; then
	echo "ok: the streamed picture equals the one from /v1/status"
else
	echo "FAIL: $(cat "$tmp/cmp")"
	fail=$((fail + 1))
fi

kill "$dpid"
wait "$dpid" 2>/dev/null
dpid=""
wait_for "seq $seq stale 1" 8 && echo "ok: marked stale when the daemon stops"
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
spid=""
echo "daemon.sh: $fail failed"
[ $fail -eq 0 ]
