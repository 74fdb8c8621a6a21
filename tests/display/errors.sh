#!/bin/sh
# SPDX-License-Identifier: MIT
# machiai-display --errors FILE: the config-error screen. Renders what the
# real `machiaid --check-config` (through systemd/check-config) says about
# a broken machiai.conf saved by Notepad (BOM, CRLF) and reads it back with
# tesseract: the line numbers, the title and the messages in Japanese and
# English must be there; the second language of the title turns through
# the visitors' languages. Also: many
# errors ("N more"), a turned screen, bad files (garbage, empty, missing,
# huge) that must not end the program, re-reading on change, and SIGTERM.
. "$(dirname "$0")/ocr-lib.sh"
export SDL_AUDIODRIVER=dummy

# shot NAME FILE [OPTION...]: screenshot of --errors FILE; stderr in NAME.err.
shot() {
	name=$1
	file=$2
	shift 2
	"$bin" --errors "$file" "$@" --screenshot "$tmp/$name.png" 2>"$tmp/$name.err"
	rc=$?
	if [ $rc -ne 0 ] || [ ! -s "$tmp/$name.png" ]; then
		bad "$name: exit $rc: $(cat "$tmp/$name.err")"
		return 1
	fi
}

# A broken machiai.conf, as Notepad saves it: two wrong values.
mkdir -p "$tmp/run"
sed -e '1s/^\xEF\xBB\xBF//' -e 's/\r$//' "$root/machiai.conf.example" |
	sed -e '/^\[category A\]/,/^\[/ s/^digits = .*/digits = three/' \
		-e '/^\[window 2\]/,/^\[/ s/^rule = .*/rule = sometimes/' >"$tmp/lf.conf"
l1=$(grep -n '^digits = three$' "$tmp/lf.conf" | cut -d: -f1)
l2=$(grep -n '^rule = sometimes$' "$tmp/lf.conf" | cut -d: -f1)
{
	printf '\357\273\277'
	sed -e 's/$/\r/' "$tmp/lf.conf"
} >"$tmp/machiai.conf"
MACHIAID="$root/$BUILD/machiaid" sh "$root/systemd/check-config" "$tmp/machiai.conf" \
	"$tmp/run" 2>/dev/null
errs=$tmp/run/config-errors.txt
cp "$errs" "$tmp/config-errors-real.txt" 2>/dev/null
if [ -z "$l1" ] || [ -z "$l2" ] || ! grep -q "machiai.conf:$l1: " "$errs" 2>/dev/null ||
	! grep -q "machiai.conf:$l2: " "$errs"; then
	bad "check-config: no errors on lines $l1 and $l2: $(cat "$errs" 2>&1)"
fi
if shot real "$errs" --lang en; then
	read_screen real
	want real "line$l1" "line$l2" "行$l1" "error" "誤り" "整数では" "notawholenumber"
	# The folders of the path are left out; the file name stays in the title.
	! grep -q "/" "$tmp/real.read" || bad "real: a path is shown: $(grep / "$tmp/real.read")"
fi
# Turned, in the portrait layout: still the line numbers.
if shot portrait "$errs" --layout portrait --size 1080x1920; then
	read_screen portrait
	want portrait "line$l1" "line$l2"
fi
if shot turned "$errs" --rotate 90 --size 1080x1920; then
	size=$(od -An -tu1 -j16 -N8 "$tmp/turned.png" |
		awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 "x" $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
	[ "$size" = 1080x1920 ] || bad "turned: $size, not 1080x1920"
fi

# The file missing: one line, no number, shown whole.
rm -f "$tmp/none.conf"
MACHIAID="$root/$BUILD/machiaid" sh "$root/systemd/check-config" "$tmp/none.conf" \
	"$tmp/run" 2>/dev/null
if shot missing "$errs"; then
	read_screen missing
	want missing "none.conf" "missing"
fi

# Many errors: as many as fit, then "N more".
i=1
while [ $i -le 40 ]; do
	echo "/boot/firmware/machiai.conf:$((i * 3)): [window $i] rule: expected fifo, longest or priority, got \"x\""
	i=$((i + 1))
done >"$tmp/many.txt"
if shot many "$tmp/many.txt" --lang en; then
	read_screen many
	want many "line3" "[0-9]+more" "ほか"
	grep -q "line120" "$tmp/many.read" && bad "many: the 40th error shown, no \"more\" needed?"
fi

# Bad files: none of them ends the program; each is named on stderr.
head -c 3000 /dev/urandom >"$tmp/garbage.txt"
printf 'machiai.conf:5: caf\351 \377\376 \033[31m red\0 nul\n' >>"$tmp/garbage.txt"
: >"$tmp/empty.txt"
head -c 200000 /dev/urandom | od -An -tx1 | sed 's/^/machiai.conf:9: /' >"$tmp/huge.txt"
for f in garbage empty huge absent; do
	if shot "$f" "$tmp/$f.txt" --size 640x360; then
		grep -q "$tmp/$f.txt" "$tmp/$f.err" || bad "$f: stderr does not name the file: $(cat "$tmp/$f.err")"
	fi
done
grep -q 'replaced' "$tmp/garbage.err" || bad "garbage: no word of replaced bytes"
grep -q 'larger than' "$tmp/huge.err" || bad "huge: no word of the size cap"

# A running screen re-reads the file when it changes, keeps the errors
# when it empties or disappears, and ends with status 0 on SIGTERM.
cp "$tmp/config-errors-real.txt" "$tmp/live.txt"
SDL_VIDEODRIVER=offscreen "$bin" --errors "$tmp/live.txt" --size 640x360 \
	--rotate-seconds 1 --trace "$tmp/trace" 2>"$tmp/live.err" &
pid=$!
sleep 2
head -n 1 "$tmp/many.txt" >"$tmp/live.txt.new" && sleep 1 && touch "$tmp/live.txt.new" &&
	mv "$tmp/live.txt.new" "$tmp/live.txt"
sleep 2
: >"$tmp/live.txt"
sleep 2
rm -f "$tmp/live.txt"
sleep 2
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 0 ] || bad "live: exit $rc after SIGTERM: $(cat "$tmp/live.err")"
n0=$(grep -c '^errors ' "$tmp/trace")
if ! grep -q '^errors 2 ' "$tmp/trace" || ! grep -q '^errors 1 ' "$tmp/trace" || [ "$n0" != 2 ]; then
	bad "live: errors taken: $(grep '^errors ' "$tmp/trace" | tr '\n' ' ')"
fi
langs=$(sed -n 's/^frame .* lang \([^ ]*\) .*/\1/p' "$tmp/trace" | sort -u | tr '\n' ' ')
case $langs in
*en*ja-easy*ko*vi*zh-Hans*) ;;
*) bad "live: the second language does not turn through all of them: $langs" ;;
esac
grep -q "keeping the errors shown" "$tmp/live.err" ||
	bad "live: emptied file not reported: $(cat "$tmp/live.err")"

echo "errors.sh: $fail failed"
[ $fail -eq 0 ]
