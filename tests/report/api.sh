#!/bin/sh
# SPDX-License-Identifier: MIT
# GET /v1/report: the staff's token only, the same figures as machiai-report
# from the same journals, CSV for Excel, errors that say what is wrong; and
# the ticket line keeps the band the sign showed.
. "$(dirname "$0")/../daemon/lib.sh"
CONF=machiai.conf.example
TOKEN=machiai-demo-token-change-me
KIOSK=machiai-demo-kiosk-token-change-me
CLOCK_START=2026-11-26T09:00:00+09:00

# Two simulated days of this office before today.
mkdir -p "$TMP/state"
"$BUILD/machiai-sim" --scenario sim/scenarios/demo.json --days 2 --seed 9 --journal "$TMP/state" \
	--band-every 3 >/dev/null
start_daemon

code=$(curl -s -o "$TMP/b" -w '%{http_code}' "$URL/v1/report?from=2026-11-24&to=2026-11-25")
expect "no token" "$code $(jq -r .error "$TMP/b")" "401 unauthorized"
code=$(curl -s -o "$TMP/b" -w '%{http_code}' -H "Authorization: Bearer $KIOSK" \
	"$URL/v1/report?from=2026-11-24&to=2026-11-25")
expect "the kiosk's token" "$code $(jq -r .message "$TMP/b")" \
	"403 the statistics need the staff's token, not the kiosk's"
expect "bad date" "$(req GET '/v1/report?from=2026-11-31&to=2026-12-01' | cut -c1-3) $(jq -r .message "$TMP/body")" \
	"400 from: expected a date YYYY-MM-DD"
expect "no to" "$(req GET '/v1/report?from=2026-11-24' | cut -c1-3) $(jq -r .message "$TMP/body")" \
	"400 to: expected a date YYYY-MM-DD"
expect "backwards" "$(req GET '/v1/report?from=2026-11-25&to=2026-11-24' | cut -c1-3) $(jq -r .message "$TMP/body")" \
	"400 the range ends before it starts"
expect "bad table" "$(req GET '/v1/report?from=2026-11-24&to=2026-11-25&format=csv&table=people' | cut -c1-3)" 400
expect "bad format" "$(req GET '/v1/report?from=2026-11-24&to=2026-11-25&format=xls' | cut -c1-3) $(jq -r .message "$TMP/body")" \
	"400 format: expected json or csv"
expect "POST" "$(req POST '/v1/report' '{}' | cut -c1-3)" 405

# The API and the command give the same document.
curl -s -D "$TMP/h" -H "Authorization: Bearer $TOKEN" "$URL/v1/report?from=2026-11-24&to=2026-11-25" >"$TMP/api.json"
grep -qi '^content-type: application/json' "$TMP/h" || fail "JSON type: $(cat "$TMP/h")"
"$BUILD/machiai-report" --state-dir "$TMP/state" --config "$CONF" --from 2026-11-24 --to 2026-11-25 \
	--json >"$TMP/cli.json"
[ "$(jq -S . "$TMP/api.json")" = "$(jq -S . "$TMP/cli.json")" ] ||
	fail "API and CLI differ: $(jq -c .total "$TMP/api.json") vs $(jq -c .total "$TMP/cli.json")"
tests/browser/setup.sh
NODE_PATH=tests/browser/node_modules node tests/feed/validate.js docs/report-schema.json "$TMP/api.json" >/dev/null ||
	fail "the report does not follow docs/report-schema.json"
jq -e '.days_reported == 2 and .total.issued > 400 and .total.band.n > 50' "$TMP/api.json" >/dev/null ||
	fail "the report is empty: $(jq -c .total "$TMP/api.json")"
for t in summary categories windows half_hours days week skipped; do
	curl -s -D "$TMP/h" -H "Authorization: Bearer $TOKEN" \
		"$URL/v1/report?from=2026-11-24&to=2026-11-25&format=csv&table=$t" >"$TMP/api.csv"
	"$BUILD/machiai-report" --state-dir "$TMP/state" --config "$CONF" --from 2026-11-24 \
		--to 2026-11-25 --csv $t >"$TMP/cli.csv"
	cmp -s "$TMP/api.csv" "$TMP/cli.csv" || fail "CSV $t differs between API and CLI"
	grep -qi '^content-type: text/csv; charset=utf-8' "$TMP/h" || fail "CSV type"
	grep -qi "^content-disposition: attachment; filename=\"machiai-$t-2026-11-24-2026-11-25.csv\"" "$TMP/h" ||
		fail "CSV file name: $(cat "$TMP/h")"
done

# Today's tickets: the line keeps the band the sign showed; today is in the report.
req POST /v1/tickets '{"category":"A"}' >/dev/null
req POST /v1/tickets '{"category":"B"}' >/dev/null
shown=$(curl -s "$URL/v1/status" | jq -c '.categories[] | select(.id == "B") | .wait | {low, median, high, soon}')
req POST /v1/tickets '{"category":"B"}' >/dev/null
line=$(grep '"ticket.issue"' "$TMP/state/journal-2026-11-26.jsonl" | tail -n 1)
expect "band at issue" "$(echo "$line" | jq -c .wait)" "$shown"
expect "today's report" "$(reqb GET '/v1/report?from=2026-11-26&to=2026-11-26' | jq -c '[.days_reported, .total.issued, .skipped_total]')" "[1,3,0]"
stop_daemon TERM

# Stopping while a report is computed: machiaid stops it and exits 0 at once; the
# request gets 503 "stopping", or its report when it was done first.
"$BUILD/machiai-sim" --scenario sim/scenarios/demo.json --days 40 --seed 3 --journal "$TMP/state" \
	--no-predictors >/dev/null
CLOCK_START=2027-02-01T09:00:00+09:00
start_daemon
curl -s -o "$TMP/stop.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
	"$URL/v1/report?from=2026-11-24&to=2027-01-31" >"$TMP/stop.code" &
cpid=$!
# until the daemon has the request (the report's thread, or an answer already)
i=0
until [ "$(ls "/proc/$PID/task" | wc -l)" -gt 1 ] || [ -s "$TMP/stop.code" ] || [ $i -gt 200 ]; do
	i=$((i + 1))
	sleep 0.01
done
stop_daemon TERM
wait "$cpid" || true
case "$(cat "$TMP/stop.code") $(jq -r '.error // .from' "$TMP/stop.json")" in
"503 stopping" | "200 2026-11-24") ;;
*) fail "report at shutdown: $(cat "$TMP/stop.code") $(head -c 200 "$TMP/stop.json")" ;;
esac
finish
