#!/bin/sh
# SPDX-License-Identifier: MIT
# A restart in the middle of an upload: the publisher is killed (SIGKILL)
# while the server holds its PUTs unanswered, then started again on the same
# spool. Numbering goes on where it stopped, the day is sent again whole, and
# every sample is on the server once and in order.
. tests/feed/lib.sh

feed_nginx_start
feed_pubtest_bg "$T/pub1.log" --duration 60 --history 1 --interval 5 --min-gap 1 --timeout 30
sleep 3
feed_mode slow
sleep 3 # uploads in flight, unanswered
grep -q "|PUT|/offices/$OFFICE/history/" "$T/access.log" || fail "no history upload before the kill"
kill -KILL "$PUB_PID"
wait "$PUB_PID" 2>/dev/null || true
PUB_PID=
feed_mode normal
before=$(feed_history_check 1 -1) || fail "history before the restart"

feed_pubtest_bg "$T/pub2.log" --duration 60 --drain 20 --history 1 --interval 5 --min-gap 1 --timeout 5 \
	--stop "$T/stop" --health "$T/health.json"
sleep 3
touch "$T/stop"
wait "$PUB_PID" || fail "publisher did not drain after the restart"
PUB_PID=
n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["last_seq"])' "$T/health.json")
rows=$(feed_history_check 1 "$n") || fail "history after the restart"
[ "$rows" -gt "$before" ] || fail "nothing new after the restart ($before then $rows)"
echo "history: $before rows before the kill, $rows after the restart: 1..$n once, in order"
echo "restart.sh: ok"
