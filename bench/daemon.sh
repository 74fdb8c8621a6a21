#!/bin/sh
# SPDX-License-Identifier: MIT
# machiaid figures: RSS after a 500-ticket day, request latency at about
# 200 req/s (wrk with a fixed per-connection delay: Debian's wrk has no rate
# option), and stream fan-out to 50 clients. Prints figures; targets are
# RSS <= 8 MB and p99 <= 5 ms for GET /v1/status.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
TOKEN=test-token-0123456789
TMP=$(mktemp -d /tmp/machiaid-bench.XXXXXX)
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

"$BUILD/machiaid" --config tests/daemon/test.conf --state-dir "$TMP/state" --listen 127.0.0.1:0 \
	--clock-start 2026-11-23T08:30:00+09:00 --clock-speed 10 2>"$TMP/log" &
PID=$!
i=0
until grep -q 'api on port' "$TMP/log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 200 ] && { cat "$TMP/log"; exit 1; }
	sleep 0.05
done
PORT=$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$TMP/log" | head -n 1)
URL=http://127.0.0.1:$PORT
AUTH="Authorization: Bearer $TOKEN"

echo "== a 500-ticket day (tickets, calls, done and no-shows at three windows)"
curl -s -o /dev/null -X PUT -H "$AUTH" -d '{"open":true}' "$URL/v1/windows/3"
n=0
while [ $n -lt 50 ]; do
	for c in A A B A B A A B A A; do
		curl -s -o /dev/null -H "$AUTH" -d "{\"category\":\"$c\"}" "$URL/v1/tickets"
	done
	for w in 1 2 3 1 2 3 1 2; do
		curl -s -o /dev/null -H "$AUTH" -X POST "$URL/v1/windows/$w/call"
	done
	curl -s -o /dev/null -H "$AUTH" -X POST "$URL/v1/windows/3/no-show"
	n=$((n + 1))
done
issued=$(curl -s "$URL/v1/status" | jq '[.categories[].last_issued | sub("^[A-Z]-0*"; "") | tonumber] | add')
echo "tickets issued: $issued; events: $(curl -s "$URL/v1/status" | jq .seq)"
grep -E '^(Vm(RSS|HWM)|Rss(Anon|File))' "/proc/$PID/status" | tr -s ' \t' ' ' | sed 's/^/machiaid /'

echo "== cost of the wait bands: GET /v1/status just after a change (bands recomputed) vs. cached"
waiting=$(curl -s "$URL/v1/status" | jq -c '[.categories[].waiting]')
after=""
cached=""
for k in $(seq 1 20); do
	curl -s -o /dev/null -X PUT -H "$AUTH" -d "{\"ja\":\"$k\"}" "$URL/v1/notice"
	after="$after $(curl -s -o /dev/null -w '%{time_total}' "$URL/v1/status")"
	cached="$cached $(curl -s -o /dev/null -w '%{time_total}' "$URL/v1/status")"
done
med() { echo "$1" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {printf "%.2f ms", a[int((NR+1)/2)]*1000}'; }
echo "waiting per category $waiting: after a change $(med "$after") median, cached $(med "$cached") median (20 each, curl time_total)"

echo "== GET /v1/status at about 200 req/s: wrk -t2 -c10 -d20s, 50 ms between requests per connection"
DELAY_MS=50 wrk -t2 -c10 -d20s --latency -s bench/daemon-rate.lua "$URL/v1/status" |
	grep -E 'Latency|50%|90%|99%|Requests/sec|requests in|Non-2xx'

echo "== GET /healthz at about 200 req/s (the HTTP path without the document)"
DELAY_MS=50 wrk -t2 -c10 -d10s --latency -s bench/daemon-rate.lua "$URL/healthz" |
	grep -E '50%|99%|Requests/sec'

echo "== POST /v1/tickets at about 100 req/s (each write: journal append + fdatasync)"
METHOD=POST BODY='{"category":"B"}' TOKEN=$TOKEN DELAY_MS=50 \
	wrk -t1 -c5 -d10s --latency -s bench/daemon-rate.lua "$URL/v1/tickets" |
	grep -E '50%|99%|Requests/sec|Non-2xx'

echo "== stream fan-out to 50 clients"
tests/browser/setup.sh >/dev/null
node bench/daemon-fanout.js "$URL" "$TOKEN" 50 100
grep -E '^VmRSS' "/proc/$PID/status" | tr -s ' \t' ' ' | sed 's/^/machiaid after the benchmark, /'
