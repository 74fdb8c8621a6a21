# SPDX-License-Identifier: MIT
# Sourced by the display's tests that read screenshots back with tesseract
# (ocr.sh, errors.sh): the paths, a scratch folder, and the reading itself.
# Sets BUILD, root, bin, tmp (removed at exit) and fail (the count of
# failures). Exits 1 at once when tesseract with Japanese is missing.
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/$BUILD/machiai-display"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx jpn; then
	echo "$(basename "$0"): tesseract with jpn is needed (scripts/deps.sh test)"
	exit 1
fi

bad() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# read_screen NAME: the screenshot NAME.png as text in NAME.txt, and with the
# spaces left out in NAME.read. Bright text on the dark ground becomes black
# on white for tesseract first.
read_screen() {
	"$root/$BUILD/display-pngcmp" --ink "$tmp/$1.png" "$tmp/$1-ink.png" 1
	tesseract "$tmp/$1-ink.png" "$tmp/$1" -l jpn+eng --psm 3 >/dev/null 2>&1
	tr -d ' ' <"$tmp/$1.txt" >"$tmp/$1.read"
}

# want NAME TEXT...: every TEXT (a grep -E pattern) must be in NAME.read.
want() {
	name=$1
	shift
	for w in "$@"; do
		if ! grep -qE -- "$w" "$tmp/$name.read"; then
			bad "$name: \"$w\" not read; tesseract read:"
			grep -v '^\s*$' "$tmp/$name.txt" | head -20
		fi
	done
}
