#!/bin/sh
# SPDX-License-Identifier: MIT
# The real machiaid publishing to the test nginx: its status document lands
# and validates, a ticket issued through the local API shows in the feed
# within seconds, history rows arrive numbered 1..N once and in order through
# an nginx outage and a daemon restart, and feed errors reach its log.
# (The daemon's clock runs 60 times faster: a history row per real second.)
. tests/feed/lib.sh
MACHIAID=$BUILD/machiaid
if [ ! -x "$MACHIAID" ]; then
	echo "daemon.sh: skipped: $MACHIAID is not built in this tree"
	exit 0
fi
grep -q 'daemonfeed_new' daemon/main.c ||
	fail "daemon/main.c does not start the feed: wire it as docs/feed.md (In the daemon) says"
API_TOKEN=test-token-0123456789
OFFICE=$(sed -n 's/^id *= *//p' tests/daemon/test.conf | head -n 1)
{
	cat tests/daemon/test.conf
	printf '\n[feed]\nurl = %s\ntoken = %s\nhmac_key = %s\nca_file = %s\n' \
		"$FEED" "$TOKEN" "$KEY" "$T/ca.pem"
	printf 'interval = 10\nmin_gap = 1\nhistory_interval = 60\n'
} >"$T/machiai.conf"
"$MACHIAID" --check-config "$T/machiai.conf" --clock-start 2026-11-23T09:00:00+09:00 >/dev/null ||
	fail "test config refused"

DPID=
daemon_start() {
	# The log exists before the daemon starts: the wait below reads it at once.
	: >>"$T/machiaid.log"
	before=$(grep -c 'api on port' "$T/machiaid.log" || true)
	"$MACHIAID" --config "$T/machiai.conf" --state-dir "$T/state" --listen 127.0.0.1:0 \
		--clock-start 2026-11-23T09:00:00+09:00 --clock-speed 60 2>>"$T/machiaid.log" &
	DPID=$!
	i=0
	while [ "$(grep -c 'api on port' "$T/machiaid.log" 2>/dev/null || true)" -le "${before:-0}" ]; do
		i=$((i + 1))
		[ $i -gt 200 ] && fail "machiaid did not start"
		sleep 0.05
	done
	API=http://127.0.0.1:$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$T/machiaid.log" | tail -n 1)
}
daemon_stop() {
	kill -TERM "$DPID"
	wait "$DPID" || fail "machiaid exited $? on SIGTERM"
	DPID=
}
stop_all() { [ -n "$DPID" ] && kill "$DPID" 2>/dev/null; true; }
FEED_CLEANUP_EXTRA=stop_all

# wait_on FILE SECONDS PYTHON-EXPRESSION-ON-d: poll the office's FILE until true.
wait_on() {
	python3 - "$WWW/offices/$OFFICE/$1" "$2" "$3" <<'PY'
import json, sys, time
path, limit, expr = sys.argv[1], float(sys.argv[2]), sys.argv[3]
end = time.time() + limit
while time.time() < end:
    try:
        d = json.load(open(path))
        if eval(expr):
            sys.exit(0)
    except (OSError, ValueError):
        pass
    time.sleep(0.1)
sys.exit(f"{path}: not true after {limit} s: {expr}")
PY
}
# wait_for SECONDS PYTHON-EXPRESSION-ON-d: poll status.json until true.
wait_for() {
	wait_on status.json "$@"
}

feed_nginx_start
daemon_start
wait_for 10 'd["service"]["status"] == "Open"' || fail "the daemon's status did not land"
feed_validate docs/feed-schema.json "$WWW/offices/$OFFICE/status.json" || fail "schema"

for _ in 1 2 3; do
	curl -s -o /dev/null -X POST -H "Authorization: Bearer $API_TOKEN" \
		-H 'Content-Type: application/json' --data '{"category":"A"}' "$API/v1/tickets"
done
wait_for 3 '[c["waiting"] for c in d["categories"] if c["id"] == "A"] == [3]' ||
	fail "three tickets did not show in the feed within 3 s"
sleep 1 # a minute of office time
curl -s -o /dev/null -X POST -H "Authorization: Bearer $API_TOKEN" \
	-H 'Content-Type: application/json' --data '{}' "$API/v1/windows/1/call"
wait_for 3 '[c["waiting"] for c in d["categories"] if c["id"] == "A"] == [2]' ||
	fail "the call did not show in the feed within 3 s"

sleep 2
feed_nginx_stop
sleep 3
curl -s "$API/healthz" | python3 -c '
import json, sys
f = json.load(sys.stdin)["feed"]
assert not f["ok"] and "connect" in f["error"], f' || fail "the outage is not in /healthz"
feed_nginx_start
grep -q "feed: .*Couldn't connect" "$T/machiaid.log" || fail "the outage is not in the daemon's log"
sleep 3
daemon_stop
daemon_start
sleep 3
daemon_stop
# Start once more and let it drain: every row spooled is then on the
# server, once and in order.
daemon_start
i=0
until python3 - "$T/state/feed" <<'PY'
import glob, os, sys
d = sys.argv[1]
for f in glob.glob(d + "/history-*.csv"):
    a = f[:-4] + ".acked"
    if not os.path.exists(a) or int(open(a).read()) != os.path.getsize(f):
        sys.exit(1)
