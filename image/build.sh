#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: image/build.sh VERSION DEB WORKDIR BASEKEY OUT.img
# `make image`: the Raspberry Pi SD-card image, in the layout of Debian's own
# Raspberry Pi images (MBR; FAT boot partition RASPIFIRM at /boot/firmware;
# ext4 root RASPIROOT), plus a small ext4 state partition MACHIAIDATA:
#   p1 RASPIFIRM    FAT32, 256 MiB: firmware, kernel, initrd, machiai.conf
#   p2 MACHIAIDATA  ext4, 128 MiB, at /var/lib/machiai, the only writable one
#   p3 RASPIROOT    ext4, read-only under a RAM overlay, grows to fill the card
# Stage 1, the Debian packages, comes from image/base.sh and is cached as
# WORKDIR/base-BASEKEY.tar. Stage 2 unpacks it, adds image/rootfs/, the
# machiai .deb and the boot files; stage 3 makes the file systems without
# mounting anything (mkfs.ext4 -d, mtools) and writes the partitions.
set -eu

version=${1:?usage}
deb=${2:?usage}
work=${3:?usage}
key=${4:?usage}
out=${5:?usage}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
t0=$(date +%s)

say() { echo "image: $* ($(($(date +%s) - t0)) s)"; }

mkdir -p "$work"
base=$work/base-$key.tar
if [ ! -f "$base" ]; then
	say "building the base root file system (slow under emulation)"
	"$here/base.sh" "$base"
	for old in "$work"/base-*.tar; do
		[ "$old" = "$base" ] || rm -f "$old"
	done
fi
say "base $base"

root=$work/root
chroot_umount() {
	for m in dev/pts dev proc sys; do
		mountpoint -q "$root/$m" && umount -l "$root/$m"
	done
	return 0
}
trap chroot_umount EXIT INT TERM
chroot_umount
rm -rf "$root"
mkdir -p "$root"
tar -xpf "$base" --numeric-owner --xattrs --xattrs-include='*' -C "$root"
say "base unpacked"

