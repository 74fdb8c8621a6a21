#!/bin/sh
# SPDX-License-Identifier: MIT
# make fuzz: runs each libFuzzer harness NAME... ($BUILD/fuzz/NAME) for
# FUZZ_SECONDS, from the seeds of fuzz/corpus/NAME/ and what earlier runs
# found ($BUILD/fuzz/work/NAME/); a crash is written to fuzz/regress/NAME/,
# which make check replays from then on. Then fuzz/http.py mutates requests to
# machiaid for FUZZ_SECONDS, normal and ASan+UBSan builds. Prints a table of
# executions and finds; exit 1 when anything crashed or broke a rule.
set -u
BUILD=${BUILD:-build}
SECS=${FUZZ_SECONDS:-60}
status=0
printf '%-10s %10s %10s %8s %8s  %s\n' target execs "execs/s" "new" crashes result
for t in "$@"; do
	work=$BUILD/fuzz/work/$t
	mkdir -p "$work" "fuzz/regress/$t"
	before=$(ls "fuzz/regress/$t" | wc -l)
	log=$BUILD/fuzz/$t.log
	MACHIAI_FUZZ_QUIET=1 nice "$BUILD/fuzz/$t" -max_total_time="$SECS" -print_final_stats=1 \
		-timeout=10 -rss_limit_mb=2048 -artifact_prefix="fuzz/regress/$t/" \
		"$work" "fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	new=$(sed -n 's/^stat::new_units_added: *//p' "$log")
	crashes=$(($(ls "fuzz/regress/$t" | wc -l) - before))
	result=ok
	if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
		result="FAILED (exit $rc; see $log)"
		status=1
	fi
	printf '%-10s %10s %10s %8s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${new:-?}" \
		"$crashes" "$result"
done
for b in "$BUILD" build/san; do
	[ -x "$b/machiaid" ] || continue
	if BUILD=$b HTTP_FUZZ_SECONDS=$SECS HTTP_FUZZ_REQUESTS=100000000 \
		HTTP_FUZZ_SEED=$(date +%s) nice fuzz/http.sh >"$BUILD/fuzz/http-${b##*/}.log" 2>&1; then
		echo "http ($b/machiaid): $(grep '^http.py:' "$BUILD/fuzz/http-${b##*/}.log")"
	else
		echo "http ($b/machiaid): FAILED, see $BUILD/fuzz/http-${b##*/}.log"
		grep -E '^(http.py|FAIL)' "$BUILD/fuzz/http-${b##*/}.log"
		status=1
	fi
done
exit $status
