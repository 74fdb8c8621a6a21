#!/bin/sh
# SPDX-License-Identifier: MIT
# The ticket printer on a device file, as /dev/usb/lp0 is: a pseudo terminal
# stands in for the kernel's usblp node, with the test printer on its other
# side. It proves the device path of machiai-printer (opening a character
# device read-write, writing a ticket with a stall limit, reading DLE EOT
# answers from the same file, opening it again after a failure); not what
# usblp itself does with a real printer (docs/install.md).
. "$(dirname "$0")/../daemon/lib.sh"
. tests/printer/lib.sh

# machiai-printer.service runs only where machiai.conf sets a printer.
rc=0
"$BUILD/machiai-printer" --config tests/daemon/test.conf --configured || rc=$?
expect "no [printer]: not configured" "$rc" 1

start_fake pty
[ -c "$FAKE_ADDR" ] || die "$FAKE_ADDR is not a character device"
printer_conf "device = $FAKE_ADDR" "paper = 58"
"$BUILD/machiai-printer" --config "$CONF" --configured || fail "[printer] device: not configured"
# As Notepad saves it on the boot partition (UTF-8 BOM, CRLF): the unit's ExecCondition.
{
	printf '\357\273\277'
	sed 's/$/\r/' "$CONF"
} >"$TMP/windows.conf"
"$BUILD/machiai-printer" --config "$TMP/windows.conf" --configured ||
	fail "[printer] in a BOM+CRLF machiai.conf: not configured"
start_daemon
start_printer
wait_for "printer reported" .printer.state '"ok"'

expect "kiosk ticket" "$(kiosk_ticket A ko)" 201
wait_job A-001 printed
expect "one ticket on paper" "$(decode 1 usb)" 1
grep -q ' 384x[0-9]* partial$' "$TMP/usb.list" || fail "58 mm paper is 384 dots: $(cat "$TMP/usb.list")"
read_ticket "$TMP/usb-1.png"
want_read "$TMP/usb-1.png" 'A-001' '証明書' 'お待ちの方0人'
expect "QR code" "$(cat "$TMP/usb-1.png.qr")" "$PAGE_URL&ticket=A-001"

# The device stops taking bytes in the middle of a ticket; it comes back.
fake_mode hang_mid
expect "ticket to a hanging device" "$(kiosk_ticket A)" 201
wait_job A-002 failed
wait_for "device unreachable" '.printer.problems' '["unreachable"]'
fake_mode ok
wait_for "device back" '.printer.state' '"ok"'
expect "ticket after the hang" "$(kiosk_ticket A)" 201
wait_job A-003 printed
expect "one ticket in the new session" "$(decode 2 again)" 1
# A band of NUL bytes before the ticket finishes a band the printer may still be in.
python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); i = d.find(b"\x1b@")
sys.exit(i < 48 * 64 or d[i - 48 * 64:i] != bytes(48 * 64))' "$FAKE/conn-2.bin" ||
	fail "the ticket after the hang does not start with a resync"
read_qr "$TMP/again-1.png"
expect "QR code after the hang" "$(cat "$TMP/again-1.png.qr")" "$PAGE_URL&ticket=A-003"

stop_daemon
finish
