#!/bin/sh
# SPDX-License-Identifier: MIT
# fuzz/http.py against the real machiaid (BUILD's: normal or ASan+UBSan):
# HTTP_FUZZ_REQUESTS mutated requests (default 300) with seed HTTP_FUZZ_SEED
# (default 1), for at most HTTP_FUZZ_SECONDS; every bad request gets its 4xx
# with a JSON body and leaves the office as it was; the daemon stays up and
# its log has no sanitizer report.
. "$(dirname "$0")/../tests/daemon/lib.sh"
start_daemon
python3 fuzz/http.py --port "$PORT" --token "$TOKEN" --seed "${HTTP_FUZZ_SEED:-1}" \
	--requests "${HTTP_FUZZ_REQUESTS:-300}" --seconds "${HTTP_FUZZ_SECONDS:-60}" ||
	fail "a mutated request broke a rule (above)"
kill -0 "$PID" 2>/dev/null || die "machiaid died during the fuzzing"
expect "healthz after fuzzing" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 200
stop_daemon TERM
if grep -E 'AddressSanitizer|runtime error|LeakSanitizer' "$TMP/log.1" >&2; then
	fail "sanitizer report in machiaid's log"
fi
finish
