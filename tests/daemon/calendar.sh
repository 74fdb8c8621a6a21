#!/bin/sh
# SPDX-License-Identifier: MIT
# The office calendar in the real daemon on a simulated clock: across
# 年末年始 and a three-day weekend no day opens and no ticket is taken, the
# status document says why and when reception opens next, and the first day
# back opens as usual; a Sunday opening takes tickets, a weekday closure and
# a midday closure do not. --check-config finds dates already gone.
. "$(dirname "$0")/lib.sh"

CONF=$TMP/calendar.conf
sed '/^2026-11-23 = /d' tests/daemon/test.conf >"$CONF"
sed -i '/^\[calendar\]/a\
2nd,4th sun of mar = 09:00-12:00\
2027-03-10 = closed\
2027-03-11 = 08:30-12:00, 13:00-17:15' "$CONF"

# at ISO: start the daemon at ISO; GOT is the status in one line.
at() {
	CLOCK_START=$1
	start_daemon
	GOT=$(curl -s "$URL/v1/status" | jq -c '[.service.status, .service.today.kind,
		.service.today.holiday.ja, .service.hours.next.date, .service.hours.next.open]')
}

# ticket: the HTTP status of issuing one ticket, and the error's code.
ticket() {
	code=$(req POST /v1/tickets '{"category":"A"}' | cut -d' ' -f1)
	if [ "$code" = 201 ]; then
		echo 201
	else
		echo "$code $(jq -r .error "$TMP/body")"
	fi
}

# --- --check-config and dates already gone ---
PAST=$TMP/past.conf
sed '/^\[calendar\]/a\
2027-02-10 = closed' "$CONF" >"$PAST"
rc=0
out=$("$MACHIAID" --check-config "$PAST" --clock-start 2027-02-11T09:00:00+09:00) || rc=$?
expect "a date gone by: exit" "$rc" 2
case $out in
*"$PAST:"[0-9]*": 2027-02-10 is in the past (today is 2027-02-11)"*) ;;
*) fail "a date gone by: [$out]" ;;
esac
"$MACHIAID" --check-config "$PAST" --clock-start 2027-02-10T09:00:00+09:00 >/dev/null ||
	fail "today's date refused"
"$MACHIAID" --check-config "$PAST" --past-dates-ok >/dev/null || fail "--past-dates-ok refused"

# --- 年末年始: Monday 12/28 closes, 12/29 to 1/3 stay closed, 1/4 opens ---
CLOCK_START=2026-12-28T17:10:00+09:00
start_daemon --clock-speed 10000
n=0
until grep -q 'day.open 20270104' "$TMP/log.$STARTS"; do
	n=$((n + 1))
	[ $n -gt 1800 ] && die "1/4 did not open"
	sleep 0.1
done
stop_daemon TERM
expect "12/28 closes" "$(tail -n 1 "$TMP/state/journal-2026-12-28.jsonl" | jq -r .type)" day.close
ls "$TMP/state" | grep -q 'journal-2026-12-29\|journal-2026-12-3\|journal-2027-01-0[123]' &&
	fail "a day opened during 年末年始: $(ls "$TMP/state")"
expect "1/4 opens first" "$(head -n 1 "$TMP/state/journal-2027-01-04.jsonl" | jq -r .type)" day.open
# at opening time: 08:30, never before, and late only by the daemon's ticks on a
# clock 10000 times too fast (30 simulated minutes are 0.18 s of a busy machine)
opened_at=$(head -n 1 "$TMP/state/journal-2027-01-04.jsonl" | jq -r '.time[11:16] | split(":") | (.[0] | tonumber) * 60 + (.[1] | tonumber)')
if [ "$opened_at" -lt 510 ] || [ "$opened_at" -gt 540 ]; then
	fail "1/4 opened at minute $opened_at, not at 08:30 (510)"
fi

rm -rf "$TMP/state"
at 2026-12-29T10:00:00+09:00
expect "12/29" "$GOT" '["closed","year_end",null,"2027-01-04","08:30"]'
expect "12/29: ticket" "$(ticket)" "409 day_closed"
expect "1/4 after 6 days closed" "$(curl -s "$URL/v1/status" | jq .service.hours.next.closed_before)" 6
# GET /v1/calendar: the days and why, for the console and for reservation systems
expect "calendar 12/28-1/4" "$(curl -s "$URL/v1/calendar?from=2026-12-28&to=2027-01-04" |
	jq -c '[.days[] | (.date[5:] + " " + .kind + " " + (.hours | map(.open + "-" + .close) | join(",")))]')" \
	'["12-28 weekly 08:30-17:15","12-29 year_end ","12-30 year_end ","12-31 year_end ","01-01 year_end ","01-02 year_end ","01-03 year_end ","01-04 weekly 08:30-17:15"]'
