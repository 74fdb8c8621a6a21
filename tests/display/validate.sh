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
# The renderer keeps to what the validator checked: a full office (6
# windows, 4 categories, the numbers layouts are checked for) drawn at each
# shipped layout's size has no second-language text in a box lower than
# its second_min_px, in every second language.
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
for f in "$root"/layouts/*.json; do
	set -- $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["size"][0], d["size"][1], d.get("second_min_px", 0))' "$f")
	[ "$3" -gt 0 ] || {
		echo "FAIL $f: no second_min_px"
		fail=$((fail + 1))
		continue
	}
	for lang in en zh-Hans ko vi ja-easy; do
		n=$((n + 1))
		"$bin" --source "$root/tests/display/fixtures/busy.json" --layout "$f" --lang $lang \
			--size "$1x$2" --no-sound --now 2026-11-23T10:16:30+09:00 --trace "$tmp/trace" \
			--exit-after 0.3 2>/dev/null
		px=$(sed -n 's/^frame 1 .* second_px \([0-9]*\) .*/\1/p' "$tmp/trace")
		if [ -z "$px" ] || [ "$px" -lt "$3" ]; then
			echo "FAIL $f ($lang): smallest second-language text ${px:-?} px, below $3"
			fail=$((fail + 1))
		fi
	done
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
