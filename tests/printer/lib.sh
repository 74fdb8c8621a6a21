# SPDX-License-Identifier: MIT
# Shared by the ticket printer's tests (sourced, after tests/daemon/lib.sh):
# the test printer (tests/printer/fakeprinter.py), machiai-printer, and
# reading printed tickets back (tests/printer/escpos2png.py, tesseract, zbarimg).
KIOSK_TOKEN=kiosk-token-0123456789
PAGE_URL=https://example.city.jp/machiai/status/#office=131016-9999
FAKE=$TMP/fake
FAKE_PID=
PRINTER_PID=
# tesseract's OpenMP threads only slow it down on a loaded machine.
export OMP_THREAD_LIMIT=1

if ! command -v zbarimg >/dev/null || ! command -v tesseract >/dev/null ||
	! tesseract --list-langs 2>/dev/null | grep -qx jpn; then
	echo "$(basename "$0"): zbarimg and tesseract with jpn are needed (scripts/deps.sh test)"
	exit 1
fi

printer_cleanup() {
	for p in $PRINTER_PID $FAKE_PID; do
		kill "$p" 2>/dev/null && { wait "$p" 2>/dev/null || true; }
	done
	cleanup
}
trap printer_cleanup EXIT INT TERM

# start_fake tcp|pty: the test printer; sets FAKE_ADDR (HOST:PORT or a device path).
start_fake() {
	mkdir -p "$FAKE"
	echo ok >"$FAKE/mode"
	python3 tests/printer/fakeprinter.py "$FAKE" "$1" &
	FAKE_PID=$!
	f=$FAKE/port
	[ "$1" = pty ] && f=$FAKE/device
	i=0
	while [ ! -s "$f" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && die "the test printer did not start"
		sleep 0.05
	done
	FAKE_ADDR=$(cat "$f")
	[ "$1" = tcp ] && FAKE_ADDR=127.0.0.1:$FAKE_ADDR
	true
}

# printer_conf KEY-LINE...: CONF becomes the daemon's test.conf with a printer
# (the given [printer] lines), the kiosk, the residents' page and GPIO buttons.
printer_conf() {
	CONF=$TMP/printer.conf
	{
		cat tests/daemon/test.conf
		printf '\n[feed]\nstatus_page_url = %s\n' "$PAGE_URL"
		printf '\n[printer]\n'
		for l in "$@"; do echo "$l"; done
		printf 'timeout = 2\nfooter = 番号札はお呼びするまでお持ちください\n'
		printf '\n[kiosk]\ntoken = %s\n' "$KIOSK_TOKEN"
		printf '\n[gpio]\nchip = sim\nticket.A = 3\n'
	} >"$CONF"
}

start_printer() {
	"$BUILD/machiai-printer" --config "$CONF" --daemon "$URL" 2>"$TMP/printer.log" &
	PRINTER_PID=$!
}

fake_mode() { echo "$1" >"$FAKE/mode"; }

# wait_hung: after hang_mid and a ticket, until the test printer has stopped mid-ticket.
wait_hung() {
	i=0
	while [ "$(cat "$FAKE/mode")" != hang ] && [ $i -lt 200 ]; do
		i=$((i + 1))
		sleep 0.05
	done
	expect "printer hung mid-ticket" "$(cat "$FAKE/mode")" hang
}

# kiosk_ticket CATEGORY [LANG]: issue with the kiosk's token; the answer in $TMP/ticket.
kiosk_ticket() {
	curl -s -o "$TMP/ticket" -w '%{http_code}' -X POST -H "Authorization: Bearer $KIOSK_TOKEN" \
		-d "{\"category\":\"$1\"${2:+,\"lang\":\"$2\"}}" "$URL/v1/tickets"
}

# wait_job TICKET STATE: poll the print job until it is in STATE (15 s at most).
wait_job() {
	i=0
	while [ "$(curl -s "$URL/v1/printer/jobs/$1" | jq -r .state)" != "$2" ]; do
		i=$((i + 1))
		if [ $i -gt 150 ]; then
			fail "job $1: $(curl -s "$URL/v1/printer/jobs/$1"), expected $2"
			return 1
		fi
		sleep 0.1
	done
}

# decode CONN NAME: the tickets recorded on connection CONN as $TMP/NAME-N.png;
# prints how many there are.
decode() {
	python3 tests/printer/escpos2png.py "$FAKE/conn-$1.bin" "$TMP/$2" >"$TMP/$2.list" ||
		fail "conn-$1.bin: not ESC/POS the decoder understands"
	wc -l <"$TMP/$2.list"
}

# read_qr PNG: the text of the QR code on it into PNG.qr.
read_qr() {
	zbarimg -q --raw "$1" 2>/dev/null >"$1.qr" || true
}

# read_ticket PNG: what tesseract reads on it and on its small copy (where the
# large number reads better), blanks left out, into PNG.read; the QR code's
# text into PNG.qr.
read_ticket() {
	small=${1%.png}-small.png
	tesseract "$1" "$1" -l jpn+eng --psm 11 >/dev/null 2>&1
	tesseract "$small" "$small" -l jpn+eng --psm 11 >/dev/null 2>&1
	cat "$1.txt" "$small.txt" | tr -d ' ' | grep -v '^$' >"$1.read"
	read_qr "$1"
}

# want_read PNG PATTERN...: each grep -E PATTERN is in what was read on PNG.
want_read() {
	png=$1
	shift
	for w in "$@"; do
		grep -qE -- "$w" "$png.read" || fail "$(basename "$png"): \"$w\" not read; read: $(tr '\n' '|' <"$png.read")"
	done
}
