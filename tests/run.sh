#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs unit test programs, then integration test scripts, and prints a tally.
# Usage: tests/run.sh PROGRAM... -- SCRIPT...
# Scripts get BUILD (the build folder) in the environment and exit 0 on pass.
# CHECK_JOBS (default: the number of processors) suites run at once; each
# one's output is printed whole when it ends, with its time.
set -u
jobs=${CHECK_JOBS:-$(nproc)}
logs=$(mktemp -d "${TMPDIR:-/tmp}/machiai-run.XXXXXX")
trap 'rm -rf "$logs"' EXIT
pass=0
fail=0
failed=""
running=0
n=0
declare -A names starts files

finish() {
	local pid=$1 rc=$2
	local t=${names[$pid]}
	cat "${files[$pid]}"
	echo "=== $t: $(($(date +%s) - ${starts[$pid]})) s"
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $t"
		echo "--- FAILED: $t (exit $rc)"
	fi
	unset "names[$pid]" "starts[$pid]" "files[$pid]"
	running=$((running - 1))
}

# Waits for any one suite to end and reports it.
reap() {
	local pid rc
	wait -n -p pid
	rc=$?
	finish "$pid" "$rc"
}

for t in "$@"; do
	[ "$t" = "--" ] && continue
	while [ "$running" -ge "$jobs" ]; do
		reap
	done
	n=$((n + 1))
	(
		echo "=== $t"
		exec "$t"
	) >"$logs/$n.log" 2>&1 </dev/null &
	pid=$!
	files[$pid]=$logs/$n.log
	names[$pid]=$t
	starts[$pid]=$(date +%s)
	running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
	reap
done
echo "tests/run.sh (${BUILD:-build}): suites $pass passed, $fail failed"
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
