#!/bin/sh
# SPDX-License-Identifier: MIT
# Zero loss through failures: nginx stopped and restarted, 500s, a server
# that never answers, a wrong token. Every history sample (one a second)
# must reach the server exactly once and in order; each kind of error is
# logged once per file, not at every retry; the status document lands again.
. tests/feed/lib.sh

feed_nginx_start
feed_pubtest_bg "$T/pub.log" --duration 120 --drain 25 --history 1 --interval 5 --min-gap 1 --timeout 2 \
	--backoff-cap 2 --stop "$T/stop" --health "$T/health.json"

phase() { # $1 = seconds, $2 = what
	echo "phase: $2 for $1 s"
	sleep "$1"
}
phase 3 normal
feed_nginx_stop
phase 6 "nginx stopped"
feed_nginx_start
phase 3 "nginx back"
feed_mode 500
phase 5 "HTTP 500"
feed_mode normal
phase 3 normal
feed_mode slow
phase 6 "no answer"
feed_mode normal
phase 3 normal
feed_token wrong-token
feed_reload
phase 5 "wrong token"
feed_token "$TOKEN"
feed_reload
phase 2 normal
touch "$T/stop"
wait "$PUB_PID" || fail "publisher did not drain"
PUB_PID=

n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["last_seq"])' "$T/health.json")
rows=$(feed_history_check 1 "$n") || fail "history"
echo "history: $rows samples taken, $rows rows on the server, in order, no duplicates"

# Each kind of failure was really met, and logged once per file.
for pat in "Couldn't connect" "HTTP 500" "Timeout was reached" "HTTP 401"; do
	got=$(grep -c "history: $pat" "$T/pub.log" || true)
	[ "$got" -ge 1 ] || fail "history: no '$pat' logged"
	[ "$got" -le 2 ] || fail "history: '$pat' logged $got times"
done
retries=$(grep -c '|PUT|/offices/.*/history/.*|500|' "$T/access.log" || true)
[ "$retries" -ge 2 ] || fail "only $retries history PUTs got a 500: no retries"
grep -q "history: delivered again" "$T/pub.log" || fail "recovery not logged"

# The last status PUT carries the current document and was accepted.
tail -n 20 "$T/access.log" | grep -q "|PUT|/offices/$OFFICE/status.json|20[0-9]|" ||
	fail "status.json not published after the failures"
python3 - "$T/health.json" <<'PY' || fail "health after recovery"
import json, sys
h = json.load(open(sys.argv[1]))
assert h["ok"] and h["pending_rows"] == 0 and h["held_samples"] == 0, h
PY
echo "outage.sh: ok"