PY
do
	i=$((i + 1))
	[ $i -gt 100 ] && fail "the spool did not drain"
	sleep 0.1
done
curl -s "$API/healthz" | python3 -c '
import json, sys
f = json.load(sys.stdin)["feed"]
assert f["ok"] and f["error"] is None and f["pending_rows"] == 0, f' || fail "/healthz: feed not ok"
daemon_stop
spooled=$(cat "$T"/state/feed/history-*.csv | wc -l)
rows=$(feed_history_check 1 "$spooled") || fail "history on the server"
[ "$rows" -ge 10 ] || fail "only $rows history rows"
echo "history: $rows rows spooled and on the server, 1..$rows once and in order"
# The call's wait (issue to call, office time) is in the realised-wait column.
python3 - "$WWW/offices/$OFFICE/history" <<'PY' || fail "no realised wait in the history"
import csv, glob, sys
waits = [r[7] for f in sorted(glob.glob(sys.argv[1] + "/*.csv"))
         for r in list(csv.reader(open(f, encoding="utf-8", newline="")))[1:] if r[7]]
assert len(waits) == 1 and 1 <= int(waits[0]) <= 15, waits
print(f"realised wait of the call: {waits[0]} min")
PY

# The system clock is not set (machiaid --clock-check, no source says so):
# nothing is published, as its times would be wrong; once timesyncd's flag
# appears, the status lands.
rm -f "$WWW/offices/$OFFICE/status.json"
mkdir -p "$T/rtc"
MACHIAI_CLOCK_KERNEL=0 MACHIAI_SYSFS_RTC="$T/rtc" MACHIAI_TIMESYNC_FILE="$T/synchronized" \
	"$MACHIAID" --config "$T/machiai.conf" --state-dir "$T/state2" --listen 127.0.0.1:0 \
	--clock-start 2026-11-23T09:00:00+09:00 --clock-check 2>"$T/clock.log" &
DPID=$!
sleep 3
[ -e "$WWW/offices/$OFFICE/status.json" ] && fail "published while the clock is not set"
grep -q 'feed: nothing is published until the clock is set' "$T/clock.log" ||
	fail "the held feed is not in the log"
touch "$T/synchronized"
wait_for 10 'd["service"]["status"] == "Open"' || fail "nothing published once the clock was set"
grep -q 'feed: the clock is set; publishing' "$T/clock.log" || fail "the clock's arrival is not in the log"
daemon_stop

# Closed days: the feed says why and when reception opens next (年末年始, then
# 成人の日 after a weekend, the first day back marked), valid by the schema.
# The forecast's dates follow the calendar too: closed days, and the first day
# back after a long closure with its multiplier (no history yet: the default).
feed_closed() { # START STATE-DIR PYTHON-EXPRESSION FORECAST-EXPRESSION
	rm -f "$WWW/offices/$OFFICE/status.json" "$WWW/offices/$OFFICE/forecast.json"
	"$MACHIAID" --config "$T/machiai.conf" --state-dir "$T/$2" --listen 127.0.0.1:0 \
		--clock-start "$1" 2>"$T/$2.log" &
	DPID=$!
	wait_for 10 "$3" || fail "$1: $(cat "$WWW/offices/$OFFICE/status.json" 2>&1)"
	feed_validate docs/feed-schema.json "$WWW/offices/$OFFICE/status.json" || fail "$1: schema"
	wait_on forecast.json 10 "$4" || fail "$1: $(cat "$WWW/offices/$OFFICE/forecast.json" 2>&1)"
	feed_validate docs/forecast-schema.json "$WWW/offices/$OFFICE/forecast.json" ||
		fail "$1: forecast schema"
	daemon_stop
}
feed_closed 2026-12-29T10:00:00+09:00 state-year-end \
	'd["service"]["status"] == "Closed" and d["service"]["today"]["kind"] == "year_end" and d["service"]["today"]["hours"] == [] and d["service"]["next_opening"] == {"date": "2027-01-04", "open": "08:30", "close": "17:15", "closed_before": 6}' \
	'[(x["date"], x["open"]) for x in d["dates"]] == [("2026-12-29", False), ("2026-12-30", False), ("2026-12-31", False), ("2027-01-01", False), ("2027-01-02", False), ("2027-01-03", False), ("2027-01-04", True)] and d["dates"][6]["after_closure"] == {"closed_days": 6, "extra_days": 4, "factor": 1.85, "basis": "default"} and all(x["after_closure"] is None for x in d["dates"][:6])'
feed_closed 2027-01-11T10:00:00+09:00 state-holiday \
	'd["service"]["status"] == "Closed" and d["service"]["today"]["holiday"] == {"ja": "成人の日", "en": "Coming of Age Day"} and d["service"]["next_opening"]["date"] == "2027-01-12" and d["service"]["next_opening"]["closed_before"] == 3' \
	'd["dates"][0]["date"] == "2027-01-11" and not d["dates"][0]["open"] and d["dates"][1]["after_closure"] == {"closed_days": 3, "extra_days": 3, "factor": 1.64, "basis": "default"} and d["dates"][6]["date"] == "2027-01-17" and not d["dates"][6]["open"]'
echo "daemon.sh: ok"
