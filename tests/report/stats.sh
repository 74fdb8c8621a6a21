#!/bin/sh
# SPDX-License-Identifier: MIT
# The console's statistics page in headless Chromium (tests/report/stats.js)
# against the real daemon with two simulated days of journal and three
# tickets today. Screenshots go to build/screenshots/.
. "$(dirname "$0")/../daemon/lib.sh"
CONF=machiai.conf.example
TOKEN=machiai-demo-token-change-me
CLOCK_START=2026-11-26T09:00:00+09:00

mkdir -p "$TMP/state" build/screenshots
"$BUILD/machiai-sim" --scenario sim/scenarios/demo.json --days 2 --seed 9 --journal "$TMP/state" \
	--band-every 2 >/dev/null
tests/browser/setup.sh
start_daemon
for c in A B B; do
	expect "issue $c" "$(req POST /v1/tickets "{\"category\":\"$c\"}" | cut -d' ' -f1)" 201
done
reqb GET '/v1/report?from=2026-11-24&to=2026-11-25' >"$TMP/report.json"
NODE_PATH=tests/browser/node_modules timeout 120 node tests/report/stats.js "$URL" "$TMP/report.json" \
	build/screenshots || fail "statistics page"
stop_daemon TERM
finish
