#!/bin/sh
# SPDX-License-Identifier: MIT
# Full-size renders (the goldens are smaller): the fullest fixtures in every
# shipped layout at its design size give a PNG of that size; turning a layout by
# 90, 180 and 270 degrees in the renderer gives exactly the turned picture;
# a closed office with --off-black is all black.
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/$BUILD/machiai-display"
cmp="$root/$BUILD/display-pngcmp"
fx="$root/tests/display/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0

png_size() { # FILE -> "WxH" from the IHDR chunk
	python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"
}

# The fixtures that stress space most; the goldens cover all of them smaller.
for name in busy flash long-names many-windows; do
	f="$fx/$name.json"
	for layout in landscape:1920x1080 portrait:1080x1920 hd720:1280x720; do
		n=$((n + 1))
		# shellcheck disable=SC2046
		if ! "$bin" --source "$f" --layout "${layout%%:*}" $(cat "$fx/$name.args") \
			--screenshot "$tmp/out.png" 2>"$tmp/err"; then
			echo "FAIL $name ${layout%%:*}: $(cat "$tmp/err")"
			fail=$((fail + 1))
		elif [ "$(png_size "$tmp/out.png")" != "${layout#*:}" ]; then
			echo "FAIL $name ${layout%%:*}: $(png_size "$tmp/out.png"), want ${layout#*:}"
			fail=$((fail + 1))
		fi
	done
done

args="--source $fx/busy.json --layout portrait --now 2026-11-23T10:15:30+09:00 --lang en"
# shellcheck disable=SC2086
"$bin" $args --screenshot "$tmp/upright.png"
for deg in 90 180 270; do
	n=$((n + 1))
	size=1920x1080
	[ $deg = 180 ] && size=1080x1920
	# shellcheck disable=SC2086
	"$bin" $args --rotate $deg --size $size --screenshot "$tmp/turned.png" &&
		"$cmp" "$tmp/turned.png" "$tmp/upright.png" --turn $deg --tolerance 0 \
			--max-fraction 0 >"$tmp/out" || {
		echo "FAIL rotate $deg: $(cat "$tmp/out")"
		fail=$((fail + 1))
	}
done

n=$((n + 1))
"$bin" --source "$fx/closed.json" --off-black --size 640x360 --screenshot "$tmp/black.png"
python3 - "$tmp/black.png" <<'PY' || fail=$((fail + 1))
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
w, h = struct.unpack(">II", d[16:24])
i, idat = 8, b""
while i < len(d):
    n, t = struct.unpack(">I4s", d[i:i + 8])
    if t == b"IDAT":
        idat += d[i + 8:i + 8 + n]
    i += 12 + n
raw = zlib.decompress(idat)
stride = 1 + 3 * w
if any(raw[r * stride + 1:(r + 1) * stride].strip(b"\0") for r in range(h)):
    print("FAIL --off-black: not all black")
    sys.exit(1)
PY
echo "fullsize.sh: $n cases, $fail failed"
[ $fail -eq 0 ]
