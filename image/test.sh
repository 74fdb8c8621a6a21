#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: image/test.sh IMAGE.img        (`make image-test`; root, not make check)
# Boots the SD-card image's own root file system with its own kernel and
# initrd (Debian's linux-image-arm64, taken from the boot partition) in
# qemu-system-aarch64 -M virt -cpu cortex-a53 (TCG), the image as a virtio
# disk, user-mode networking with a host port forwarded to the API, and
# checks from the host:
#  boot 1  machiaid started by systemd (Type=notify: "Started" only after
#          READY=1), machiai.conf read from the boot partition in its
#          Windows form (CRLF, UTF-8 BOM), /v1/status answers with the office
#          of that file, the root grew to fill the (enlarged) disk, the root
#          is read-only under the RAM overlay, the clock check ran, the
#          feed publisher PUTs the status over HTTPS (a CA made here, put on
#          the boot partition as ca_file) to nginx on the host (10.0.2.2 in
#          the guest), the sign runs on KMS/DRM (a virtio GPU) and its
#          picture, taken with qemu's screendump, is read back with
#          tesseract; a ticket is issued and called, and the guest's sound
#          card (usb-audio on qemu's xHCI, recorded by qemu's wav audiodev)
#          plays the chime and then speech; the kiosk page answers; then a
#          power cut (qemu killed with SIGKILL). Before booting: the ticket
#          printer's program and unit and the kiosk page are in the root.
#  host    the state partition is consistent after the cut and holds the
#          daemon's files.
#  boot 2  comes back by itself after the cut and answers again.
#  boot 3  a machiai.conf with an error: machiaid is not started, the
#          errors, with their line, are logged, and the sign shows them
#          (read back from the screen).
# Environment: MACHIAI_TEST_TIMEOUT (seconds per boot, default 900),
# MACHIAI_TEST_KEEP=1 keeps the work directory.
set -eu

img=${1:?usage: test.sh IMAGE.img}
timeout=${MACHIAI_TEST_TIMEOUT:-900}
here=$(cd "$(dirname "$0")" && pwd)
t0=$(date +%s)
work=$(mktemp -d /tmp/machiai-image-test.XXXXXX)
qpid=""
npid=""
fails=0
notes=""

say() { echo "image-test: $* ($(($(date +%s) - t0)) s)"; }
pass() { say "ok: $*"; }
fail() {
	say "FAIL: $*"
	fails=$((fails + 1))
}
note() {
	say "not checked: $*"
	notes="$notes
  - $*"
}

