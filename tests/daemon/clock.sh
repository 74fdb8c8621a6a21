#!/bin/sh
# SPDX-License-Identifier: MIT
# machiaid --clock-check: while no time server has been reached and no
# real-time clock set the time, the status document says "clock_set": false
# (the sign then shows no date); it turns true, and a document is pushed to
# the stream, as soon as systemd-timesyncd's flag file appears. The sources
# are pointed at a temporary folder, the kernel's NTP state left out.
. "$(dirname "$0")/lib.sh"

clock_set() {
	curl -s "$URL/v1/status" | jq -c .clock_set
}

mkdir -p "$TMP/rtc/rtc0"
echo 0 >"$TMP/rtc/rtc0/hctosys"
export MACHIAI_CLOCK_KERNEL=0 MACHIAI_SYSFS_RTC="$TMP/rtc" MACHIAI_TIMESYNC_FILE="$TMP/synchronized"

# Without --clock-check the clock is taken as set (development machines).
start_daemon
expect "not checked" "$(clock_set)" true
stop_daemon TERM

# Checked, nothing says the clock is set.
start_daemon --clock-check
expect "unset at start" "$(clock_set)" false
grep -q 'clock: not set' "$TMP/log.$STARTS" || fail "the unset clock was not logged"
curl -sN "$URL/v1/stream" >"$TMP/stream" 2>/dev/null &
spid=$!
sleep 0.5
grep -q '"clock_set":false' "$TMP/stream" || fail "the stream's first document does not say the clock is unset"

# timesyncd reaches a server: within a tick or two the document says so.
touch "$TMP/synchronized"
n=0
until [ "$(clock_set)" = true ]; do
	n=$((n + 1))
	[ $n -gt 60 ] && die "clock_set stayed false after the flag file appeared"
	sleep 0.1
done
n=0
until grep -q '"clock_set":true' "$TMP/stream"; do
	n=$((n + 1))
	[ $n -gt 30 ] && { fail "no document with clock_set true was pushed to the stream"; break; }
	sleep 0.1
done
kill "$spid" 2>/dev/null || true
wait "$spid" 2>/dev/null || true
grep -q 'clock: set (timesyncd)' "$TMP/log.$STARTS" || fail "the change was not logged"
# Once set, it stays set (the flag file going away does not unset it).
rm -f "$TMP/synchronized"
sleep 1.2
expect "stays set" "$(clock_set)" true
stop_daemon TERM

# A real-time clock that set the system time at boot is enough.
echo 1 >"$TMP/rtc/rtc0/hctosys"
start_daemon --clock-check
expect "rtc" "$(clock_set)" true
grep -q 'clock: set (rtc)' "$TMP/log.$STARTS" || fail "the rtc source was not logged"
stop_daemon TERM

# A simulated clock the journal could not write at +09:00 (the year 10000 there)
# is refused at start, with the reason.
rc=0
"$MACHIAID" --config "$CONF" --state-dir "$TMP/state-late" --listen 127.0.0.1:0 \
	--clock-start 9999-12-31T23:00:00Z 2>"$TMP/late.log" || rc=$?
expect "--clock-start past 9999 locally" "$rc" 1
grep -q -- '--clock-start 9999-12-31T23:00:00Z: not started: times run from' "$TMP/late.log" ||
	fail "no reason given: $(cat "$TMP/late.log")"

finish
