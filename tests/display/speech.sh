#!/bin/sh
# SPDX-License-Identifier: MIT
# Spoken calls through SDL's real audio path with its "disk" driver (the
# samples go to a file, here at about 9 times real time), with the real
# Open JTalk and espeak-ng (docs/display.md):
# - a burst of five calls (one at a booth with speech = off, one a recall):
#   each is its chime and then Japanese and English in turn, nothing
#   overlaps, nothing is silent where speech is, the recall says the call
#   again, the volume applies (speech-check.py);
# - the sentences handed to Open JTalk read the numbers and windows as a
#   person says them (its phonemes: 「エーの35番」 is e e n o s a N j u u g o b a N);
# - quiet hours give the chime alone; when too many calls wait, the oldest
#   are left out and logged, and the newest are announced;
# - a synthesiser that hangs: logged once, the chime and English stay.
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/$BUILD/machiai-display"
doc="$root/tests/display/speech-doc.py"
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=disk SDL_DISKAUDIODELAY=5
fail=0

conf() { # the [display] lines
	cat >"$tmp/machiai.conf" <<CONF
[office]
id = test
name = テスト区役所
[category A]
name = 証明書
[window 1]
categories = A
[window B9]
categories = A
speech = off
[display]
CONF
	printf '%s\n' "$@" >>"$tmp/machiai.conf"
}

# start NAME: the sign on $tmp/doc.json, recording to $tmp/NAME.raw.
start() {
	rm -f "$tmp/$1.raw" "$tmp/$1.trace"
	SDL_DISKAUDIOFILE="$tmp/$1.raw" "$bin" --config "$tmp/machiai.conf" \
		--source "$tmp/doc.json" --size 320x180 --lang ja \
		--now 2026-11-23T10:20:00+09:00 --trace "$tmp/$1.trace" --exit-after 90 \
		--speech-wait "${wait:-60000}" \
		2>"$tmp/$1.err" &
	pid=$!
	# The first document read before the burst comes.
	for _ in $(seq 100); do
		grep -q "^frame" "$tmp/$1.trace" 2>/dev/null && break
		sleep 0.1
	done
}

# wait_for NAME PATTERN [N]: until the trace has N lines (default 1) with
# PATTERN (at most 60 s), then stop.
wait_for() {
	for _ in $(seq 600); do
		[ "$(grep -c "$2" "$tmp/$1.trace")" -ge "${3:-1}" ] && break
		sleep 0.1
	done
	[ "$(grep -c "$2" "$tmp/$1.trace")" -ge "${3:-1}" ] || {
		echo "FAIL: $1: no '$2' in the trace within 60 s"
		fail=$((fail + 1))
	}
	kill "$pid" 2>/dev/null
	wait "$pid"
	pid=
}

# The burst: five calls in one document, the last a recall of the first.
conf "announce = ja en" "volume = 80"
python3 "$doc" "$tmp/doc.json" 900 1 A-001@1
start burst
python3 "$doc" "$tmp/doc.json" 901 201 A-035@1 B-301@K3 A-600@2 C-008@B9 A-035@1!
wait_for burst "audio end seq 205 kind speech lang en" 3
python3 "$root/tests/display/speech-check.py" "$tmp/burst.trace" "$tmp/burst.raw" \
	"$root/display/sounds/chime.wav" 80 1 \
	201:ja,en 202:ja,en 203:ja,en 204:- 205:ja,en:recall-of=201 >"$tmp/check" ||
	fail=$((fail + 1))
grep FAIL "$tmp/check"
echo "$(grep -c '^ok' "$tmp/check") checks of the burst's sound passed"

# What Open JTalk was given, read back as its phonemes.
phonemes() {
	printf '%s\n' "$1" | open_jtalk -x /var/lib/mecab/dic/open-jtalk/naist-jdic \
		-m /usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice \
		-ow /dev/null -ot /dev/stdout |
		sed -n '/\[Output label\]/,$ s/^[0-9]* [0-9]* [^-]*-\([^+]*\)+.*/\1/p' |
		grep -v -e '^sil$' -e '^pau$' | tr -d '\n'
}
reads() { # SEQ PHONEMES WHAT
	text=$(sed -n "s/^say seq $1 lang ja text //p" "$tmp/burst.trace")
	got=$(phonemes "$text")
	case "$got" in
	*"$2"*) echo "ok: Japanese: $3" ;;
	*)
		echo "FAIL: Japanese: $3: '$text' read as $got"
		fail=$((fail + 1))
		;;
	esac
}
reads 201 eenosaNjuugobaNnobaNgoosatsu "A-035 as エーの35番(さんじゅうごばん)"
reads 201 ichibaNmadoguchie "window 1 as いちばんまどぐち"
reads 202 biinosaNbyakuichibaNno "B-301 as ビーの301番(さんびゃくいちばん)"
reads 202 kodomokateekanosaNbaNe "こども家庭課の3番 as written"
reads 203 eenoroclpyakubaNno "A-600 as ろっぴゃくばん"
reads 205 mooichidooyobishimasU "a recall starts with もう一度お呼びします"
grep -q "^say seq 204 " "$tmp/burst.trace" && {
	echo "FAIL: the booth (speech = off) was spoken"
	fail=$((fail + 1))
}

