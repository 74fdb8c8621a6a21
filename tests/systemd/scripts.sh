#!/bin/sh
# SPDX-License-Identifier: MIT
# The helper scripts of the systemd units: display-start (DRM card choice,
# the daemon's address from a Notepad-edited machiai.conf, the error mode)
# and check-config (the boot-time check of machiai.conf and the files it
# leaves for the sign), with the real machiaid and machiai-display of
# $BUILD when they are built.
set -eu

BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d /tmp/machiai-units.XXXXXX)
trap 'rm -rf "$t"' EXIT INT TERM
fails=0
ok() { echo "ok - $*"; }
bad() {
	echo "not ok - $*"
	fails=$((fails + 1))
}
windows() { # windows SRC DEST: UTF-8 BOM and CRLF, as Notepad saves
	{
		printf '\357\273\277'
		sed -e 's/$/\r/' "$1"
	} >"$2"
}

# A display stand-in that prints how it was started.
cat >"$t/display" <<'SH'
#!/bin/sh
[ "${1:-}" = --help ] && { echo "usage: machiai-display --source URL|FILE [--config machiai.conf] [--speech-wait MS]"; exit 0; }
echo "ARGS=$* IDX=${SDL_KMSDRM_DEVICE_INDEX:-} CARD=${MACHIAI_DRM_CARD:-}"
SH
chmod +x "$t/display"
drm=$t/drm
mkdir -p "$drm/card0-HDMI-A-1" "$drm/card1-HDMI-A-1" "$drm/card1-HDMI-A-2" "$t/run"
echo disconnected >"$drm/card0-HDMI-A-1/status"
echo disconnected >"$drm/card1-HDMI-A-1/status"
echo connected >"$drm/card1-HDMI-A-2/status"
printf '[office]\nid = 1\n\n[api]\nlisten = 0.0.0.0:9090 ; all interfaces\n' >"$t/plain.conf"
windows "$t/plain.conf" "$t/win.conf"

ds() { ds_with "$t/display"; }
ds_with() { env -u SDL_KMSDRM_DEVICE_INDEX -u MACHIAI_SOURCE MACHIAI_DISPLAY="$1" \
	MACHIAI_SYSFS_DRM="$drm" MACHIAI_RUNDIR="$t/run" MACHIAI_CONF="$t/win.conf" \
	sh "$top/systemd/display-start" 2>&1; }

out=$(ds)
case "$out" in
*"ARGS=--source http://127.0.0.1:9090/v1/stream --config $t/win.conf IDX=1 CARD=/dev/dri/card1"*) ok "display-start: connected card1, API address from a BOM+CRLF machiai.conf, --config" ;;
*) bad "display-start picked wrong: $out" ;;
esac
echo connected >"$drm/card0-HDMI-A-1/status"
echo disconnected >"$drm/card1-HDMI-A-2/status"
out=$(ds)
case "$out" in
*"IDX=0 CARD=/dev/dri/card0"*) ok "display-start: follows the connector when the card numbers swap" ;;
*) bad "display-start after the swap: $out" ;;
esac
echo disconnected >"$drm/card0-HDMI-A-1/status"
out=$(ds)
case "$out" in
*"IDX=0 "*) ok "display-start: nothing connected, first card with a connector" ;;
*) bad "display-start with nothing connected: $out" ;;
esac
out=$(MACHIAI_SPEECH_WAIT=60000 ds)
case "$out" in
*"/v1/stream --speech-wait 60000 --config "*) ok "display-start: MACHIAI_SPEECH_WAIT gives the sign --speech-wait" ;;
*) bad "display-start with MACHIAI_SPEECH_WAIT: $out" ;;
esac

# check-config with a daemon stand-in that finds two errors.
cat >"$t/machiaid-bad" <<'SH'
#!/bin/sh
[ "$1" = --check-config ] || exit 9
printf '%s:3: unknown key "fo\\o" in [office]\n%s:7: 窓口 "1": "quoted"\tand tab\n' "$2" "$2"
exit 2
SH
chmod +x "$t/machiaid-bad"
MACHIAID="$t/machiaid-bad" sh "$top/systemd/check-config" "$t/win.conf" "$t/run" 2>/dev/null
if [ "$(grep -c ':[37]: ' "$t/run/config-errors.txt")" = 2 ]; then
	ok "check-config: errors with their lines in config-errors.txt"
else
	bad "check-config: config-errors.txt wrong: $(cat "$t/run/config-errors.txt" 2>&1)"
fi
if command -v python3 >/dev/null; then
	if python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
n = d["service"]["notice"]["ja"]
assert d["version"] == 1 and d["service"]["status"] == "suspended"
assert ":3: unknown key \"fo\\o\"" in n and "窓口" in n and n.count("\n") == 1, n
' "$t/run/config-errors.json"; then
		ok "check-config: config-errors.json is a status document carrying the errors"
	else
		bad "check-config: config-errors.json is wrong"
	fi
