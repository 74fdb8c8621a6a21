#!/bin/sh
# SPDX-License-Identifier: MIT
# make check-anyday: the suites that read the machine's clock, run under
# faketime (libfaketime) at moments where a test that assumes a weekday in
# office hours would fail: a Saturday, a national holiday, 12/31 23:59 in
# the middle of 年末年始, and a weekday at 08:29 before opening (Japan time).
# make check itself pins its dates; this is the proof that it does.
# Usage: BUILD=build scripts/check-anyday.sh [SUITE...]
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD

# The moments, in UTC (faketime reads them in TZ, set to UTC here), and their names.
moments="2026-12-05T01:00:00 Saturday 10:00
2027-01-11T01:00:00 成人の日 10:00
2026-12-31T14:59:00 12/31 23:59
2026-12-07T23:29:00 Tuesday 08:29"

# The suites that take the date or time from the machine rather than from a
# simulated clock: the forecast and the residents' page (the publisher's
# clock), the demo (today's date in Japan), the config checker (dates gone by).
suites=${*:-"$BUILD/test_config_files $BUILD/test_calendar tests/feed/publish.sh tests/feed/page.sh tests/demo/demo.sh tests/daemon/calendar.sh"}

command -v faketime >/dev/null || {
	echo "check-anyday: faketime is missing (scripts/deps.sh anyday)" >&2
	exit 2
}
fail=0
n=0
log=$BUILD/check-anyday
mkdir -p "$log"
echo "$moments" | while read -r at name; do
	for s in $suites; do
		n=$((n + 1))
		out=$log/$(echo "$at-$(basename "$s")" | tr ':' '-').log
		if TZ=UTC faketime "$(echo "$at" | tr T ' ')" $s >"$out" 2>&1; then
			echo "ok   $name ($at UTC): $s"
		else
			echo "FAIL $name ($at UTC): $s (see $out)"
			echo x >>"$log/failed"
		fi
	done
done
if [ -s "$log/failed" ]; then
	echo "check-anyday: $(wc -l <"$log/failed") failed"
	rm -f "$log/failed"
	exit 1
fi
echo "check-anyday: every suite passed at every moment"
