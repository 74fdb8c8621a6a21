#!/bin/sh
# SPDX-License-Identifier: MIT
# The ticket printer over raw TCP (port 9100 style) against the test printer
# (tests/printer/fakeprinter.py): a kiosk ticket and a GPIO button's ticket
# come out on paper, read back with tesseract and zbarimg; paper out shows in
# /v1/status and on the sign and goes away when fixed; a printer that stops
# in the middle of a ticket holds up no API call, and the next ticket prints
# once it is back. The first ticket is copied to build/screenshots/ticket.png.
. "$(dirname "$0")/../daemon/lib.sh"
. tests/printer/lib.sh

start_fake tcp
printer_conf "host = $FAKE_ADDR"
start_daemon
start_printer
wait_for "printer reported" .printer.state '"ok"'

# A long queue of B, issued without printing (a ticket machine with its own
# printer): the wait is long enough for the "you may go out" line.
for i in $(seq 1 20); do
	req POST /v1/tickets '{"category":"B","print":false}' >/dev/null
done
expect "print false: no job" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/printer/jobs/B-001")" 404

# The kiosk issues B-021 for an English-speaking visitor.
expect "kiosk ticket" "$(kiosk_ticket B en)" 201
expect "ticket number" "$(jq -r .ticket "$TMP/ticket")" B-021
away=$(jq -r .print.away_until "$TMP/ticket")
[ "$away" != null ] || fail "a long wait has no away_until: $(cat "$TMP/ticket")"
wait_job B-021 printed
expect "one ticket on paper" "$(decode 1 kiosk)" 1
grep -q ' 576x[0-9]* partial$' "$TMP/kiosk.list" || fail "576 dots wide, partial cut: $(cat "$TMP/kiosk.list")"
read_ticket "$TMP/kiosk-1.png"
want_read "$TMP/kiosk-1.png" 'B-021' '住所変更' 'Changeofaddress' 'お待ちの方20人' \
	'約[0-9]+.{1,2}[0-9]+分' "${away}ごろまでお呼び|before${away}" 'Peoplewaiting:20' \
	'番号札はお呼びするまでお持ち'
expect "QR code" "$(cat "$TMP/kiosk-1.png.qr")" "$PAGE_URL&ticket=B-021"
mkdir -p build/screenshots
cp "$TMP/kiosk-1.png" build/screenshots/ticket.png

# A GPIO ticket button prints through the same path.
echo "press ticket A" >"$TMP/state/sensors.cmd"
wait_for "button ticket" '.categories[0].last_issued' '"A-001"'
wait_job A-001 printed
expect "two tickets on paper" "$(decode 1 button)" 2
read_qr "$TMP/button-2.png"
expect "button ticket's QR code" "$(cat "$TMP/button-2.png.qr")" "$PAGE_URL&ticket=A-001"

# Out of paper: in /v1/status and on the sign's ticker; the ticket is still issued.
fake_mode paper_out
wait_for "paper out" '[.printer.state, .printer.problems]' '["fault",["paper_out"]]'
expect "ticket without paper" "$(kiosk_ticket A)" 201
expect "its print failed" "$(jq -c '[.ticket, .print.state, .print.problem]' "$TMP/ticket")" \
	'["A-002","failed","paper_out"]'
wait_for "the ticket exists" '.categories[0].last_issued' '"A-002"'
curl -s "$URL/v1/status" >"$TMP/status.json"
SDL_VIDEODRIVER=offscreen "$BUILD/machiai-display" --source "$TMP/status.json" --size 1280x720 \
	--now 2026-11-23T09:00:00+09:00 \
	--screenshot "$TMP/sign.png" >/dev/null 2>&1 || fail "sign screenshot"
tesseract "$TMP/sign.png" "$TMP/sign" -l jpn --psm 3 >/dev/null 2>&1
tr -d ' \n' <"$TMP/sign.txt" | grep -q '用紙がありません' ||
	fail "sign ticker: paper out not read: $(tr -d ' \n' <"$TMP/sign.txt")"
fake_mode ok
wait_for "paper back" '[.printer.state, .printer.problems]' '["ok",[]]'

# The printer stops in the middle of a ticket: the API goes on answering.
fake_mode hang_mid
expect "ticket to a hanging printer" "$(kiosk_ticket A)" 201
wait_hung
for i in $(seq 1 5); do
	code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$URL/v1/status")
	expect "status while the printer hangs ($i)" "$code" 200
	code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
		-d '{"category":"B","print":false}' "$URL/v1/tickets")
	expect "ticket while the printer hangs ($i)" "$code" 201
done
wait_job A-003 failed
expect "why" "$(curl -s "$URL/v1/printer/jobs/A-003" | jq -r .problem)" unreachable
wait_for "printer unreachable" '.printer.problems' '["unreachable"]'
fake_mode ok
wait_for "printer back" '.printer.state' '"ok"'
expect "ticket after the hang" "$(kiosk_ticket A)" 201
wait_job A-004 printed
last=$(ls "$FAKE"/conn-*.bin | sed 's/.*conn-\([0-9]*\).bin/\1/' | sort -n | tail -n 1)
[ "$last" -gt 1 ] || fail "no new connection after the printer came back"
expect "one ticket on the new connection" "$(decode "$last" after)" 1
read_qr "$TMP/after-1.png"
expect "QR code after the hang" "$(cat "$TMP/after-1.png.qr")" "$PAGE_URL&ticket=A-004"
grep -q 'printer: A-003 cut off' "$TMP/printer.log" || fail "no cut-off ticket in the log"

stop_daemon
finish
