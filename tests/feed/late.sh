#!/bin/sh
# SPDX-License-Identifier: MIT
# A daemon restart that spans a history sample time: the missed sample is
# taken at start, its 取得日時 says when, and it reaches the server in order
# with the others. (Simulated clock, a sample a minute.)
. tests/feed/lib.sh
MACHIAID=$BUILD/machiaid
[ -x "$MACHIAID" ] || fail "$MACHIAID is not built"
OFFICE=$(sed -n 's/^id *= *//p' tests/daemon/test.conf | head -n 1)
{
	cat tests/daemon/test.conf
	printf '\n[feed]\nurl = %s\ntoken = %s\nhmac_key = %s\nca_file = %s\n' \
		"$FEED" "$TOKEN" "$KEY" "$T/ca.pem"
	printf 'interval = 10\nmin_gap = 1\nhistory_interval = 60\n'
} >"$T/machiai.conf"

DPID=
stop_all() { [ -n "$DPID" ] && kill "$DPID" 2>/dev/null; true; }
FEED_CLEANUP_EXTRA=stop_all
SPOOL=$T/state/feed/history-2026-11-23.csv

# daemon START SPEED: machiaid on a clock starting at START (09:MM:SS).
daemon() {
	before=$(grep -c 'api on port' "$T/machiaid.log" 2>/dev/null || true)
	"$MACHIAID" --config "$T/machiai.conf" --state-dir "$T/state" --listen 127.0.0.1:0 \
		--clock-start "2026-11-23T$1+09:00" --clock-speed "$2" 2>>"$T/machiaid.log" &
	DPID=$!
	i=0
	while [ "$(grep -c 'api on port' "$T/machiaid.log" 2>/dev/null || true)" -le "${before:-0}" ]; do
		i=$((i + 1))
		[ $i -gt 200 ] && fail "machiaid did not start"
		sleep 0.05
	done
}
daemon_stop() {
	kill -TERM "$DPID"
	wait "$DPID" || fail "machiaid exited $? on SIGTERM"
	DPID=
}
# wait_rows N: until the spool holds N rows.
wait_rows() {
	i=0
	until [ -f "$SPOOL" ] && [ "$(wc -l <"$SPOOL")" -ge "$1" ]; do
		i=$((i + 1))
		[ $i -gt 300 ] && fail "the spool has not $1 rows: $(cat "$SPOOL" 2>/dev/null)"
		sleep 0.05
	done
}

feed_nginx_start
# 09:00:50 at ten times real time: the 09:01 sample comes after a real second.
daemon 09:00:50 10
wait_rows 1
daemon_stop
# Stopped over 09:02: started again at 09:02:20, the 09:02 sample is taken at once.
daemon 09:02:20 1
wait_rows 2
daemon_stop
python3 - "$SPOOL" <<'PY' || fail "the late sample"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert [r[0] for r in rows] == ["1", "2"], rows
assert rows[0][2] == "2026-11-23T09:01:00+09:00" and rows[0][11] == "", rows[0]
assert rows[1][2] == "2026-11-23T09:02:00+09:00", rows[1]
# taken at start, at 09:02:20 and a little: said in 取得日時
assert "2026-11-23T09:02:20+09:00" <= rows[1][11] < "2026-11-23T09:02:30+09:00", rows[1]
print(f"late sample: {rows[1][2]} taken {rows[1][11]}")
PY
# A restart within the same sample period takes no sample: none was missed.
daemon 09:02:40 1
sleep 1
daemon_stop
[ "$(wc -l <"$SPOOL")" -eq 2 ] || fail "a sample taken though none was missed: $(cat "$SPOOL")"

# Once more until the server holds both rows, in order, the late one marked.
daemon 09:02:45 1
i=0
until [ -f "$T/state/feed/history-2026-11-23.acked" ] &&
	[ "$(cat "$T/state/feed/history-2026-11-23.acked")" -eq "$(wc -c <"$SPOOL")" ]; do
	i=$((i + 1))
	[ $i -gt 200 ] && fail "the spool did not drain"
	sleep 0.05
done
daemon_stop
feed_history_check 1 2 >/dev/null || fail "history on the server"
grep -q '^2,.*,2026-11-23T09:02:2[0-9]+09:00' "$WWW/offices/$OFFICE/history/2026-11-23.csv" ||
	fail "the server's row 2 is not marked late"
echo "late.sh: ok"
