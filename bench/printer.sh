#!/bin/sh
# SPDX-License-Identifier: MIT
# The API while the ticket printer hangs: machiaid, machiai-printer and the
# test printer (tests/printer/fakeprinter.py) on loopback TCP. The API's
# latency with the printer answering, then with it stopped in the middle of
# a ticket (machiai-printer stuck in its write, [printer] timeout 60 s, for the
# whole measurement); then how soon the next ticket prints once it is back.
# Target: GET /v1/status p99 <= 5 ms in both (the daemon's own target).
. "$(dirname "$0")/../tests/daemon/lib.sh"
. tests/printer/lib.sh

start_fake tcp
printer_conf "host = $FAKE_ADDR" "timeout = 60"
sed -i '/^timeout = 2$/d' "$CONF"
start_daemon
start_printer
wait_for "printer reported" .printer.state '"ok"'
[ "$FAILS" = 0 ] || exit 1

# measure LABEL: wrk on GET /v1/status (~200 req/s), then on a write that does
# not lengthen the queue (PUT /v1/notice, ~50 req/s: journal append, fdatasync,
# a document to every stream client), so that both phases see the same office.
measure() {
	echo "== $1: GET /v1/status, wrk -t2 -c10 -d10s, 50 ms between requests per connection"
	DELAY_MS=50 wrk -t2 -c10 -d10s --latency -s bench/daemon-rate.lua "$URL/v1/status" |
		tee "$TMP/wrk-$1" | grep -E '50%|90%|99%|Requests/sec|Non-2xx'
	echo "== $1: PUT /v1/notice, wrk -t1 -c3 -d5s, 50 ms between requests per connection"
	METHOD=PUT BODY='{"ja":"x"}' TOKEN=$TOKEN DELAY_MS=50 \
		wrk -t1 -c3 -d5s --latency -s bench/daemon-rate.lua "$URL/v1/notice" |
		grep -E '50%|99%|Requests/sec|Non-2xx'
}
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else v = v * 1000; print v }' "$1"; }

echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure answering
fake_mode hang_mid
expect "ticket to the printer that will hang" "$(kiosk_ticket A)" 201
wait_hung
measure hanging
expect "machiai-printer still stuck in the ticket" \
	"$(curl -s "$URL/v1/printer/jobs/A-001" | jq -r .state)" queued
grep -q 'cut off' "$TMP/printer.log" && fail "the write gave up during the measurement"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

t0=$(date +%s%N)
fake_mode ok
wait_for "printer back" .printer.state '"ok"'
t1=$(date +%s%N)
expect "ticket once the printer is back" "$(kiosk_ticket A)" 201
wait_job A-002 printed
t2=$(date +%s%N)
echo "== back: reported ok $(( (t1 - t0) / 1000000 )) ms after the printer came back" \
	"(machiai-printer asks every 2 s); the next ticket printed $(( (t2 - t1) / 1000000 )) ms after issue" \
	"($(curl -s "$URL/v1/printer/jobs/A-001" | jq -r '.state + " " + .problem') for the cut-off one)"

a=$(p99 "$TMP/wrk-answering")
h=$(p99 "$TMP/wrk-hanging")
echo "GET /v1/status p99: $a ms answering, $h ms hanging (target <= 5 ms)"
awk -v a="$a" -v h="$h" 'BEGIN { exit !(a <= 5 && h <= 5) }' || fail "p99 over 5 ms"
stop_daemon
finish
