#!/bin/sh
# SPDX-License-Identifier: MIT
# The feed of a busy office: 300 tickets waiting over 6 categories at 10
# windows, published by the real machiaid to the test nginx.
#  1. status.json bytes, raw and gzip'ed (-6, as a web server sends it, and
#     -9); target: the budget of docs/feed.md, 8,192 + 64 per waiting ticket
#  2. POST /v1/tickets latency (p50, p99 over the 300) with the feed on (every
#     waiting ticket listed with its band) and with no feed at all; BASE=path
#     to another machiaid adds a run of that one with the feed (the daemon
#     before per-ticket bands, for comparison)
# Exits 1 when the size target is missed. Usage: BUILD=build bench/follow.sh
. tests/feed/lib.sh
MACHIAID=$BUILD/machiaid
API_TOKEN=bench-token-0123456789
OFFICE=131016-0300

{
	printf '[office]\nid = %s\nname = ベンチ区役所 区民課\nname.en = Bench Ward Office\n' "$OFFICE"
	printf 'timezone = +09:00\nlanguages = ja, en\n\n[hours]\n'
	for d in mon tue wed thu fri sat sun; do printf '%s = 08:30-17:15\n' "$d"; done
	i=0
	for c in A B C D E F; do
		i=$((i + 1))
		printf '\n[category %s]\nname = 手続き%s\nname.en = Service %s\nprefix = %s-\n' "$c" "$c" "$c" "$c"
		printf 'digits = 3\nfirst = 1\nlast = 999\nservice_minutes = %d\n' $((4 + 2 * i))
	done
	for w in 1 2 3 4 5 6 7 8 9 10; do
		case $w in
		1 | 2 | 3) cats="A, B" ;;
		4 | 5) cats="C, D" ;;
		6 | 7) cats="E" ;;
		8) cats="F, A" ;;
		*) cats="B, C, D, E, F" ;;
		esac
		printf '\n[window %s]\nlabel = %s番窓口\nlabel.en = Window %s\ncategories = %s\nrule = fifo\n' \
			"$w" "$w" "$w" "$cats"
	done
	printf '\n[api]\nlisten = 127.0.0.1:8080\ntoken = %s\nstate_dir = /nonexistent\n' "$API_TOKEN"
} >"$T/plain.conf"
{
	cat "$T/plain.conf"
	printf '\n[feed]\nurl = %s\ntoken = %s\nhmac_key = %s\nca_file = %s\n' \
		"$FEED" "$TOKEN" "$KEY" "$T/ca.pem"
	printf 'interval = 60\nmin_gap = 3\nhistory_interval = 300\n'
} >"$T/feed.conf"
"$MACHIAID" --check-config "$T/feed.conf" >/dev/null || fail "bench config refused"

DPID=
stop_all() { [ -n "$DPID" ] && kill "$DPID" 2>/dev/null; true; }
FEED_CLEANUP_EXTRA=stop_all

# run NAME BINARY CONFIG: issue 300 tickets (50 per category, round robin),
# each timed; prints p50 and p99 and leaves the daemon running.
run() {
	rm -rf "$T/state" "$WWW/offices"
	log="$T/run-$(echo "$1" | tr -c "a-z0-9\n" "-").log"
	: >"$log"
	"$2" --config "$3" --state-dir "$T/state" --listen 127.0.0.1:0 \
		--clock-start 2026-11-23T09:00:00+09:00 --clock-speed 1 2>>"$log" &
	DPID=$!
	i=0
	until grep -q 'api on port' "$log"; do
		i=$((i + 1))
		[ $i -gt 200 ] && fail "machiaid did not start"
		sleep 0.05
	done
	api=http://127.0.0.1:$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	for k in $(seq 50); do
		for c in A B C D E F; do
			curl -s -o /dev/null -w '%{time_total}\n' -X POST \
				-H "Authorization: Bearer $API_TOKEN" -H 'Content-Type: application/json' \
				--data "{\"category\":\"$c\"}" "$api/v1/tickets"
		done
	done >"$log.times"
	sort -n "$log.times" | awk -v name="$1" '{a[NR] = $1 * 1000}
		END {printf "%s: POST /v1/tickets, %d requests: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
		name, NR, a[int(NR * 0.5 + 0.5)], a[int(NR * 0.99 + 0.5)], a[NR]}'
}
stop() {
	kill -TERM "$DPID"
	wait "$DPID" 2>/dev/null || true
	DPID=
}

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) cores"
feed_nginx_start
run "no feed" "$MACHIAID" "$T/plain.conf"
stop
run "feed, each waiting ticket with its band" "$MACHIAID" "$T/feed.conf"
D=$WWW/offices/$OFFICE
i=0
until [ -s "$D/status.json" ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if sum(len(c["queue"]) for c in d["categories"]) == 300 else 1)' "$D/status.json"; do
	i=$((i + 1))
	[ $i -gt 150 ] && fail "status.json never listed 300 waiting"
	sleep 0.1
done
stop
cp "$D/status.json" "$T/status-300.json"
if [ -n "${BASE:-}" ]; then
	run "feed, base daemon ($BASE)" "$BASE" "$T/feed.conf"
	stop
fi

echo "== status.json with 300 waiting, 6 categories, 10 windows"
feed_validate docs/feed-schema.json "$T/status-300.json" >/dev/null || fail "status.json invalid"
size=$(wc -c <"$T/status-300.json")
gz6=$(gzip -6 -c "$T/status-300.json" | wc -c)
gz9=$(gzip -9 -c "$T/status-300.json" | wc -c)
banded=$(python3 -c 'import json, sys; print(sum(1 for c in json.load(open(sys.argv[1]))["categories"] for q in c["queue"] if q["median"] is not None))' "$T/status-300.json")
budget=$((8192 + 64 * 300))
echo "raw $size bytes, gzip -6 $gz6 bytes, gzip -9 $gz9 bytes; $banded of 300 with a band; budget $budget raw"
[ "$size" -le "$budget" ] || { echo "bench/follow.sh: missed: $size > $budget bytes"; exit 1; }
echo "bench/follow.sh: within budget"
