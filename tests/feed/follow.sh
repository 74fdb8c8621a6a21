#!/bin/sh
# SPDX-License-Identifier: MIT
# Following a ticket from anywhere: the real machiaid (on a simulated clock)
# publishes to the test nginx, and the residents' page in headless Chromium
# follows ticket A-008 at 360 px: the band the API gave when it was issued
# (the one printed) is the one the feed gives, so are the count ahead,
# the count dropping after calls, the alert banner and the Notification at 5
# ahead and when called, the no-show advice, every language without missing
# text or horizontal scroll, and the stale mark once the daemon is gone.
# Screenshots go to $BUILD/screenshots/.
. tests/feed/lib.sh
MACHIAID=$BUILD/machiaid
[ -x "$MACHIAID" ] || fail "$MACHIAID is not built"
tests/browser/setup.sh
SHOTS=$ROOT/$BUILD/screenshots
mkdir -p "$SHOTS"
API_TOKEN=test-token-0123456789
OFFICE=$(sed -n 's/^id *= *//p' tests/daemon/test.conf | head -n 1)
{
	cat tests/daemon/test.conf
	printf '\n[feed]\nurl = %s\ntoken = %s\nhmac_key = %s\nca_file = %s\n' \
		"$FEED" "$TOKEN" "$KEY" "$T/ca.pem"
	printf 'interval = 10\nmin_gap = 1\nhistory_interval = 300\n'
	# With a kiosk, the issue answer carries the print job's band: the printed one.
	printf '\n[kiosk]\ntoken = kiosk-token-0123456789\n'
} >"$T/machiai.conf"

DPID=
stop_all() { [ -n "$DPID" ] && kill "$DPID" 2>/dev/null; true; }
FEED_CLEANUP_EXTRA=stop_all

feed_nginx_start
: >"$T/machiaid.log"
# A Monday at 10:00, office time running as real time: the browser's clock is
# set to the daemon's.
"$MACHIAID" --config "$T/machiai.conf" --state-dir "$T/state" --listen 127.0.0.1:0 \
	--clock-start 2026-11-23T10:00:00+09:00 --clock-speed 1 2>>"$T/machiaid.log" &
DPID=$!
i=0
until grep -q 'api on port' "$T/machiaid.log"; do
	i=$((i + 1))
	[ $i -gt 200 ] && fail "machiaid did not start"
	sleep 0.05
done
API=http://127.0.0.1:$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$T/machiaid.log" | tail -n 1)

# The browser drives the office through this helper: follow.js runs
# "sh $T/office.sh ACTION ARGS".
printf 'API=%s\nAPI_TOKEN=%s\nDPID=%s\n' "$API" "$API_TOKEN" "$DPID" >"$T/office.env"
cat >"$T/office.sh" <<'SH'
#!/bin/sh
set -eu
. "$(dirname "$0")/office.env"
post() {
	curl -sf -o /dev/null -X POST -H "Authorization: Bearer $API_TOKEN" \
		-H 'Content-Type: application/json' --data "$2" "$API$1"
}
case "$1" in
issue)
	for _ in $(seq "$2"); do
		curl -sf -o "$(dirname "$0")/issued.json" -X POST -H "Authorization: Bearer $API_TOKEN" \
			-H 'Content-Type: application/json' --data '{"category":"A"}' "$API/v1/tickets"
	done
	;;
call) if [ $# -ge 3 ]; then post "/v1/windows/$2/call" "{\"ticket\":\"$3\"}"; else post "/v1/windows/$2/call" '{}'; fi ;;
no-show) post "/v1/windows/$2/no-show" '{}' ;;
stop) kill -TERM "$DPID" ;;
esac
SH

sh "$T/office.sh" issue 8 || fail "tickets not issued"
NODE_PATH="$ROOT/tests/browser/node_modules" node tests/feed/follow.js "$FEED" \
	"$WWW/offices/$OFFICE/status.json" "$T/office.sh" "$SHOTS" "$OFFICE" ||
	fail "ticket view"
wait "$DPID" 2>/dev/null || true
DPID=
feed_validate docs/feed-schema.json "$WWW/offices/$OFFICE/status.json" || fail "schema"
echo "follow.sh: ok"
