# SPDX-License-Identifier: MIT
# Shared by the daemon's integration tests (sourced). Starts the real
# $BUILD/machiaid on a free loopback port with a temporary state folder and a
# simulated clock that starts on a weekday at 09:00, inside opening hours.
set -eu
# The source tree's root, from a script in tests/NAME/ or in bench/.
cd "$(dirname "$0")/.."
[ -f Makefile ] || cd ..
BUILD=${BUILD:-build}
MACHIAID=$BUILD/machiaid
CONF=tests/daemon/test.conf
TOKEN=test-token-0123456789
CLOCK_START=2026-11-23T09:00:00+09:00
TMP=$(mktemp -d /tmp/machiaid-test.XXXXXX)
PID=
PORT=
URL=
STARTS=0
FAILS=0

cleanup() {
	if [ -n "$PID" ]; then
		kill "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

die() {
	echo "FAIL: $*" >&2
	[ -n "$PID" ] && [ -f "$TMP/log.$STARTS" ] && tail -n 20 "$TMP/log.$STARTS" >&2
	exit 1
}

# start_daemon [EXTRA ARGS]: start machiaid; sets PID, PORT, URL.
start_daemon() {
	STARTS=$((STARTS + 1))
	log=$TMP/log.$STARTS
	"$MACHIAID" --config "$CONF" --state-dir "$TMP/state" --listen 127.0.0.1:0 \
		--clock-start "$CLOCK_START" "$@" 2>"$log" &
	PID=$!
	i=0
	while ! grep -q 'api on port' "$log" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$PID" 2>/dev/null; then
			cat "$log" >&2
			die "machiaid did not start"
		fi
		sleep 0.05
	done
	PORT=$(sed -n 's/.*api on port \([0-9]*\).*/\1/p' "$log" | head -n 1)
	URL=http://127.0.0.1:$PORT
}

# stop_daemon [SIGNAL]: stop it (TERM: must exit 0) and wait.
stop_daemon() {
	sig=${1:-TERM}
	kill -s "$sig" "$PID"
	rc=0
	wait "$PID" || rc=$?
	PID=
	if [ "$sig" = TERM ] && [ $rc -ne 0 ]; then
		fail "machiaid exited $rc on SIGTERM"
	fi
}

# req METHOD PATH [BODY]: authorised request; prints "STATUS BODY" (one line).
req() {
	if [ $# -ge 3 ]; then
		curl -s -o "$TMP/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
			-H 'Content-Type: application/json' --data-binary "$3" "$URL$2" >"$TMP/code"
	else
		curl -s -o "$TMP/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
			"$URL$2" >"$TMP/code"
	fi
	echo "$(cat "$TMP/code") $(cat "$TMP/body")"
}

# reqb METHOD PATH [BODY]: as req, but prints the body only.
reqb() {
	req "$@" >/dev/null
	cat "$TMP/body"
}

# expect WHAT ACTUAL EXPECTED
expect() {
	if [ "$2" != "$3" ]; then
		fail "$1: got [$2], expected [$3]"
	fi
}

# wait_for WHAT JQ EXPECTED: poll /v1/status until JQ gives EXPECTED (15 s at most).
wait_for() {
	i=0
	while [ "$(curl -s "$URL/v1/status" | jq -c "$2")" != "$3" ]; do
		i=$((i + 1))
		if [ $i -gt 150 ]; then
			fail "$1: $(curl -s "$URL/v1/status" | jq -c "$2"), expected $3"
			return
		fi
		sleep 0.1
	done
}

# status_stable: /v1/status without the time it was generated.
status_stable() {
	curl -s "$URL/v1/status" | jq -cS 'del(.generated_at)'
}

finish() {
	if [ "$FAILS" -ne 0 ]; then
		echo "$(basename "$0"): $FAILS failure(s)" >&2
		[ -f "$TMP/log.$STARTS" ] && tail -n 30 "$TMP/log.$STARTS" >&2
		exit 1
	fi
	echo "$(basename "$0"): ok"
}