# Quiet hours (10:00-11:00 holds 10:20): the chime alone. Two documents of
# eight calls each, the second while the first are being chimed (audio at
# about 4 times real time): the oldest waiting are left out, and said so;
# the newest are all chimed.
conf "quiet_hours = 10:00-11:00"
python3 "$doc" "$tmp/doc.json" 900 1 A-001@1
python3 "$doc" "$tmp/doc2.json" 901 301 A-001@1 A-002@1 A-003@1 A-004@1 A-005@1 A-006@1 \
	A-007@1 A-008@1
python3 "$doc" "$tmp/doc3.json" 902 309 A-009@1 A-010@1 A-011@1 A-012@1 A-013@1 A-014@1 \
	A-015@1 A-016@1
SDL_DISKAUDIODELAY=11 start quiet
mv "$tmp/doc2.json" "$tmp/doc.json"
for _ in $(seq 100); do
	grep -q "^doc seq 901" "$tmp/quiet.trace" && break
	sleep 0.05
done
mv "$tmp/doc3.json" "$tmp/doc.json"
wait_for quiet "audio end seq 316 kind chime"
dropped=$(sed -n 's/^drop seq //p' "$tmp/quiet.trace" | tr '\n' ' ')
chimed=$(sed -n 's/^audio start seq \([0-9]*\) kind chime.*/\1/p' "$tmp/quiet.trace" | tr '\n' ' ')
# The first few chimed, then the rest of the first eight dropped, oldest first.
first=${dropped%% *}
want_dropped=$(seq "${first:-0}" 308 | tr '\n' ' ')
want_chimed=$(seq 301 $((${first:-309} - 1)) | tr '\n' ' ')$(seq 309 316 | tr '\n' ' ')
if [ -n "$dropped" ] && [ "$dropped" = "$want_dropped" ] && [ "$chimed" = "$want_chimed" ] &&
	grep -q "the oldest, A-$(printf %03d $((first - 300))) at window 1, is left out" \
		"$tmp/quiet.err"; then
	echo "ok: too many waiting: the oldest ($dropped) left out and logged, the newest chimed"
else
	echo "FAIL: queue: dropped '$dropped', chimed '$chimed': $(cat "$tmp/quiet.err")"
	fail=$((fail + 1))
fi
if grep -q "kind speech" "$tmp/quiet.trace" || grep -q "^say" "$tmp/quiet.trace"; then
	echo "FAIL: speech in quiet hours"
	fail=$((fail + 1))
else
	echo "ok: quiet hours: the chime alone"
fi

# A synthesiser that hangs (open_jtalk found first on PATH sleeps): the call
# waits for it (here 2 s, by default 4 s; the runs above wait a minute, for a
# machine under load), says so once, and goes on in English.
mkdir "$tmp/bin"
printf '#!/bin/sh\nexec sleep 30\n' >"$tmp/bin/open_jtalk"
chmod +x "$tmp/bin/open_jtalk"
conf "announce = ja en"
python3 "$doc" "$tmp/doc.json" 900 1 A-001@1
wait=2000 PATH="$tmp/bin:$PATH" start slow
python3 "$doc" "$tmp/doc.json" 901 401 A-041@1 A-042@1
wait_for slow "audio end seq 402 kind speech lang en" 2
if [ "$(grep -c "speech in ja not made within" "$tmp/slow.err")" = 1 ] &&
	! grep -q "kind speech lang ja" "$tmp/slow.trace" &&
	grep -q "audio start seq 401 kind chime" "$tmp/slow.trace"; then
	echo "ok: a hanging synthesiser: logged once, chime and English stay"
else
	echo "FAIL: hanging synthesiser: $(cat "$tmp/slow.err")"
	fail=$((fail + 1))
fi
echo "speech.sh: $fail failed"
[ $fail -eq 0 ]
