#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs unit test programs, then integration test scripts, and prints a tally.
# Usage: tests/run.sh PROGRAM... -- SCRIPT...
# Scripts get BUILD (the build folder) in the environment and exit 0 on pass.
set -u
pass=0
fail=0
failed=""
phase=prog
for t in "$@"; do
	if [ "$t" = "--" ]; then
		phase=script
		continue
	fi
	echo "=== $t"
	start=$(date +%s)
	"$t"
	rc=$?
	echo "=== $t: $(($(date +%s) - start)) s"
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $t"
		echo "--- FAILED: $t (exit $rc)"
	fi
done
echo "tests/run.sh (${BUILD:-build}): suites $pass passed, $fail failed"
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
