#!/bin/sh
# SPDX-License-Identifier: MIT
# The English announcement heard back by a speech recogniser: calls go to
# the sign, their sound is recorded through SDL's disk audio driver, each
# call's English is cut out (by --trace) and decoded by pocketsphinx
# (tests/display/hear.py): the ticket number and the window number must be
# heard right. The calls are ticket (37k + 11) mod 999 + 1 of category A, B
# or C in turn, at window 7k mod 20 + 1, for k = 0, 1, ...: make check takes
# the first 4 and wants all heard right; HEAR_ALL=1 (make check-hear) takes
# 24 and wants at least 22 (the recogniser, not the speech, gets a few
# wrong: 752 heard as "seven hundred sixty two"), in a few minutes.
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/$BUILD/machiai-display"
doc="$root/tests/display/speech-doc.py"
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=disk SDL_DISKAUDIODELAY=5

n=4 min=4
[ -n "${HEAR_ALL:-}" ] && n=24 min=22
calls=""
for k in $(seq 0 $((n - 1))); do
	letter=$(echo "A B C" | cut -d' ' -f$((k % 3 + 1)))
	calls="$calls $letter-$(printf %03d $(((37 * k + 11) % 999 + 1)))@$((7 * k % 20 + 1))"
done

cat >"$tmp/machiai.conf" <<CONF
[office]
id = test
name = テスト区役所
[category A]
name = 証明書
[window 1]
categories = A
[display]
announce = ja en
CONF
python3 "$doc" "$tmp/doc.json" 900 1 A-001@1
SDL_DISKAUDIOFILE="$tmp/audio.raw" "$bin" --config "$tmp/machiai.conf" --source "$tmp/doc.json" \
	--size 320x180 --lang ja --now 2026-11-23T10:20:00+09:00 --trace "$tmp/trace" \
	--speech-wait 60000 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
	grep -q "^frame" "$tmp/trace" 2>/dev/null && break
	sleep 0.1
done
# Eight calls per document (the most a document holds), the next document
# once they have all been said.
seq=201 docseq=901 batch="" expect=""
for c in $calls ""; do
	if [ -n "$c" ]; then
		batch="$batch $c"
		expect="$expect $seq=$c"
		seq=$((seq + 1))
	fi
	n=$(echo $batch | wc -w)
	if [ "$n" -eq 8 ] || { [ -z "$c" ] && [ "$n" -gt 0 ]; }; then
		# shellcheck disable=SC2086
		python3 "$doc" "$tmp/doc.json" $docseq $((seq - n)) $batch
		docseq=$((docseq + 1))
		for _ in $(seq 3000); do
			[ "$(grep -c "audio end seq $((seq - 1)) kind speech lang en" "$tmp/trace")" -ge 2 ] &&
				break
			sleep 0.1
		done
		batch=""
	fi
done
kill "$pid"
wait "$pid"
pid=
# shellcheck disable=SC2086
python3 "$root/tests/display/hear.py" "$tmp/trace" "$tmp/audio.raw" \
	"$root/display/sounds/chime.wav" "$tmp/hear" "$min" $expect
