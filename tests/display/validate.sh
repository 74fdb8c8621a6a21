#!/bin/sh
# SPDX-License-Identifier: MIT
# Layout and locale validation: every broken file in tests/display/
# layouts-invalid/<case>/ and locales-invalid/<case>/ must give exit 2 and
# exactly the errors in its "expected" file; every shipped file must pass.
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/$BUILD/machiai-display"
fail=0
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check_case() { # KIND-OPTION FILE CASE-DIR
	n=$((n + 1))
	(cd "$3" && "$bin" "$1" "$2" >/dev/null 2>"$tmp/got")
	rc=$?
	if [ $rc -ne 2 ]; then
		echo "FAIL $3: exit $rc, want 2"
		fail=$((fail + 1))
	elif ! cmp -s "$tmp/got" "$3/expected"; then
		echo "FAIL $3: errors differ:"
		diff "$3/expected" "$tmp/got"
		fail=$((fail + 1))
	fi
}

for d in "$root"/tests/display/layouts-invalid/*/; do
	check_case --check-layout layout.json "${d%/}"
done
for d in "$root"/tests/display/locales-invalid/*/; do
	check_case --check-locale locale.json "${d%/}"
done
for f in "$root"/layouts/*.json; do
	n=$((n + 1))
	out=$("$bin" --check-layout "$f" 2>&1) || {
		echo "FAIL $f: $out"
		fail=$((fail + 1))
	}
done
for f in "$root"/display/locales/*.json; do
	n=$((n + 1))
	out=$("$bin" --check-locale "$f" 2>&1) || {
		echo "FAIL $f: $out"
		fail=$((fail + 1))
	}
done
# A file that cannot be read is an error too, with its name.
n=$((n + 1))
"$bin" --check-layout "$tmp/none.json" 2>"$tmp/err" && fail=$((fail + 1))
grep -q "^$tmp/none.json: No such file or directory$" "$tmp/err" || {
	echo "FAIL missing file: $(cat "$tmp/err")"
	fail=$((fail + 1))
}
echo "validate.sh: $n cases, $fail failed"
[ $fail -eq 0 ]
