#!/bin/sh
# SPDX-License-Identifier: MIT
# The staff console in headless Chromium (tests/daemon/console.js), against
# the real daemon, with the sign in all six languages. Screenshots go to
# build/screenshots/. First: machiaid will not open the example token to
# the network.
. "$(dirname "$0")/lib.sh"

# The example config and token, with --listen on all interfaces: refused,
# saying why; on loopback it starts.
"$MACHIAID" --config machiai.conf.example --state-dir "$TMP/example" --listen 0.0.0.0:0 \
	--clock-start "$CLOCK_START" >"$TMP/example.out" 2>&1 &
i=0
while kill -0 $! 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		kill $!
		fail "machiaid runs with the example token on 0.0.0.0"
		break
	fi
	sleep 0.05
done
rc=0
wait $! || rc=$?
expect "example token on 0.0.0.0: exit" "$rc" 1
grep -q 'not started: \[api\] token is still the example token.*--listen 0.0.0.0:0 is open to the network' \
	"$TMP/example.out" || fail "example token on 0.0.0.0: no reason given: $(cat "$TMP/example.out")"

CONF=$TMP/console.conf
sed 's/^languages = .*/languages = ja, en, zh-Hans, ko, vi, ja-easy/' tests/daemon/test.conf >"$CONF"
tests/browser/setup.sh
start_daemon
for c in A A B A; do
	expect "issue $c" "$(req POST /v1/tickets "{\"category\":\"$c\"}" | cut -d' ' -f1)" 201
done
mkdir -p build/screenshots
NODE_PATH=tests/browser/node_modules timeout 120 node tests/daemon/console.js "$URL" build/screenshots ||
	fail "console test"
finish
