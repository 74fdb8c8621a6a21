#!/bin/sh
# SPDX-License-Identifier: MIT
# The kiosk page in headless Chromium (tests/printer/kiosk.js) with the real
# daemon, machiai-printer and the test printer; then the kiosk's token against
# every write it must not make; then the kiosk after closing time. First:
# machiaid will not open the example kiosk token to the network.
# Screenshots go to build/screenshots/.
. "$(dirname "$0")/../daemon/lib.sh"
. tests/printer/lib.sh

# The example kiosk token with --listen on all interfaces: refused, saying why.
sed 's/^token = machiai-demo-token-change-me$/token = a-token-of-this-office-0123/' \
	machiai.conf.example >"$TMP/example.conf"
rc=0
timeout 10 "$MACHIAID" --config "$TMP/example.conf" --state-dir "$TMP/example" \
	--listen 0.0.0.0:0 --clock-start "$CLOCK_START" >"$TMP/example.out" 2>&1 || rc=$?
expect "example kiosk token on 0.0.0.0: exit" "$rc" 1
grep -q 'not started: \[kiosk\] token is still the example token.*--listen 0.0.0.0:0' \
	"$TMP/example.out" || fail "example kiosk token on 0.0.0.0: no reason given: $(cat "$TMP/example.out")"

tests/browser/setup.sh
start_fake tcp
printer_conf "host = $FAKE_ADDR"
start_daemon
start_printer
wait_for "printer reported" .printer.state '"ok"'
mkdir -p build/screenshots
NODE_PATH=tests/browser/node_modules timeout 120 node tests/printer/kiosk.js "$URL" build/screenshots \
	"$KIOSK_TOKEN" "$TOKEN" "$FAKE" || fail "kiosk page"

# kwrite METHOD PATH BODY: a write with the kiosk's token; prints the HTTP status.
kwrite() {
	curl -s -o "$TMP/kbody" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $KIOSK_TOKEN" \
		-H 'Content-Type: application/json' --data-binary "$3" "$URL$2"
}
req POST /v1/tickets '{"category":"A"}' >/dev/null
# The printer takes the new ticket's job in its own time: the snapshot waits for it.
wait_for "ticket printed" .printer.queued 0
before=$(status_stable)
for w in 'POST /v1/windows/1/call {}' 'POST /v1/windows/1/recall {}' 'POST /v1/windows/1/serve {}' \
	'POST /v1/windows/1/done {}' 'POST /v1/windows/1/no-show {}' 'PUT /v1/windows/1 {"open":false}' \
	'PUT /v1/notice {"ja":"x"}' 'PUT /v1/service {"status":"suspended"}' \
	'POST /v1/reservations {"id":"R-1","category":"A","slot_start":"2026-11-23T10:00:00+09:00","slot_end":"2026-11-23T10:30:00+09:00"}' \
	'PUT /v1/printer {"problems":[]}' 'POST /v1/printer/jobs/A-001/result {"result":"failed"}' \
	'PUT /v1/kiosk/help {"requested":false}' 'POST /v1/tickets {"reservation":"R-1"}' \
	'POST /v1/tickets {"category":"A","print":false}'; do
	set -- $w
	expect "kiosk token: $1 $2" "$(kwrite "$1" "$2" "$3")" 403
	expect "kiosk token: $1 $2: error" "$(jq -r .error "$TMP/kbody")" forbidden
done
expect "nothing changed" "$(status_stable)" "$before"
expect "the kiosk may issue a ticket" "$(kwrite POST /v1/tickets '{"category":"B"}')" 201
expect "the kiosk may call for staff" "$(kwrite PUT /v1/kiosk/help '{"requested":true}')" 200
expect "a wrong token" "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer kiosk-token-012345678X' -d '{"category":"A"}' "$URL/v1/tickets")" 401
expect "the kiosk's token cannot check itself as staff's" "$(kwrite GET /v1/auth '')" 403

# After closing time, with only B on the kiosk: the kiosk says reception has
# ended and issues nothing; its token may not issue A at all.
stop_daemon
sed -i "s/^token = $KIOSK_TOKEN\$/&\ncategories = B/" "$CONF"
CLOCK_START=2026-11-23T17:30:00+09:00
start_daemon
expect "the kiosk's categories" "$(curl -s "$URL/v1/kiosk" | jq -c '[.categories[].id]')" '["B"]'
expect "A is not on the kiosk" "$(kwrite POST /v1/tickets '{"category":"A"}')" 403
expect "A is not on the kiosk: why" "$(jq -r .message "$TMP/kbody")" \
	'$.category: A is not on the kiosk ([kiosk] categories)'
NODE_PATH=tests/browser/node_modules timeout 120 node tests/printer/kiosk.js --closed "$URL" \
	build/screenshots "$KIOSK_TOKEN" || fail "kiosk page after closing time"
expect "no ticket after closing time" "$(kwrite POST /v1/tickets '{"category":"B"}')" 409
expect "why" "$(jq -r .error "$TMP/kbody")" day_closed
stop_daemon
finish
