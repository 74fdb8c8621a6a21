#!/bin/sh
# SPDX-License-Identifier: MIT
# Day handling and disk trouble: at closing time the day ends and waiting
# tickets are cancelled; the next opening starts a new day, a new journal
# file and new numbering. A journal that cannot be written refuses the
# change with 503 and leaves the state as it was.
. "$(dirname "$0")/lib.sh"

# Monday 08:00, before opening: closed, and the next opening is today's.
MORNING=$CLOCK_START
CLOCK_START=2026-11-23T08:00:00+09:00
start_daemon
st=$(curl -s "$URL/v1/status")
expect "before opening" "$(echo "$st" | jq -r '.service.status + " " + .service.hours.next.date + " " + .service.hours.next.open')" "closed 2026-11-23 08:30"
stop_daemon TERM
CLOCK_START=$MORNING

# Monday morning: three tickets, one called.
start_daemon
for c in A A B; do req POST /v1/tickets "{\"category\":\"$c\"}" >/dev/null; done
expect "call" "$(reqb POST /v1/windows/1/call | jq -r .ticket)" A-001
stop_daemon TERM

# Same Monday just before closing, the clock running 5000 times faster:
# 17:15 closes the day, Tuesday 08:30 (about 11 s later) opens the next.
CLOCK_START=2026-11-23T17:14:59+09:00
start_daemon --clock-speed 5000
n=0
until grep -q 'day.close' "$TMP/log.$STARTS"; do
	n=$((n + 1))
	[ $n -gt 100 ] && die "the day did not close"
	sleep 0.05
done
grep -q 'ticket.issue' "$TMP/log.$STARTS" && fail "replay logged events as new"
n=0
until grep -q 'day.open 20261124' "$TMP/log.$STARTS"; do
	n=$((n + 1))
	[ $n -gt 600 ] && die "the next day did not open"
	sleep 0.05
done
stop_daemon TERM

day1=$TMP/state/journal-2026-11-23.jsonl
day2=$TMP/state/journal-2026-11-24.jsonl
expect "day 1 ends with its close" "$(tail -n 1 "$day1" | jq -c '[.type, .day]')" '["day.close","2026-11-23"]'
# at closing time: 17:15, never before, and late only by the daemon's ticks on
# a clock 5000 times too fast (30 simulated minutes are 0.36 s of a busy machine)
closed_at=$(tail -n 1 "$day1" | jq -r '.time[11:16] | split(":") | (.[0] | tonumber) * 60 + (.[1] | tonumber)')
if [ "$closed_at" -lt 1035 ] || [ "$closed_at" -gt 1065 ]; then
	fail "day 1 closed at minute $closed_at, not at 17:15 (1035)"
fi
expect "day 2 starts with its opening" "$(head -n 1 "$day2" | jq -c '[.type, .day]')" '["day.open","2026-11-24"]'

# Tuesday: the state is day 2's, the numbers start again
CLOCK_START=2026-11-24T09:00:00+09:00
start_daemon
st=$(curl -s "$URL/v1/status")
expect "day 2 open" "$(echo "$st" | jq -r '.service.status + " " + .service.day')" "open 2026-11-24"
expect "nothing waiting from day 1" "$(echo "$st" | jq -c '[.categories[].waiting]')" "[0,0]"
expect "windows free" "$(echo "$st" | jq -c '[.windows[].ticket]')" "[null,null,null]"
expect "numbers restart" "$(reqb POST /v1/tickets '{"category":"A"}' | jq -r .ticket)" A-001
stop_daemon TERM

# Day 1 replayed alone: the waiting tickets were cancelled at the close.
CLOCK_START=2026-11-23T18:00:00+09:00
start_daemon
st=$(curl -s "$URL/v1/status")
expect "day 1 closed" "$(echo "$st" | jq -r '.service.status + " " + .service.day')" "closed 2026-11-23"
expect "after closing, the next opening is tomorrow's" "$(echo "$st" | jq -r .service.hours.next.date)" 2026-11-24
expect "day 1 cancelled its waiting tickets" "$(echo "$st" | jq -c '[.categories[].waiting]')" "[0,0]"
expect "no tickets after closing" "$(reqb POST /v1/tickets '{"category":"A"}' | jq -r .error)" day_closed
stop_daemon TERM

# A full disk: the journal file of Wednesday is /dev/full.
ln -s /dev/full "$TMP/state/journal-2026-11-25.jsonl"
CLOCK_START=2026-11-25T09:00:00+09:00
start_daemon
# the day could not open: its event could not be written
expect "health says so" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 503
before=$(status_stable)
r=$(req PUT /v1/notice '{"ja":"x"}')
expect "write refused" "${r%% *} $(echo "${r#* }" | jq -r .error)" "503 journal_failed"
expect "state unchanged" "$(status_stable)" "$before"
grep -q '<3>journal: cannot write the journal' "$TMP/log.$STARTS" || fail "no error logged"
stop_daemon TERM

finish