cleanup() {
	[ -n "$qpid" ] && kill -9 "$qpid" 2>/dev/null
	[ -n "$npid" ] && kill "$npid" 2>/dev/null
	if [ "${MACHIAI_TEST_KEEP:-0}" = 1 ]; then
		echo "image-test: work directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT INT TERM

port_free() { ! ss -Htln "sport = :$1" | grep -q .; }
port_pick() { # port_pick BASE
	p=$(($1 + $$ % 1000))
	while ! port_free "$p"; do p=$((p + 1)); done
	echo "$p"
}

boot_off=$((4 * 1024 * 1024)) # p1 starts at 4 MiB (image/build.sh)
disk=$work/disk.img
say "copying $img"
cp --sparse=always "$img" "$disk"
# A bigger card than the image: the root must grow on the first boot.
truncate -s +1G "$disk"
export MTOOLS_SKIP_CHECK=1
mcopy -n -i "$disk@@$boot_off" ::vmlinuz "$work/vmlinuz" 2>/dev/null ||
	mcopy -n -i "$disk@@$boot_off" "::$(mdir -b -i "$disk@@$boot_off" | sed -n 's|^::/||p' | grep '^vmlinuz' | head -n 1)" "$work/vmlinuz"
mcopy -n -i "$disk@@$boot_off" ::initrd.img "$work/initrd.img" 2>/dev/null ||
	mcopy -n -i "$disk@@$boot_off" "::$(mdir -b -i "$disk@@$boot_off" | sed -n 's|^::/||p' | grep '^initrd.img' | head -n 1)" "$work/initrd.img"
mcopy -n -i "$disk@@$boot_off" ::machiai.conf "$work/image.conf" || {
	fail "the image has no machiai.conf on its boot partition"
	exit 1
}

# part_extract N OUT: partition N of the disk as a file.
part_extract() {
	line=$(sfdisk -d "$disk" | grep "^$disk$1 ")
	pstart=$(echo "$line" | sed -n 's/.*start= *\([0-9]*\).*/\1/p')
	psize=$(echo "$line" | sed -n 's/.*size= *\([0-9]*\).*/\1/p')
	dd if="$disk" of="$2" bs=4M iflag=skip_bytes,count_bytes skip=$((pstart * 512)) \
		count=$((psize * 512)) conv=sparse status=none
}
# Does the image's machiaid publish a feed (is it linked with libcurl)?
part_extract 3 "$work/root.ext4"
debugfs -R "dump /usr/bin/machiaid $work/machiaid" "$work/root.ext4" >/dev/null 2>&1 || true
has_feed=0
if readelf -d "$work/machiaid" 2>/dev/null | grep -q 'libcurl'; then
	has_feed=1
fi
# The ticket printer's program and unit ship in the image (started only
# where machiai.conf has a [printer]).
for f in /usr/bin/machiai-printer /usr/lib/systemd/system/machiai-printer.service \
	/usr/share/machiai/kiosk/index.html; do
	if debugfs -R "stat $f" "$work/root.ext4" 2>/dev/null | grep -q '^Inode:'; then
		pass "the image has $f"
	else
		fail "the image has no $f"
	fi
done
rm -f "$work/root.ext4" "$work/machiaid"

# The image's machiai.conf must be in Windows form already.
if head -c 3 "$work/image.conf" | od -An -tx1 | grep -q 'ef bb bf' && grep -q "$(printf '\r')\$" "$work/image.conf"; then
	pass "machiai.conf on the boot partition has a UTF-8 BOM and CRLF line ends"
else
	fail "machiai.conf on the boot partition is not in Windows form (BOM + CRLF)"
fi

# The test's machiai.conf: the image's, with the API on all interfaces (the
# host reaches it through the forwarded port), the feed to the host's nginx
# and the office open all day every day (so that a ticket can be issued
# whenever the test runs); written back with BOM and CRLF, as Notepad would.
feed_port=$(port_pick 31000)
api_port=$(port_pick 32000)
plain() { sed -e '1s/^\xEF\xBB\xBF//' -e 's/\r$//' "$1"; }
windows() { # windows SRC DEST
	{
		printf '\357\273\277'
		sed -e 's/$/\r/' "$1"
	} >"$2"
}
feed_token=image-test-feed-token-0123456789
feed_key=image-test-hmac-key-0123456789
# The API is opened to the host: tokens of its own for staff and the kiosk
# (the example ones are refused off loopback), as facilities staff set them
# (docs/install.md).
api_token=image-test-api-token-0123456789
kiosk_token=image-test-kiosk-token-0123456789
plain "$work/image.conf" | awk -v feed="https://10.0.2.2:$feed_port/machiai" \
	-v ftoken="$feed_token" -v fkey="$feed_key" -v atoken="$api_token" -v ktoken="$kiosk_token" '
	function feedkeys() {
		print "url = " feed; print "token = " ftoken; print "hmac_key = " fkey
		print "ca_file = /boot/firmware/feed-ca.pem"; print "min_gap = 1"
	}
	function flush() {
		if (sect == "api" && !had_listen) print "listen = 0.0.0.0:8080"
		if (sect == "api" && !had_token) print "token = " atoken
		if (sect == "feed" && !had_url) feedkeys()
	}
	/^[ \t]*\[/ {
		flush()
		sect = $0; gsub(/[][ \t]/, "", sect); had_listen = 0; had_url = 0; had_token = 0
		seen[sect] = 1
		print; next
	}
	sect == "api" && /^[ \t]*listen[ \t]*=/ { print "listen = 0.0.0.0:8080"; had_listen = 1; next }
	sect == "api" && /^[ \t]*token[ \t]*=/ { print "token = " atoken; had_token = 1; next }
	sect == "kiosk" && /^[ \t]*token[ \t]*=/ { print "token = " ktoken; next }
	sect == "feed" && /^[ \t]*url[ \t]*=/ { feedkeys(); had_url = 1; next }
	sect == "feed" && /^[ \t]*(ca_file|token|hmac_key|min_gap)[ \t]*=/ { next }
	sect == "hours" && /^[ \t]*(mon|tue|wed|thu|fri|sat|sun)[ \t]*=/ { sub(/=.*/, "= 00:00-23:59"); print; next }
	{ print }
	END {
		flush()
		if (!seen["api"]) { print ""; print "[api]"; print "listen = 0.0.0.0:8080"; print "token = " atoken }
		if (!seen["feed"]) { print ""; print "[feed]"; feedkeys() }
	}' >"$work/test.conf.plain"
windows "$work/test.conf.plain" "$work/test.conf"
office_id=$(awk '/^[ \t]*\[/ { s = $0; gsub(/[][ \t]/, "", s); next }
	s == "office" && /^[ \t]*id[ \t]*=/ { sub(/^[^=]*=[ \t]*/, ""); sub(/[ \t]*$/, ""); print; exit }' "$work/test.conf.plain")
token=$(awk '/^[ \t]*\[/ { s = $0; gsub(/[][ \t]/, "", s); next }
	s == "api" && /^[ \t]*token[ \t]*=/ { sub(/^[^=]*=[ \t]*/, ""); sub(/[ \t]*$/, ""); print; exit }' "$work/test.conf.plain")
conf_put() { mcopy -o -i "$disk@@$boot_off" "$1" ::machiai.conf; }
conf_put "$work/test.conf"

# A CA made here and a certificate for 10.0.2.2 (the host as the guest sees
# it); the CA goes onto the boot partition, named by ca_file.
"$here/../tests/testca.sh" "$work" IP:10.0.2.2
mcopy -o -i "$disk@@$boot_off" "$work/ca.pem" ::feed-ca.pem

# nginx on the host's loopback: the city feed server, accepting PUTs over
# HTTPS with the token.
mkdir -p "$work/nginx/feed/machiai" "$work/nginx/tmp"
# nginx's workers run as another user: let them in and let them write.
chmod 755 "$work" "$work/nginx"
chmod 777 "$work/nginx/feed" "$work/nginx/feed/machiai" "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<NGINX
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log info;
events { worker_connections 64; }
http {
	access_log $work/nginx/access.log;
	client_body_temp_path $work/nginx/tmp;
	proxy_temp_path $work/nginx/tmp;
	fastcgi_temp_path $work/nginx/tmp;
	uwsgi_temp_path $work/nginx/tmp;
	scgi_temp_path $work/nginx/tmp;
	server {
		listen 127.0.0.1:$feed_port ssl;
		ssl_certificate $work/server.pem;
		ssl_certificate_key $work/server.key;
		root $work/nginx/feed;
		location / {
			if (\$http_authorization != "Bearer $feed_token") { return 401; }
			dav_methods PUT DELETE;
			create_full_put_path on;
			client_max_body_size 4m;
		}
	}
}
NGINX
nginx -c "$work/nginx/nginx.conf" &
npid=$!

# boot N CMDLINE_EXTRA: start qemu in the background, serial to serial-N.log.
boot() {
	n=$1
	shift
	: >"$work/serial-$n.log"
	rm -f "$work/monitor.sock"
	qemu-system-aarch64 -M virt -cpu cortex-a53 -smp 2 -m 1024 \
		-kernel "$work/vmlinuz" -initrd "$work/initrd.img" \
		-no-reboot -append "panic=1 root=LABEL=RASPIROOT rootwait fsck.repair=yes console=ttyAMA0 systemd.journald.forward_to_console=1 $*" \
		-drive if=none,id=hd,file="$disk",format=raw,cache=unsafe \
		-device virtio-blk-pci,drive=hd \
		-netdev user,id=net,hostfwd=tcp:127.0.0.1:$api_port-:8080 \
		-device virtio-net-pci,netdev=net,romfile= \
		-device virtio-rng-pci \
		-device virtio-gpu-pci,xres=1280,yres=720 \
		-device qemu-xhci -device usb-audio,audiodev=snd \
		-audiodev wav,id=snd,path="$work/audio-$n.wav" \
		-display none -monitor unix:"$work/monitor.sock",server,nowait \
		-serial file:"$work/serial-$n.log" &
	qpid=$!
	boot_t0=$(date +%s)
}
boot_secs() { echo $(($(date +%s) - boot_t0)); }
alive() { kill -0 "$qpid" 2>/dev/null; }
# wait_for SECONDS COMMAND...: until COMMAND succeeds; 1 on timeout or qemu exit.
wait_for() {
	limit=$1
	shift
	while ! "$@" >/dev/null 2>&1; do
		alive || return 1
		[ "$(boot_secs)" -lt "$limit" ] || return 1
		sleep 3
	done
}
poweroff_hard() {
	kill -9 "$qpid" 2>/dev/null
	wait "$qpid" 2>/dev/null || true
	qpid=""
}
status() { curl -fsS --max-time 5 "http://127.0.0.1:$api_port/v1/status"; }
# screen NAME: the guest's screen (qemu's screendump) read with tesseract
# into NAME.txt, spaces removed; 1 when there is no picture.
screen() {
	rm -f "$work/$1.ppm"
	python3 - "$work/monitor.sock" "$work/$1.ppm" <<'PY' || return 1
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(5)
s.recv(4096)
s.sendall(("screendump %s\n" % sys.argv[2]).encode())
time.sleep(2)
PY
	[ -s "$work/$1.ppm" ] || return 1
	tesseract "$work/$1.ppm" "$work/$1.raw" -l jpn+eng --psm 11 >/dev/null 2>&1 || return 1
	tr -d ' \n' <"$work/$1.raw.txt" >"$work/$1.txt"
}
# screen_has NAME TEXT...: a new picture in which every TEXT is read.
screen_has() {
	name=$1
	shift
	screen "$name" || return 1
	for want in "$@"; do
		grep -qF -- "$want" "$work/$name.txt" || return 1
	done
}
serial_has() { grep -a -q -- "$2" "$work/serial-$1.log"; }

# --- boot 1 ---------------------------------------------------------------
say "boot 1"
# Under emulation Open JTalk takes tens of seconds for a sentence, where a Pi
# takes well under one: the sign waits for its speech up to two minutes.
boot 1 systemd.setenv=MACHIAI_SPEECH_WAIT=120000
if wait_for "$timeout" status; then
	pass "boot 1: /v1/status answers through the forwarded port after $(boot_secs) s"
	status >"$work/status-1.json"
	if [ -n "$office_id" ] && grep -q "\"id\": *\"$office_id\"" "$work/status-1.json"; then
		pass "the status shows office id '$office_id' of the CRLF+BOM machiai.conf"
	else
		fail "the status does not show office id '$office_id' from machiai.conf"
	fi
else
	fail "boot 1: /v1/status did not answer within $timeout s"
fi
wait_for 120 serial_has 1 "Reached target.*Multi-User" || true
if serial_has 1 "Started.*machiai lobby appliance daemon"; then
	pass "systemd reports machiaid started (Type=notify: READY=1 received)"
else
	fail "systemd never reported machiaid started (no READY=1?)"
fi
if curl -fsS --max-time 5 "http://127.0.0.1:$api_port/healthz" >/dev/null; then
	pass "/healthz answers"
else
	fail "/healthz does not answer"
fi
if curl -fsS --max-time 5 "http://127.0.0.1:$api_port/kiosk/" | grep -q 'kiosk.js' &&
	curl -fsS --max-time 5 "http://127.0.0.1:$api_port/v1/kiosk" | grep -q '"categories"'; then
	pass "the kiosk page and its setup answer (/kiosk/, /v1/kiosk)"
else
	fail "the kiosk page or /v1/kiosk does not answer"
fi
if serial_has 1 "machiai: root is read-only under a RAM overlay"; then
	pass "root read-only under the RAM overlay"
else
	fail "the initramfs did not set up the overlay root"
fi
if serial_has 1 "growroot: .* is now"; then
	pass "root grew on first boot: $(grep -a -o 'growroot: .* is now [0-9]* MiB' "$work/serial-1.log" | head -n 1)"
else
	fail "the root partition did not grow on first boot"
fi
# The clock check ran under the sandbox (its verdict depends on qemu's RTC
# and on whether an NTP server answers).
clock=$(grep -o '"clock_set": *[a-z]*' "$work/status-1.json" 2>/dev/null | sed 's/.*: *//')
if [ -n "$clock" ] && serial_has 1 "machiaid.*clock: \(set\|not set\)"; then
	pass "clock check: clock_set $clock; $(grep -a -o 'clock: \(set ([a-z]*)\|not set\)' "$work/serial-1.log" | head -n 1)"
else
	fail "no clock check by machiaid (clock_set '${clock}' in the status, nothing in the log)"
fi
# The feed: wait for the status document on the host's nginx, over HTTPS.
feed_put() { grep -q "\"$office_id\"" "$work/nginx/feed/machiai/offices/$office_id/status.json"; }
if [ "$has_feed" = 0 ]; then
	note "the feed: the image's machiaid has no feed publisher (not linked with libcurl)"
elif [ "$clock" = false ]; then
	note "the feed: the guest's clock is not set, so nothing is published"
elif wait_for $(($(boot_secs) + 150)) feed_put; then
	pass "the feed publisher PUT the status over HTTPS (test CA from the boot partition) to nginx on the host: $(grep -c '"PUT' "$work/nginx/access.log") request(s), $(find "$work/nginx/feed" -type f | wc -l) file(s)"
else
	if grep -q '"PUT' "$work/nginx/access.log" 2>/dev/null; then
		fail "the feed publisher's PUTs were refused: $(grep '"PUT' "$work/nginx/access.log" | tail -n 1)"
	else
		fail "no feed PUT reached nginx on the host in 150 s"
	fi
fi
# The sign: machiai-display on the virtio GPU's KMS/DRM, read back from the screen.
name_ja=$(grep -o '"ja": *"[^"]*"' "$work/status-1.json" | head -n 1 | sed 's/.*: *"//; s/"$//; s/ //g')
if wait_for $(($(boot_secs) + 240)) screen_has sign-1 お呼び出し; then
	pass "the sign shows on the screen: $(head -c 120 "$work/sign-1.txt")"
	if grep -qF -- "$name_ja" "$work/sign-1.txt"; then
		pass "the sign shows the office name '$name_ja' of machiai.conf"
	else
		fail "the sign does not show the office name '$name_ja'"
	fi
else
	fail "no sign on the screen within 240 s; tesseract read: $(head -c 200 "$work/sign-1.txt" 2>/dev/null)"
	grep -a 'machiai-display' "$work/serial-1.log" | tail -n 5
fi
if serial_has 1 "machiai-display.service: Main process exited"; then
	fail "machiai-display exited during boot 1: $(grep -a 'machiai-display' "$work/serial-1.log" | grep -a -v Started | head -n 3 | tr '\n' ' ')"
fi
# Something to survive the power cut: a ticket (if the API takes it).
ticket=""
if [ -n "$token" ]; then
	cat1=$(sed -n 's/.*"categories": *\[ *{ *"id": *"\([^"]*\)".*/\1/p' "$work/status-1.json" | head -n 1)
	[ -n "$cat1" ] || cat1=$(grep -o '"categories":[^]]*' "$work/status-1.json" | grep -o '"id": *"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
	if curl -fsS --max-time 5 -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		-d "{\"category\": \"$cat1\"}" "http://127.0.0.1:$api_port/v1/tickets" >"$work/ticket.json" 2>"$work/ticket.err"; then
		ticket=$(grep -o '"ticket": *"[^"]*"' "$work/ticket.json" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
		[ -n "$ticket" ] || ticket=$(grep -o '"label": *"[^"]*"' "$work/ticket.json" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
		pass "ticket issued through the API before the power cut: ${ticket:-?}"
	else
		note "issuing a ticket before the power cut ($(cat "$work/ticket.err"))"
	fi
else
	note "issuing a ticket before the power cut (no [api] token in machiai.conf)"
fi
# Spoken calls: the ticket called at a window that serves it; qemu records
# the guest's USB sound card to audio-1.wav (its header is written at
# exit: the samples are read as they come, in the format of the header's
# start). The chime is found by its first tone (E5, 659 Hz), speech as
# sound after it.
audio_heard() {
	python3 - "$work/audio-1.wav" >"$work/audio-1.txt" <<'PY'
import math, struct, sys
d = open(sys.argv[1], "rb").read()
if len(d) < 44:
    sys.exit(1)
ch, rate = struct.unpack("<HI", d[22:28])
n = (len(d) - 44) // (2 * ch)
pcm = struct.unpack("<%dh" % (n * ch), d[44:44 + n * 2 * ch])[::ch]
frame = rate // 50
loud = [max(map(abs, pcm[i:i + frame])) > 300 for i in range(0, n - frame, frame)]
if True not in loud:
    print("silence (%.1f s recorded)" % (n / rate))
    sys.exit(1)
def power(f, a, b):
    w = 2 * math.pi * f / rate
    re = sum(v * math.cos(w * i) for i, v in enumerate(pcm[a:b]))
    im = sum(v * math.sin(w * i) for i, v in enumerate(pcm[a:b]))
    return (re * re + im * im) * 2 / (b - a)
def e5(on):  # the share of E5 in the 250 ms from @on
    a, b = on, on + rate // 4
    return power(659.26, a, b) / max(sum(v * v for v in pcm[a:b]), 1)
# The chime: the first onset (sound after silence) that starts with E5; a
# click as the device opens is not it.
onsets = [i * frame for i, v in enumerate(loud) if v and (i == 0 or not loud[i - 1])]
on, tone = onsets[0], e5(onsets[0])
for o in onsets[1:20]:
    if tone > 0.5:
        break
    t = e5(o)
    if t > tone:
        on, tone = o, t
after = on + int(1.3 * rate)
speech = sum(loud[after // frame:]) * frame / rate
print("sound at %.1f s: E5 holds %.0f%% of the first 250 ms; %.1f s of sound after the chime"
      % (on / rate, tone * 100, speech))
sys.exit(0 if tone > 0.5 and speech >= 2.0 else 1)
PY
}
if [ -n "$ticket" ]; then
	win=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(next(w["id"] for w in d["windows"] if w["open"] and sys.argv[2] in w["categories"]))' \
		"$work/status-1.json" "$cat1" 2>/dev/null || true)
	if [ -n "$win" ] && curl -fsS --max-time 5 -X POST -H "Authorization: Bearer $token" \
		-H 'Content-Type: application/json' -d '{}' \
		"http://127.0.0.1:$api_port/v1/windows/$win/call" >"$work/call.json" 2>"$work/call.err"; then
		if wait_for $(($(boot_secs) + 180)) audio_heard; then
			pass "the call of $ticket at window $win is heard: $(cat "$work/audio-1.txt")"
		else
			fail "no chime and speech recorded from the guest's sound card: $(cat "$work/audio-1.txt" 2>/dev/null)"
		fi
		grep -a "machiai-display.*speech\|machiai-display.*audio" "$work/serial-1.log" | head -n 3
	else
		fail "calling $ticket at window '${win:-?}' through the API: $(cat "$work/call.err" 2>/dev/null)"
	fi
fi
sleep 7 # > commit=5 of the state partition
say "power cut (SIGKILL to qemu) after $(boot_secs) s of boot 1"
poweroff_hard

# --- the file systems after the cut ---------------------------------------
part_extract 3 "$work/root.ext4"
e2fsck -fn "$work/root.ext4" >"$work/e2fsck-root.log" 2>&1 && rc=0 || rc=$?
if [ "$rc" = 0 ]; then
	pass "root file system clean after the power cut (read-only under the overlay)"
else
	fail "root file system not clean after the power cut (e2fsck -n exit $rc)"
fi
rm -f "$work/root.ext4"
part_extract 2 "$work/data.ext4"
e2fsck -fy "$work/data.ext4" >"$work/e2fsck.log" 2>&1 && rc=0 || rc=$?
if [ "$rc" -le 1 ]; then
	pass "state partition consistent after the power cut (e2fsck exit $rc)"
else
	fail "state partition damaged by the power cut (e2fsck exit $rc): $(tail -n 3 "$work/e2fsck.log")"
fi
files=$(debugfs -R "ls -p /" "$work/data.ext4" 2>/dev/null | awk -F/ '$6 != "" && $6 != "." && $6 != ".." && $6 != "lost+found" { print $6 }' | tr '\n' ' ')
if [ -n "$files" ]; then
	pass "the daemon's state is on the state partition: $files"
else
	fail "the state partition holds no files of the daemon"
fi

# --- boot 2: back by itself -----------------------------------------------
say "boot 2 (after the power cut)"
boot 2
if wait_for "$timeout" status; then
	pass "boot 2: back after the power cut, /v1/status answers after $(boot_secs) s"
	status >"$work/status-2.json"
	if [ -n "$ticket" ]; then
		if grep -q "\"$ticket\"" "$work/status-2.json"; then
			pass "ticket $ticket survived the power cut"
		else
			fail "ticket $ticket was lost in the power cut"
		fi
	fi
else
	fail "boot 2: /v1/status did not answer within $timeout s after the power cut"
fi
if serial_has 2 "growroot: .* already fills"; then
	pass "growroot does nothing on the second boot"
else
	fail "growroot did not report on the second boot"
fi
poweroff_hard

# --- boot 3: a wrong machiai.conf -----------------------------------------
# A bad value on a known line, at the end of [office].
awk '{ print } /^[ \t]*\[office\]/ { print "no_such_key = 1" }' "$work/test.conf.plain" >"$work/bad.conf.plain"
bad_line=$(grep -n '^no_such_key = 1$' "$work/bad.conf.plain" | cut -d: -f1)
windows "$work/bad.conf.plain" "$work/bad.conf"
conf_put "$work/bad.conf"
say "boot 3 (machiai.conf with an error on line $bad_line)"
boot 3
if wait_for "$timeout" serial_has 3 "machiai.conf:$bad_line:"; then
	pass "the error is reported with its line: $(grep -a -o "machiai.conf:$bad_line:.*" "$work/serial-3.log" | head -n 1)"
else
	fail "no 'machiai.conf:$bad_line:' error reported within $timeout s"
fi
wait_for 180 serial_has 3 "Reached target.*Multi-User" || true
if status; then
	fail "machiaid answers although machiai.conf is wrong"
else
	pass "machiaid is not started while machiai.conf is wrong"
fi
if serial_has 3 "check-config: .* error(s) in"; then
	pass "the errors are left for the sign in /run/machiai"
else
	fail "check-config did not leave the errors for the sign"
fi
if wait_for $(($(boot_secs) + 240)) screen_has errors-3 machiai.conf "$bad_line"; then
	pass "the sign shows the error with its line $bad_line: $(head -c 120 "$work/errors-3.txt")"
else
	fail "the sign does not show line $bad_line of the error; tesseract read: $(head -c 200 "$work/errors-3.txt" 2>/dev/null)"
fi
poweroff_hard

say "done: $fails failure(s)${notes:+; not checked:$notes}"
[ "$fails" = 0 ]