# initrd_add: the base's initramfs gets image/rootfs/etc/initramfs-tools's
# init-bottom scripts without being remade inside the emulated chroot
# (tens of minutes): it is unpacked on the host, the scripts, an init-bottom
# ORDER with them first (as mkinitramfs orders scripts without prereqs) and
# the overlay module are added, the module index is remade with the host's
# depmod, and it is packed again (newc cpio, zstd, as mkinitramfs does).
# cmdline.txt gets the base.sh command line.
initrd_add() {
	ver=$(ls "$root/lib/modules" | sort -V | tail -n 1)
	x=$work/initrd-x
	rm -rf "$x"
	mkdir -p "$x"
	unmkinitramfs "$root/boot/initrd.img-$ver" "$x"
	[ -d "$x/main" ] && x=$x/main
	for f in $(cd "$here/rootfs/etc/initramfs-tools/scripts" && find . -type f); do
		install -D -m 0755 "$here/rootfs/etc/initramfs-tools/scripts/$f" "$x/scripts/$f"
	done
	order=$x/scripts/init-bottom/ORDER
	{
		echo '/scripts/init-bottom/machiai-overlay "$@"'
		echo '[ -e /conf/param.conf ] && . /conf/param.conf'
		grep -v 'machiai-overlay' "$order" || true
	} >"$order.new"
	mv -f "$order.new" "$order"
	mods=$x/usr/lib/modules/$ver
	if [ -z "$(find "$mods" -name 'overlay.ko*' | head -n 1)" ]; then
		ko=$(cd "$root/usr/lib/modules/$ver" && find kernel -name 'overlay.ko*' | head -n 1)
		install -D -m 0644 "$root/usr/lib/modules/$ver/$ko" "$mods/$ko"
		depmod -b "$x" "$ver"
	fi
	(cd "$x" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		zstd -q -9 -T2 >"$work/initrd.new"
	for f in "$root/boot/initrd.img-$ver" "$root/boot/firmware/initrd.img-$ver"; do
		[ -f "$f" ] && cp "$work/initrd.new" "$f"
	done
	rm -f "$work/initrd.new"
	cmdline=$(sed -n 's/^cmdline="\(.*\)"$/\1/p' "$here/base.sh")
	if [ -f "$root/boot/firmware/cmdline.txt" ] && ! grep -qF "$cmdline" "$root/boot/firmware/cmdline.txt"; then
		sed -i "1s/\$/ $cmdline/" "$root/boot/firmware/cmdline.txt"
	fi
	rm -rf "$work/initrd-x"
}

# The initramfs is extended (initrd_add) only if the base was made with
# other initramfs files or kernel command line than image/ has now.
remake_initramfs=0
for f in $(cd "$here/rootfs" && find etc/initramfs-tools -type f); do
	cmp -s "$here/rootfs/$f" "$root/$f" || remake_initramfs=1
done
grep -qx "$(sed -n 's/^cmdline="\(.*\)"$/\1/p' "$here/base.sh")" "$root/etc/default/raspi-extra-cmdline" 2>/dev/null ||
	remake_initramfs=1

# Our files over Debian's.
cp -a "$here/rootfs/." "$root/"
install -D -m 0644 "$top/systemd/journald-machiai.conf" "$root/etc/systemd/journald.conf.d/machiai.conf"
if [ "$remake_initramfs" = 1 ]; then
	sed -n 's/^cmdline="\(.*\)"$/\1/p' "$here/base.sh" >"$root/etc/default/raspi-extra-cmdline"
fi

[ -e /proc/sys/fs/binfmt_misc/register ] ||
	mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"

cp "$deb" "$root/tmp/machiai.deb"
chroot "$root" env DEBIAN_FRONTEND=noninteractive dpkg -i /tmp/machiai.deb
rm -f "$root/tmp/machiai.deb"
say "machiai package installed"

chroot "$root" systemctl enable systemd-networkd.service systemd-resolved.service \
	systemd-timesyncd.service machiai-growroot.service
chroot "$root" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
	e2scrub_reap.service fstrim.timer 2>/dev/null || true
ln -sf /run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"
# No password for anyone: the appliance has no login.
chroot "$root" passwd -l root >/dev/null

if [ "$remake_initramfs" = 1 ]; then
	say "adding image/rootfs/etc/initramfs-tools to the base's initramfs"
	initrd_add
	say "initramfs extended"
fi
chroot_umount
trap - EXIT INT TERM

# The boot partition's own files: the config and the guides, Windows-style
# (CRLF, UTF-8 with BOM) so that Notepad shows and keeps them right.
boot=$root/boot/firmware
conf=${MACHIAI_IMAGE_CONF:-$top/machiai.conf.example}
crlf_bom() { # crlf_bom SRC DEST
	{
		printf '\357\273\277'
		sed -e '1s/^\xEF\xBB\xBF//' -e 's/\r$//' -e 's/$/\r/' "$1"
	} >"$2"
}
if [ -f "$conf" ]; then
	crlf_bom "$conf" "$boot/machiai.conf"
else
	echo "image: $conf is missing; the card gets no machiai.conf (the sign will say so)" >&2
fi
crlf_bom "$here/bootfs/README-FIRST.txt" "$boot/README-FIRST.txt"
crlf_bom "$here/bootfs/はじめにお読みください.txt" "$boot/はじめにお読みください.txt"
ls -la "$boot" >/dev/null

# Stage 3: file systems and the partition table, nothing mounted.
fat_mib=256
data_mib=128
root_kib=$(du -sk --exclude=./boot/firmware --exclude=./var/lib/machiai "$root" | cut -f1)
root_mib=$((root_kib / 1024 * 5 / 4 + 200))
img_mib=$((4 + fat_mib + data_mib + root_mib))

parts=$work/parts
rm -rf "$parts"
mkdir -p "$parts"
rm -f "$parts/boot.vfat"
mkfs.vfat -F 32 -n RASPIFIRM -C "$parts/boot.vfat" $((fat_mib * 1024)) >/dev/null
LC_ALL=C.UTF-8 MTOOLS_SKIP_CHECK=1 mcopy -s -p -m -i "$parts/boot.vfat" "$boot"/* ::/
say "boot partition made"

state=$work/state
rm -rf "$state"
mkdir -p "$state"
uid=$(chroot "$root" id -u machiai)
gid=$(chroot "$root" id -g machiai)
mkfs.ext4 -q -L MACHIAIDATA -E root_owner="$uid:$gid" -d "$state" \
	"$parts/data.ext4" "${data_mib}M"

# The root without the boot partition's files and without the state.
find "$boot" -mindepth 1 -delete
find "$root/var/lib/machiai" -mindepth 1 -delete 2>/dev/null || true
mkdir -p "$root/var/lib/machiai" "$root/media/root-ro" "$root/media/root-rw"
mkfs.ext4 -q -L RASPIROOT -d "$root" "$parts/root.ext4" "${root_mib}M"
say "root file system made (${root_mib} MiB)"

rm -f "$out.tmp"
truncate -s "${img_mib}M" "$out.tmp"
s=2048 # sectors per MiB
sfdisk -q "$out.tmp" <<SFDISK
label: dos
unit: sectors

start=$((4 * s)), size=$((fat_mib * s)), type=c, bootable
start=$(((4 + fat_mib) * s)), size=$((data_mib * s)), type=83
start=$(((4 + fat_mib + data_mib) * s)), size=$((root_mib * s)), type=83
SFDISK
dd if="$parts/boot.vfat" of="$out.tmp" bs=1M seek=4 conv=notrunc,sparse status=none
dd if="$parts/data.ext4" of="$out.tmp" bs=1M seek=$((4 + fat_mib)) conv=notrunc,sparse status=none
dd if="$parts/root.ext4" of="$out.tmp" bs=1M seek=$((4 + fat_mib + data_mib)) conv=notrunc,sparse status=none
mv -f "$out.tmp" "$out"
rm -rf "$parts"
say "$out: $(du -h --apparent-size "$out" | cut -f1) ($img_mib MiB)"
