#!/bin/sh
# SPDX-License-Identifier: MIT
# The chime, through SDL's real audio path with its "disk" driver (the
# samples go to a file): a new call plays it; --no-sound plays nothing; with
# no usable audio driver the sign says so once and still flashes.
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/$BUILD/machiai-display"
fx="$root/tests/display/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=offscreen
fail=0

# The newest call of busy.json was at 10:14:41: at 10:14:42 it is one second old.
run() { # TRACE [OPTION...]
	t=$1
	shift
	"$bin" --source "$fx/busy.json" --now 2026-11-23T10:14:42+09:00 --lang ja --size 320x180 \
		--trace "$tmp/$t" --exit-after 1.5 "$@"
}

# loud FILE: the file has samples louder than a quarter of full scale.
loud() {
	python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
n = len(d) // 2
peak = max((abs(v) for v in struct.unpack("<%dh" % n, d[:2 * n])), default=0)
sys.exit(0 if peak > 8192 else 1)
PY
}

SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$tmp/audio.raw" run sound 2>"$tmp/err"
if [ -s "$tmp/audio.raw" ] && loud "$tmp/audio.raw"; then
	echo "ok: a new call plays the chime"
else
	echo "FAIL: no chime in $tmp/audio.raw: $(cat "$tmp/err")"
	fail=$((fail + 1))
fi
grep -q "flash 1" "$tmp/sound" || {
	echo "FAIL: no flash"
	fail=$((fail + 1))
}

rm -f "$tmp/audio.raw"
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$tmp/audio.raw" run quiet --no-sound 2>"$tmp/err"
if [ -e "$tmp/audio.raw" ]; then
	echo "FAIL: --no-sound opened the audio device"
	fail=$((fail + 1))
elif ! grep -q "flash 1" "$tmp/quiet"; then
	echo "FAIL: --no-sound: no flash"
	fail=$((fail + 1))
else
	echo "ok: --no-sound: flash, no chime"
fi

SDL_AUDIODRIVER=none-such run nodev 2>"$tmp/err"
if ! grep -q "calls flash without a chime" "$tmp/err"; then
	echo "FAIL: no message without an audio device: $(cat "$tmp/err")"
	fail=$((fail + 1))
elif ! grep -q "flash 1" "$tmp/nodev"; then
	echo "FAIL: no flash without an audio device"
	fail=$((fail + 1))
else
	echo "ok: no audio device: a message, and the flash"
fi
echo "chime.sh: $fail failed"
[ $fail -eq 0 ]
