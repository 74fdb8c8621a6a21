#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs the benchmark scripts given (BENCH_SCRIPTS from the Makefile fragments),
# each with BUILD in its environment, keeping each one's output in
# $BUILD/bench/NAME.log. A script exits non-zero when it misses a target; the
# run goes on and the misses are listed at the end.
set -u
B=${BUILD:-build}
export BUILD=$B
mkdir -p "$B/bench"
missed=()
for s in "$@"; do
	name=$(basename "$s" .sh)
	echo "=== $s ($(date -u +%FT%TZ))"
	"./$s" 2>&1 | tee "$B/bench/$name.log"
	rc=${PIPESTATUS[0]}
	[ "$rc" = 0 ] || missed+=("$s (exit $rc)")
done
echo "=== make bench: $# scripts, ${#missed[@]} missed a target or failed"
for m in "${missed[@]}"; do
	echo "missed: $m"
done
[ ${#missed[@]} -eq 0 ]