expect "calendar: a holiday's names" "$(curl -s "$URL/v1/calendar?from=2027-01-11&to=2027-01-11" | jq -c '.days[0] | [.open, .holiday.ja, .holiday.en]')" '[false,"成人の日","Coming of Age Day"]'
expect "calendar: from today, 31 days" "$(curl -s "$URL/v1/calendar" | jq -c '[.from, .to, (.days | length), .timezone]')" '["2026-12-29","2027-01-28",31,"+09:00"]'
expect "calendar: a midday closure" "$(curl -s "$URL/v1/calendar?from=2027-03-11&to=2027-03-11" | jq -c '.days[0].hours')" '[{"open":"08:30","close":"12:00"},{"open":"13:00","close":"17:15"}]'
for q in "from=2027-02-30" "from=27-01-01" "to=2027-1-5" "from=2100-01-01"; do
	code=$(curl -s -o "$TMP/cal" -w '%{http_code}' "$URL/v1/calendar?$q")
	expect "calendar?$q" "$code $(jq -r .error "$TMP/cal")" "400 bad_date"
done
expect "calendar: to before from" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/calendar?from=2027-01-05&to=2027-01-04")" 400
expect "calendar: 366 days" "$(curl -s "$URL/v1/calendar?from=2028-01-01&to=2028-12-31" | jq '.days | length')" 366
expect "calendar: 367 days" "$(curl -s "$URL/v1/calendar?from=2027-01-01&to=2028-01-02" | jq -r .error)" bad_range
stop_daemon TERM
at 2027-01-01T10:00:00+09:00
expect "1/1" "$GOT" '["closed","year_end","元日","2027-01-04","08:30"]'
stop_daemon TERM
at 2026-12-31T23:59:00+09:00
expect "12/31 23:59" "$GOT" '["closed","year_end",null,"2027-01-04","08:30"]'
stop_daemon TERM
at 2027-01-04T08:29:00+09:00
expect "1/4 08:29" "$GOT" '["closed","weekly",null,"2027-01-04","08:30"]'
stop_daemon TERM
at 2027-01-04T09:00:00+09:00
expect "1/4 09:00" "$GOT" '["open","weekly",null,"2027-01-05","08:30"]'
expect "1/4: ticket" "$(ticket)" "201"
stop_daemon TERM

# --- Saturday, Sunday and 成人の日 (1/9 to 1/11): Tuesday 1/12 is next ---
rm -rf "$TMP/state"
at 2027-01-09T10:00:00+09:00
expect "Saturday" "$GOT" '["closed","weekly",null,"2027-01-12","08:30"]'
expect "Saturday: ticket" "$(ticket)" "409 day_closed"
expect "Saturday: the weekday" "$(curl -s "$URL/v1/status" | jq .service.today.weekday)" 6
stop_daemon TERM
at 2027-01-11T10:00:00+09:00
expect "成人の日" "$GOT" '["closed","holiday","成人の日","2027-01-12","08:30"]'
expect "成人の日: ticket" "$(ticket)" "409 day_closed"
expect "成人の日 in English" "$(curl -s "$URL/v1/status" | jq -r .service.today.holiday.en)" "Coming of Age Day"
curl -s "$URL/v1/status" >"$TMP/holiday.json"
"$BUILD/machiai-display" --source "$TMP/holiday.json" --lang en --size 480x270 \
	--screenshot "$TMP/holiday.png" 2>"$TMP/display.err" ||
	fail "the sign refused the daemon's holiday document: $(cat "$TMP/display.err")"
stop_daemon TERM
CLOCK_START=2027-01-11T23:59:50+09:00
start_daemon --clock-speed 10000
wait_for "the day after the weekend opens" '.service.day' '"2027-01-12"'
wait_for "... and takes tickets" '.service.status' '"open"'
expect "1/12: ticket" "$(ticket)" "201"
stop_daemon TERM

# --- a Sunday opening (the 4th Sunday of March, 09:00-12:00) ---
rm -rf "$TMP/state"
at 2027-03-28T09:30:00+09:00
expect "Sunday opening" "$GOT" '["open","special",null,"2027-03-29","08:30"]'
expect "Sunday: today's hours" "$(curl -s "$URL/v1/status" | jq -c '.service.hours.today | [.open, .close]')" '["09:00","12:00"]'
expect "Sunday: ticket" "$(ticket)" "201"
stop_daemon TERM
at 2027-03-21T09:30:00+09:00
expect "3rd Sunday" "$GOT" '["closed","holiday","春分の日","2027-03-23","08:30"]'
stop_daemon TERM

# --- a weekday closed by its date, and a midday closure ---
rm -rf "$TMP/state"
at 2027-03-10T10:00:00+09:00
expect "closed Wednesday" "$GOT" '["closed","special",null,"2027-03-11","08:30"]'
expect "closed Wednesday: ticket" "$(ticket)" "409 day_closed"
stop_daemon TERM
at 2027-03-11T12:30:00+09:00
expect "midday closure" "$GOT" '["suspended","special",null,"2027-03-12","08:30"]'
expect "midday closure: spans" "$(curl -s "$URL/v1/status" | jq -c '[.service.hours.today.spans[] | .open + "-" + .close]')" '["08:30-12:00","13:00-17:15"]'
expect "midday closure: ticket" "$(ticket)" "409 midday_closed"
stop_daemon TERM
at 2027-03-11T13:00:00+09:00
expect "after the midday closure" "$GOT" '["open","special",null,"2027-03-12","08:30"]'
expect "after the midday closure: ticket" "$(ticket)" "201"
stop_daemon TERM

finish
