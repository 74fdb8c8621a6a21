#!/bin/sh
# SPDX-License-Identifier: MIT
# machiai-sim live mode against the real machiaid: the example config, the
# demo scenario, a simulated clock at 1500x from 08:15 on a Tuesday. After about
# 9 s (to about 12:00) the simulator is stopped with SIGINT and must exit 0;
# the daemon must then show tickets issued and called, window 1 closed for its
# 11:30-12:30 lunch break, reservations checked in and called (the journal),
# and the door output must have people coming in.
# Without the daemon built, only the first part runs.
# First, with nobody listening: it waits for the daemon and stops cleanly on
# SIGTERM.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
TOKEN=machiai-demo-token-change-me
tmp=$(mktemp -d /tmp/machiai-sim-live.XXXXXX)
dpid=
spid=
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	[ -n "$dpid" ] && kill "$dpid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fail() {
	echo "live.sh: $*" >&2
	tail -n 20 "$tmp/daemon.log" "$tmp/sim.out" "$tmp/sim.err" >&2 2>/dev/null || true
	exit 1
}

# A loopback port from a range by our pid; nobody is expected to listen there.
port=$((20000 + $$ % 20000))
"$BUILD/machiai-sim" --scenario sim/scenarios/demo.json --live "http://127.0.0.1:$port" \
	--token "$TOKEN" >"$tmp/sim.out" 2>"$tmp/sim.err" &
spid=$!
sleep 1.5
kill -0 "$spid" 2>/dev/null || fail "machiai-sim gave up without a daemon"
kill -TERM "$spid"
rc=0
wait "$spid" || rc=$?
spid=
[ $rc -eq 0 ] || fail "machiai-sim exited $rc on SIGTERM while waiting"
grep -q "waiting for machiaid at http://127.0.0.1:$port" "$tmp/sim.err" ||
	fail "no word of waiting for the daemon"
grep -q 'stopped;' "$tmp/sim.out" || fail "no clean stop message"

if [ ! -x "$BUILD/machiaid" ]; then
	echo "live.sh: waits for a missing daemon and stops on SIGTERM; the run against"
	echo "live.sh: machiaid is SKIPPED: $BUILD/machiaid is not built (the daemon is not in this tree)"
	exit 0
fi

"$BUILD/machiaid" --config machiai.conf.example --state-dir "$tmp/state" --listen 127.0.0.1:0 \
	--clock-start 2026-11-24T08:15:00+09:00 --clock-speed 1500 2>"$tmp/daemon.log" &
dpid=$!
i=0
until grep -q 'api on port' "$tmp/daemon.log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 200 ] && fail "machiaid did not start"
	kill -0 "$dpid" 2>/dev/null || fail "machiaid exited"
	sleep 0.05
done
port=$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$tmp/daemon.log" | head -n 1)
url=http://127.0.0.1:$port

"$BUILD/machiai-sim" --scenario sim/scenarios/demo.json --live "$url" --token "$TOKEN" \
	--speed 1500 --seed 3 --door-fifo "$tmp/door" >"$tmp/sim.out" 2>"$tmp/sim.err" &
spid=$!
# 9 s at 1500x: 08:15 to about 12:00, into the lunch rotation.
sleep 9.5
kill -0 "$spid" 2>/dev/null || fail "machiai-sim exited early"
kill -INT "$spid"
rc=0
wait "$spid" || rc=$?
spid=
[ $rc -eq 0 ] || fail "machiai-sim exited $rc on SIGINT"
grep -q 'stopped;' "$tmp/sim.out" || fail "no clean stop message"

curl -sf "$url/v1/status" >"$tmp/status.json" || fail "no status"
jq -e '([.categories[] | select(.last_issued != null)] | length) >= 2 and
	(.calls | length) >= 3 and .service.status == "open" and
	([.windows[] | select(.id == "1")][0].open == false) and
	([.windows[] | select(.id == "2")][0].open == true)' "$tmp/status.json" >/dev/null ||
	fail "the daemon shows no simulated day: $(head -c 800 "$tmp/status.json")"
grep -q '^in 2026-11-24T' "$tmp/door" || fail "no people at the door"
# Reservations: booked, checked in with their id alone, and called at their slot.
! grep -q '"bad_request"' "$tmp/sim.err" ||
	fail "requests refused as malformed: $(grep -m 1 bad_request "$tmp/sim.err")"
called=$(jq -rs '[.[] | select(.type == "ticket.issue" and .reservation != null) |
	"\(.category)-\(.number | tostring | ("00" + .)[-3:])"] as $r |
	[.[] | select(.type == "ticket.call") | .ticket | select(. as $t | $r | index($t))] |
	unique | length' "$tmp"/state/journal-2026-11-24.jsonl)
[ "$called" -ge 1 ] || fail "no reservation was checked in and called"
requests=$(sed -n 's/.*stopped; \([0-9]*\) API requests, \([0-9]*\) failed.*/\1 \2/p' "$tmp/sim.out")
set -- $requests
[ "$1" -gt 50 ] || fail "only $1 API requests"
# A few requests may be refused (the daemon's day and the simulator's differ
# by seconds at opening), but not most of them.
[ $(($2 * 10)) -lt "$1" ] || fail "$2 of $1 API requests failed"
echo "live.sh: $1 API requests ($2 refused), $called reservations called; the daemon shows the simulated morning and lunch break"