fi
out=$(ds)
case "$out" in
*"ARGS=--source $t/run/config-errors.json"*) ok "display-start: an old display shows the errors through the status document" ;;
*) bad "display-start with errors: $out" ;;
esac
# A display with the error screen is given the error file itself.
sed 's/--config machiai.conf]/--config machiai.conf]\n       machiai-display --errors FILE/' "$t/display" >"$t/display-errors"
chmod +x "$t/display-errors"
out=$(MACHIAI_LAYOUT=portrait ds_with "$t/display-errors")
case "$out" in
*"ARGS=--errors $t/run/config-errors.txt --layout portrait IDX="*) ok "display-start: the error screen (--errors) when the display has it" ;;
*) bad "display-start with --errors: $out" ;;
esac
# The real display's --help lists --errors.
if [ -x "$BUILD/machiai-display" ]; then
	if "$BUILD/machiai-display" --help | grep -q -- '--errors FILE'; then
		ok "machiai-display --help lists --errors"
	else
		bad "machiai-display --help has no --errors"
	fi
fi
rm -f "$t/no.conf"
MACHIAID="$t/machiaid-bad" sh "$top/systemd/check-config" "$t/no.conf" "$t/run" 2>/dev/null
if grep -q 'no.conf: the file is missing' "$t/run/config-errors.txt"; then
	ok "check-config: a missing machiai.conf is an error"
else
	bad "check-config: missing file not reported"
fi
printf '#!/bin/sh\nexit 0\n' >"$t/machiaid-good"
chmod +x "$t/machiaid-good"
MACHIAID="$t/machiaid-good" sh "$top/systemd/check-config" "$t/win.conf" "$t/run" >/dev/null
if [ ! -e "$t/run/config-errors.txt" ] && [ ! -e "$t/run/config-errors.json" ]; then
	ok "check-config: a good machiai.conf clears earlier errors"
else
	bad "check-config: errors left behind for a good file"
fi

# The real daemon: the example config in Notepad's form passes, and an
# unknown key is reported with its line.
if [ -x "$BUILD/machiaid" ] && [ -f "$top/machiai.conf.example" ]; then
	sed -e 's/\r$//' "$top/machiai.conf.example" >"$t/ex.conf"
	windows "$t/ex.conf" "$t/machiai.conf"
	if MACHIAID="$BUILD/machiaid" sh "$top/systemd/check-config" "$t/machiai.conf" "$t/run" >/dev/null 2>&1 &&
		[ ! -e "$t/run/config-errors.txt" ]; then
		ok "check-config + machiaid: the example machiai.conf with BOM and CRLF passes"
	else
		bad "check-config + machiaid: the example with BOM and CRLF fails: $(cat "$t/run/config-errors.txt" 2>&1)"
	fi
	awk '{ print } /^\[office\]/ { print "no_such_key = 1" }' "$t/ex.conf" >"$t/ex-bad.conf"
	line=$(grep -n '^no_such_key = 1$' "$t/ex-bad.conf" | cut -d: -f1)
	windows "$t/ex-bad.conf" "$t/machiai.conf"
	MACHIAID="$BUILD/machiaid" sh "$top/systemd/check-config" "$t/machiai.conf" "$t/run" >/dev/null 2>&1
	if grep -q "machiai.conf:$line: " "$t/run/config-errors.txt" 2>/dev/null; then
		ok "check-config + machiaid: unknown key reported on line $line"
	else
		bad "check-config + machiaid: no error on line $line: $(cat "$t/run/config-errors.txt" 2>&1)"
	fi
	# Both languages: the Japanese under its error in the file, and in the
	# document's Japanese notice with the error's line.
	if grep -A1 "machiai.conf:$line: unknown key 'no_such_key'" "$t/run/config-errors.txt" |
		grep -q "^	ja: 「no_such_key」は \[office\] のキーではありません"; then
		ok "check-config + machiaid: the error in Japanese under it"
	else
		bad "check-config + machiaid: no Japanese: $(cat "$t/run/config-errors.txt" 2>&1)"
	fi
	if command -v python3 >/dev/null && python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
n = d["service"]["notice"]
assert n["ja"].endswith(":%s: 「no_such_key」は [office] のキーではありません（書き間違いか、別のセクションのキーです）" % sys.argv[2]), n
assert n["en"].endswith(":%s: unknown key %s in [office]" % (sys.argv[2], chr(39) + "no_such_key" + chr(39))), n
assert "（1件）" in d["office"]["name"]["ja"], d["office"]
' "$t/run/config-errors.json" "$line"; then
		ok "check-config + machiaid: config-errors.json has the error in ja and en"
	else
		bad "check-config + machiaid: config-errors.json languages wrong"
	fi
	if [ -x "$BUILD/machiai-display" ] && [ -s "$t/run/config-errors.json" ]; then
		if SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$BUILD/machiai-display" \
			--source "$t/run/config-errors.json" --size 640x360 --screenshot "$t/errors.png" >/dev/null 2>&1 &&
			[ -s "$t/errors.png" ]; then
			ok "machiai-display renders the error document"
		else
			bad "machiai-display cannot render the error document"
		fi
		if SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$BUILD/machiai-display" \
			--errors "$t/run/config-errors.txt" --size 640x360 --screenshot "$t/errors2.png" >/dev/null 2>&1 &&
			[ -s "$t/errors2.png" ]; then
			ok "machiai-display renders the error screen (--errors)"
		else
			bad "machiai-display cannot render the error screen (--errors)"
		fi
	fi
else
	echo "# machiaid or machiai.conf.example not there yet: the real-daemon checks are skipped"
fi

[ "$fails" = 0 ]
