#!/bin/sh
# SPDX-License-Identifier: MIT
# machiaid with simulated sensors ([gpio] chip = sim): people walked through
# the beams and button presses, written to STATE_DIR/sensors.cmd, come out in
# /v1/status as occupancy, tickets and calls; a lost sensor shows as a fault
# and clears; the occupancy survives a restart.
. "$(dirname "$0")/../daemon/lib.sh"

CONF=$TMP/sensors.conf
cat tests/daemon/test.conf - >"$CONF" <<'CONF'
[gpio]
chip = sim
door = 0
beam_outer = 1
beam_inner = 2
ticket.A = 3
call.1 = 4
recall.1 = 5
CONF
FIFO=$TMP/state/sensors.cmd

cmd() { echo "$1" >"$FIFO"; }

# A line that is not there stops start-up with a message naming it.
sed 's/^chip = sim$/chip = gpiochip99/' "$CONF" >"$TMP/missing.conf"
rc=0
"$MACHIAID" --config "$TMP/missing.conf" --state-dir "$TMP/missing" --listen 127.0.0.1:0 \
	--clock-start "$CLOCK_START" 2>"$TMP/missing.log" || rc=$?
expect "missing chip: exit code" "$rc" 1
grep -q 'door: line 0 on chip gpiochip99' "$TMP/missing.log" ||
	fail "missing chip: no clear message: $(cat "$TMP/missing.log")"

start_daemon --clock-speed 10
[ -p "$FIFO" ] || die "no command FIFO $FIFO"
wait_for "start" '[.occupancy.count, .occupancy.sensors]' '[0,"ok"]'
cmd "walk in 3"
wait_for "3 in" .occupancy.count 3
cmd "press ticket A"
wait_for "ticket button" '.categories[0].last_issued' '"A-001"'
cmd "press ticket A"
wait_for "ticket button again" '.categories[0].last_issued' '"A-002"'
cmd "press call 1"
wait_for "call button" '[.windows[0].ticket, .windows[0].state]' '["A-001","called"]'
cmd "press recall 1"
wait_for "recall button" '.windows[0].recalls' 1
cmd "walk out 1"
wait_for "1 out" .occupancy.count 2
cmd "lose beams"
wait_for "lost beams" .occupancy.sensors '"fault"'
cmd "back beams"
wait_for "beams back" .occupancy.sensors '"ok"'
stop_daemon

# Replayed from the journal: the sensor path goes on from there. (The clock
# starts after the last event journalled: time never goes back.)
CLOCK_START=2026-11-23T09:30:00+09:00
start_daemon --clock-speed 10
wait_for "after restart" '[.occupancy.count, .categories[0].last_issued]' '[2,"A-002"]'
cmd "walk out 2"
wait_for "all out" .occupancy.count 0
stop_daemon

# The day ends at 17:15 with two people still counted inside: it closes at
# 0 and the journal keeps the correction.
rm -rf "$TMP/state"
CLOCK_START=2026-11-23T17:13:30+09:00
start_daemon --clock-speed 10
cmd "walk in 2"
wait_for "2 in before closing" .occupancy.count 2
wait_for "day closed" '[.service.status, .occupancy.count]' '["closed",0]'
grep -q '"type":"occupancy.reset".*"count":-2' "$TMP"/state/journal-*.jsonl ||
	fail "no occupancy.reset of -2 in the journal"
stop_daemon
finish
