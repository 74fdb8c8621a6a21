#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden-image tests: every status fixture x every shipped layout x ja/en,
# rendered with the software renderer at the fixture's fixed time (its .args
# file), compared with tests/display/golden/ within a tolerance.
# Goldens are rendered at a third of full HD to keep the repository small; the full
# sizes are rendered by tests/display/ocr.sh and tests/display/fullsize.sh.
# Usage: golden.sh            compare
#        golden.sh --update   write the goldens anew (make display-golden)
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/$BUILD/machiai-display"
cmp="$root/$BUILD/display-pngcmp"
golden="$root/tests/display/golden"
update=0
[ "${1:-}" = "--update" ] && update=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$golden"
n=0
fail=0
for fx in "$root"/tests/display/fixtures/*.json; do
	name=$(basename "$fx" .json)
	args=$(cat "$root/tests/display/fixtures/$name.args")
	for layout in landscape:640x360 portrait:360x640 hd720:640x360; do
		lname=${layout%%:*}
		size=${layout#*:}
		for lang in ja en; do
			n=$((n + 1))
			png="$name-$lname-$lang.png"
			# shellcheck disable=SC2086
			if ! "$bin" --source "$fx" --layout "$lname" --lang "$lang" --size "$size" \
				$args --screenshot "$tmp/$png" 2>"$tmp/err"; then
				echo "FAIL $png: render failed: $(cat "$tmp/err")"
				fail=$((fail + 1))
				continue
			fi
			if [ $update -eq 1 ]; then
				cp "$tmp/$png" "$golden/$png"
				continue
			fi
			if [ ! -f "$golden/$png" ]; then
				echo "FAIL $png: no golden image (make display-golden)"
				fail=$((fail + 1))
			elif ! "$cmp" "$tmp/$png" "$golden/$png" --tolerance 40 \
				--max-fraction 0.0005 --diff "$tmp/diff-$png" >"$tmp/out"; then
				cat "$tmp/out"
				mkdir -p "$root/$BUILD/golden-failures"
				cp "$tmp/$png" "$tmp/diff-$png" "$root/$BUILD/golden-failures/"
				echo "FAIL $png (got and diff in $BUILD/golden-failures/)"
				fail=$((fail + 1))
			fi
		done
	done
done
if [ $update -eq 1 ]; then
	echo "golden.sh: wrote $n golden images to tests/display/golden/"
	exit 0
fi
echo "golden.sh: $n images, $fail failed"
[ $fail -eq 0 ]
