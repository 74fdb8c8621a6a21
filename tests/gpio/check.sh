#!/bin/sh
# SPDX-License-Identifier: MIT
# make check-gpio: the sensor path on a real kernel. Builds gpio-sim and
# irq_sim as out-of-tree modules from Debian's linux-source for the
# installed linux-image-amd64 kernel, boots that kernel in qemu (TCG) with a
# busybox initramfs holding the modules and tests/gpio/gpiotest, lets
# tests/gpio/init drive the gpio-sim lines, and checks what gpiotest saw.
# The kernel sources are extracted at test time and never committed.
# Usage: tests/gpio/check.sh [BUILD]   (gpiotest must be built: make check-gpio)
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
OUT=$BUILD/gpio
mkdir -p "$OUT"

fail() {
	echo "check-gpio: FAIL: $*" >&2
	exit 1
}

# The kernel linux-image-amd64 depends on, its image and headers.
kpkg=$(dpkg-query -W -f='${Depends}' linux-image-amd64 | sed 's/ .*//; s/,.*//')
KVER=${kpkg#linux-image-}
VMLINUZ=/boot/vmlinuz-$KVER
KDIR=/usr/src/linux-headers-$KVER
[ -r "$VMLINUZ" ] || fail "no readable $VMLINUZ (scripts/deps.sh gpio)"
[ -d "$KDIR" ] || fail "no headers in $KDIR (scripts/deps.sh gpio)"
[ -d "/lib/modules/$KVER" ] || fail "no /lib/modules/$KVER"
SRC=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
[ -n "$SRC" ] || fail "no /usr/src/linux-source-*.tar.xz (scripts/deps.sh gpio)"
command -v qemu-system-x86_64 >/dev/null || fail "no qemu-system-x86_64"
[ -x /bin/busybox ] || fail "no /bin/busybox (busybox-static)"
echo "check-gpio: kernel $KVER, source $SRC"

# 1. Modules, cached per kernel and source.
MOD=$OUT/modules
stamp="$KVER $(stat -c %Y "$SRC") $(sha1sum tests/gpio/check.sh | cut -c1-12)"
if [ ! -f "$MOD/stamp" ] || [ "$(cat "$MOD/stamp")" != "$stamp" ]; then
	echo "check-gpio: building gpio-sim and irq_sim against $KDIR"
	rm -rf "$MOD" "$OUT/src"
	mkdir -p "$MOD" "$OUT/src"
	tar -xJf "$SRC" -C "$OUT/src" --wildcards --strip-components=1 \
		'*/drivers/gpio/gpio-sim.c' '*/drivers/gpio/gpiolib.h' '*/kernel/irq/irq_sim.c'
	cp "$OUT/src/drivers/gpio/gpio-sim.c" "$OUT/src/drivers/gpio/gpiolib.h" \
		"$OUT/src/kernel/irq/irq_sim.c" "$MOD/"
	# Built outside the kernel, irq_sim cannot reach handle_simple_irq's
	# descriptor: it raises the interrupt with generic_handle_irq_safe().
	sed -i 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq_safe(irqnum);/' \
		"$MOD/irq_sim.c"
	grep -q 'generic_handle_irq_safe(irqnum)' "$MOD/irq_sim.c" || fail "irq_sim patch did not apply"
	printf '\n#include <linux/module.h>\nMODULE_LICENSE("GPL");\n' >>"$MOD/irq_sim.c"
	echo 'obj-m := irq_sim.o gpio-sim.o' >"$MOD/Kbuild"
	make -s -C "$KDIR" M="$(pwd)/$MOD" modules >"$MOD/build.log" 2>&1 ||
		{ cat "$MOD/build.log" >&2; fail "module build"; }
	rm -rf "$OUT/src"
	echo "$stamp" >"$MOD/stamp"
fi

# 2. Initramfs: busybox, the modules, configfs, gpiotest, /init.
[ -x "$OUT/gpiotest" ] || fail "no $OUT/gpiotest (run make check-gpio)"
ROOT=$OUT/root
rm -rf "$ROOT"
mkdir -p "$ROOT/bin" "$ROOT/lib/modules" "$ROOT/proc" "$ROOT/sys" "$ROOT/dev" "$ROOT/tmp"
cp /bin/busybox "$ROOT/bin/"
for app in $(/bin/busybox --list); do
	[ "$app" = busybox ] || ln -s busybox "$ROOT/bin/$app"
done
cp "$MOD/irq_sim.ko" "$MOD/gpio-sim.ko" "$ROOT/lib/modules/"
cfs=$(find "/lib/modules/$KVER" -name 'configfs.ko*' | head -n 1)
[ -n "$cfs" ] || fail "no configfs module in /lib/modules/$KVER"
case "$cfs" in
*.xz) xz -dc "$cfs" >"$ROOT/lib/modules/configfs.ko" ;;
*.zst) zstd -dqc "$cfs" >"$ROOT/lib/modules/configfs.ko" ;;
*) cp "$cfs" "$ROOT/lib/modules/configfs.ko" ;;
esac
cp "$OUT/gpiotest" "$ROOT/bin/gpiotest"
if ldd "$OUT/gpiotest" >/dev/null 2>&1; then
	# Not static (ldd fails on a static program): bring its libraries along.
	for lib in $(ldd "$OUT/gpiotest" | grep -o '/[^ ]*'); do
		mkdir -p "$ROOT$(dirname "$lib")"
		cp -L "$lib" "$ROOT$lib"
	done
