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

pkgs=$(sed -e 's/#.*//' "$here/packages" | tr -s ' \n' ',' | sed -e 's/^,//' -e 's/,$//')

# arm64 binaries run through binfmt_misc and qemu-aarch64-static.
[ -e /proc/sys/fs/binfmt_misc/register ] ||
	mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64

# raspi-firmware's hooks copy the kernel, initrd and device trees here.
# Documentation, manuals and translations of programs are left out; the
# copyright files stay.
mmdebstrap --arch=arm64 --variant=apt --mode=root --format=tar \
	--components="main non-free-firmware" \
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
	--customize-hook='rm -f "$1/etc/machine-id" "$1/var/lib/dbus/machine-id" && : >"$1/etc/machine-id"' \
	--customize-hook='chroot "$1" apt-get clean' \
	bookworm "$out.tmp" \
	"deb $mirror bookworm main non-free-firmware" \
	"deb $mirror bookworm-updates main non-free-firmware" \
	"deb $security bookworm-security main non-free-firmware"
mv -f "$out.tmp" "$out"
