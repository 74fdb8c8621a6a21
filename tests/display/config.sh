#!/bin/sh
# SPDX-License-Identifier: MIT
# machiai-display --config machiai.conf takes the [display] section
# (docs/config.md): layout, rotate and off_hours change the picture, the
# command line wins, and a file with errors stops start-up with FILE:LINE.
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/$BUILD/machiai-display"
cmp="$root/$BUILD/display-pngcmp"
fx="$root/tests/display/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# conf KEY VALUE...: the example config with [display] keys replaced.
conf() {
	cp "$root/machiai.conf.example" "$tmp/machiai.conf"
	while [ $# -ge 2 ]; do
		sed -i "/^\[display\]/,/^\[/ s|^$1 = .*|$1 = $2|" "$tmp/machiai.conf"
		grep -q "^$1 = $2\$" "$tmp/machiai.conf" || echo "$1 = $2" >>"$tmp/machiai.conf"
		shift 2
	done
}
shot() { # OUT [OPTION...]
	out=$1
	shift
	"$bin" --config "$tmp/machiai.conf" --now 2026-11-23T10:15:30+09:00 --lang en "$@" \
		--screenshot "$tmp/$out" 2>"$tmp/err" || {
		echo "FAIL $out: $(cat "$tmp/err")"
		fail=$((fail + 1))
	}
}

# The portrait layout turned by 90 from the config equals --layout/--rotate.
conf layout portrait rotate 90
shot cfg.png --source "$fx/busy.json" --size 960x540
"$bin" --source "$fx/busy.json" --layout portrait --rotate 90 --size 960x540 \
	--now 2026-11-23T10:15:30+09:00 --lang en --screenshot "$tmp/cli.png"
"$cmp" "$tmp/cfg.png" "$tmp/cli.png" --tolerance 0 --max-fraction 0 >/dev/null &&
	echo "ok: [display] layout and rotate" || {
	echo "FAIL: [display] layout/rotate not taken"
	fail=$((fail + 1))
}
# The command line wins over the file.
shot cli-wins.png --source "$fx/busy.json" --size 960x540 --layout portrait --rotate 0
"$bin" --source "$fx/busy.json" --layout portrait --size 960x540 \
	--now 2026-11-23T10:15:30+09:00 --lang en --screenshot "$tmp/plain.png"
"$cmp" "$tmp/cli-wins.png" "$tmp/plain.png" --tolerance 0 --max-fraction 0 >/dev/null &&
	echo "ok: --rotate wins over [display] rotate" || {
	echo "FAIL: --rotate did not win"
	fail=$((fail + 1))
}

# off_hours = black: a closed office is a black screen.
conf off_hours black
shot black.png --source "$fx/closed.json" --size 320x180
"$bin" --source "$fx/closed.json" --off-black --size 320x180 --screenshot "$tmp/black-cli.png"
"$cmp" "$tmp/black.png" "$tmp/black-cli.png" --tolerance 0 --max-fraction 0 >/dev/null &&
	echo "ok: [display] off_hours = black" || {
	echo "FAIL: off_hours = black not taken"
	fail=$((fail + 1))
}

# Errors end start-up, each with its line.
conf rotate 45 rotate_seconds 500
if "$bin" --config "$tmp/machiai.conf" --source "$fx/busy.json" --size 320x180 \
	--screenshot "$tmp/no.png" 2>"$tmp/err"; then
	echo "FAIL: a bad config was accepted"
	fail=$((fail + 1))
elif [ "$(grep -c "^$tmp/machiai.conf:[0-9][0-9]*: " "$tmp/err")" -ne 2 ] || [ -e "$tmp/no.png" ]; then
	echo "FAIL: want two FILE:LINE: errors and no picture, got:"
	cat "$tmp/err"
	fail=$((fail + 1))
else
	echo "ok: a bad config stops start-up: $(head -1 "$tmp/err" | sed "s|$tmp/||")"
fi
echo "config.sh: $fail failed"
[ $fail -eq 0 ]
