#!/bin/bash
# SPDX-License-Identifier: MIT
# scripts/demo.sh (make demo) started and stopped as at a terminal: in its own
# process group, on any free port, without a display, at 300x. Once the first
# screenshot is written and the simulator's tickets reach the daemon, the
# simulator ends (as it does at the end of its day), then Ctrl-C (SIGINT to
# the whole group): the demo must exit 0, leave no program of its own
# running, and say where the journal and the screenshots are.
# bash for job control (set -m): a background job of a non-interactive sh
# ignores SIGINT, as the demo under a terminal does not.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
tmp=$(mktemp -d /tmp/machiai-demo-test.XXXXXX)
dir=$tmp/demo
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM -- "-$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "demo.sh: FAIL: $*" >&2
	tail -n 20 "$tmp/out" "$tmp/err" "$dir/machiaid.log" "$dir/sim.log" >&2 2>/dev/null
	exit 1
}

set -m
env -u DISPLAY -u WAYLAND_DISPLAY BUILD="$BUILD" MACHIAI_DEMO_PORT=0 MACHIAI_DEMO_SPEED=300 \
	MACHIAI_DEMO_DIR="$dir" scripts/demo.sh >"$tmp/out" 2>"$tmp/err" &
pid=$!
set +m

i=0
until [ -s "$dir/screens/latest.png" ] &&
	[ "$(grep -c 'ticket.issue' "$dir/machiaid.log" 2>/dev/null)" -ge 3 ]; do
	i=$((i + 1))
	[ $i -le 300 ] || fail "no screenshot and tickets after 30 s"
	kill -0 "$pid" 2>/dev/null || fail "the demo ended by itself"
	sleep 0.1
done
grep -q 'Press Ctrl-C to stop' "$tmp/out" || fail "no start message"
# With nginx installed (the test packages), the feed and the residents' page.
if command -v nginx >/dev/null 2>&1; then
	page=$(sed -n 's/^  residents *\(https:[^ ]*\).*/\1/p' "$tmp/out")
	[ -n "$page" ] || fail "the residents' page is not printed"
	curl -sf --cacert "$dir/web/ca.pem" "$page" | grep -q 'app.js' || fail "$page does not serve the page"
	i=0
	until curl -sf --cacert "$dir/web/ca.pem" "${page%/status/}/offices/131016-0001/status.json" |
		grep -q '"queue"'; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "no feed published to the demo's nginx"
		sleep 0.1
	done
	# ... and, with Chromium, the page's screenshots beside the sign's.
	if command -v chromium >/dev/null 2>&1; then
		i=0
		until [ -n "$(find "$dir/screens" -name 'page-office-*.png' -size +1k)" ]; do
			i=$((i + 1))
			[ $i -le 300 ] || fail "no screenshot of the residents' page after 30 s"
			sleep 0.1
		done
	fi
fi
sim=$(ps -e -o pid=,pgid=,args= | awk -v g="$pid" '$2 == g && $3 ~ /machiai-sim$/ { print $1 }')
[ -n "$sim" ] || fail "no simulator running"
kill -TERM "$sim"
sleep 0.5

kill -INT -- "-$pid"
rc=0
wait "$pid" || rc=$?
group=$pid
pid=
[ $rc -eq 0 ] || fail "exit $rc after Ctrl-C"
sleep 0.2
left=$(ps -e -o pid=,pgid=,stat=,args= | awk -v g="$group" '$2 == g && $3 !~ /^Z/')
if [ -n "$left" ]; then
	echo "$left" >&2
	kill -TERM -- "-$group" 2>/dev/null
	fail "programs of the demo still run after it stopped"
fi
journal=$(ls "$dir"/state/journal-*.jsonl 2>/dev/null | head -n 1)
[ -n "$journal" ] || fail "no journal written"
grep -qF "journal      $journal" "$tmp/out" || fail "the journal's path is not printed"
grep -qF "screenshots  $dir/screens/" "$tmp/out" || fail "the screenshots' folder is not printed"
grep -q 'Error\|error' "$tmp/err" && fail "errors on stderr: $(cat "$tmp/err")"
echo "demo.sh: started, $(grep -c ticket.issue "$dir/machiaid.log") tickets, stopped cleanly by Ctrl-C"