fi
cp tests/gpio/init "$ROOT/init"
chmod +x "$ROOT/init"
(cd "$ROOT" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUT/initramfs.gz"

# 3. Boot.
LOG=$OUT/console.log
echo "check-gpio: booting $VMLINUZ in qemu (TCG)"
start=$(date +%s)
timeout 240 qemu-system-x86_64 -machine q35,accel=tcg -cpu max -smp 1 -m 256 \
	-nographic -no-reboot -nic none \
	-kernel "$VMLINUZ" -initrd "$OUT/initramfs.gz" \
	-append "console=ttyS0 panic=-1 quiet loglevel=3 rdinit=/init" \
	</dev/null >"$LOG" 2>&1 || true
echo "check-gpio: qemu ran $(($(date +%s) - start)) s; console in $LOG"
tr -d '\r' <"$LOG" | grep '^GPIOTEST' >"$OUT/result.txt" || true
cat "$OUT/result.txt"
grep -q '^GPIOTEST FAIL' "$OUT/result.txt" && fail "$(grep '^GPIOTEST FAIL' "$OUT/result.txt")"
grep -q '^GPIOTEST DONE rc=0' "$OUT/result.txt" || fail "the guest did not finish (see $LOG)"

# 4. What gpiotest must have seen (tests/gpio/init drives exactly this).
grep -q '^GPIOTEST MISSING beam_inner: line 20 on chip machiai-test: no such line (chip has 8)$' \
	"$OUT/result.txt" || fail "missing line: no clear start-up error"
result=$(grep '^GPIOTEST RESULT' "$OUT/result.txt" | head -n 1)
[ -n "$result" ] || fail "no RESULT line"
want() { # want KEY VALUE
	got=$(echo "$result" | tr ' ' '\n' | sed -n "s/^$1=//p")
	[ "$got" = "$2" ] || fail "$1=$got, want $2"
}
want in 4         # 3 crossings in (one with bounce), 1 after the chip came back
want out 2        # 1 before the door shut, 1 after it opened again
want ignored 2    # 2 crossings in with the door shut beyond the grace
want occupancy 2
want doors_closed 1
want doors_open 1
want issued 3     # 2 presses and one held press of the ticket button
want called 1
want recalled 1
want unresolved 0
want refused 0
want faults 6     # beams blocked; door, beams, buttons lost; then as the lines
                  # come back in order, beams and buttons reported again
want recoveries 4
want fault_now 0
want lost 6       # all six lines went with the chip
want back 6
# Edge rates. Each burst is followed by an EDGES line: the level changes
# the sensor path has read so far.
edges() { grep '^GPIOTEST EDGES' "$OUT/result.txt" | sed -n "$1p" | cut -d' ' -f3; }
burst() { # burst NAME EDGES_BEFORE EDGES_AFTER: prints "written seconds read"
	line=$(grep "^GPIOTEST $1 " "$OUT/result.txt" || true)
	[ -n "$line" ] && [ -n "$2" ] && [ -n "$3" ] || fail "no $1 figures"
	n=$(echo "$line" | sed 's/.*edges=\([0-9]*\).*/\1/')
	d=$(echo "$line" | sed 's/.*seconds=\([0-9.]*\).*/\1/')
	echo "$n $d $(($3 - $2))"
}
report() { # report NAME written seconds read
	echo "check-gpio: $1: $2 edges written in $3 s" \
		"(about $(awk -v n="$2" -v d="$3" 'BEGIN { printf "%.0f", n / (d > 0 ? d : 0.001) }') edges/s), $4 read by the sensor path"
}
set -- $(burst PACED "$(edges 1)" "$(edges 2)")
report "paced burst" "$@"
[ "$1" -eq "$3" ] || fail "paced burst: $3 of $1 edges read"
# Full speed: figures, not pass/fail. Under a flood, edges are dropped
# before user space: the v1 event queue holds 16 events per line, and
# gpio-sim drops edges that come while its interrupt is masked.
set -- $(burst SHELLBURST "$(edges 2)" "$(edges 3)")
report "shell burst" "$@"
set -- $(burst FASTBURST "$(edges 3)" "$(edges 4)")
report "full-speed burst" "$@"
echo "check-gpio: PASS"
