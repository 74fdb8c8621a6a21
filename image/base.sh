#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: image/base.sh OUT.tar
# Stage 1 of `make image`: the arm64 Debian bookworm root file system with
# every Debian package of image/packages, made by mmdebstrap under qemu-user
# emulation. Slow (many minutes on two shared cores), so image/image.mk keeps
# the result in build/image/ under a name derived from the package list and
# rebuilds it only when that list or this script changes.
set -eu

out=${1:?usage: base.sh OUT.tar}
here=$(cd "$(dirname "$0")" && pwd)
mirror=${MACHIAI_MIRROR:-http://deb.debian.org/debian}
security=${MACHIAI_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

# Kernel command line additions of the Pi (cmdline.txt, written by
# raspi-firmware's hook): no boot messages, no console blanking or cursor.
cmdline="quiet consoleblank=0 vt.global_cursor_default=0"

uinit=/usr/sbin/update-initramfs

pkgs=$(sed -e 's/#.*//' "$here/packages" | tr -s ' \n' ',' | sed -e 's/^,//' -e 's/,$//')

# arm64 binaries run through binfmt_misc and qemu-aarch64-static.
[ -e /proc/sys/fs/binfmt_misc/register ] ||
	mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64

# raspi-firmware's hooks copy the kernel, initrd and device trees to
# /boot/firmware. The initramfs is made with image/rootfs/etc/initramfs-tools
# (the read-only root under a RAM overlay) in place, as it is slow to make
# under emulation (minutes): image/build.sh only remakes it if they differ.
# update-initramfs is diverted to a no-op while the packages are installed,
# then run once: each run takes tens of minutes under emulation, and the
# kernel's postinst and the later triggers would run it twice.
# Components: main; non-free-firmware for the Pi's firmware; contrib for
# the Japanese voice of the spoken calls, hts-voice-nitech-jp-atr503-m001
# (free, but built with tools outside main, so Debian puts it in contrib).
# Documentation, manuals and translations of programs are left out; the
# copyright files stay.
mmdebstrap --arch=arm64 --variant=apt --mode=root --format=tar \
	--components="main contrib non-free-firmware" \
	--include="$pkgs" \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/info/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	--dpkgopt='path-include=/usr/share/locale/locale.alias' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='force-confold' \
	--setup-hook='mkdir -p "$1/boot/firmware"' \
	--setup-hook='mkdir -p "$1/etc/default" && printf "ROOTPART=LABEL=RASPIROOT\n" >"$1/etc/default/raspi-firmware"' \
	--setup-hook="printf '%s\\n' '$cmdline' >\"\$1/etc/default/raspi-extra-cmdline\"" \
	--setup-hook="mkdir -p \"\$1/etc/initramfs-tools\" && cp -a '$here/rootfs/etc/initramfs-tools/.' \"\$1/etc/initramfs-tools/\"" \
	--essential-hook="chroot \"\$1\" dpkg-divert --quiet --local --rename --divert $uinit.machiai --add $uinit" \
	--essential-hook="printf '#!/bin/sh\\nexit 0\\n' >\"\$1$uinit\" && chmod 0755 \"\$1$uinit\"" \
	--customize-hook="rm -f \"\$1$uinit\" && chroot \"\$1\" dpkg-divert --quiet --local --rename --remove $uinit" \
	--customize-hook='chroot "$1" update-initramfs -c -k all' \
	--customize-hook='rm -f "$1/etc/machine-id" "$1/var/lib/dbus/machine-id" && : >"$1/etc/machine-id"' \
	--customize-hook='chroot "$1" apt-get clean' \
	bookworm "$out.tmp" \
	"deb $mirror bookworm main contrib non-free-firmware" \
	"deb $mirror bookworm-updates main contrib non-free-firmware" \
	"deb $security bookworm-security main contrib non-free-firmware"
mv -f "$out.tmp" "$out"
