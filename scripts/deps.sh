#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian packages a machiai target needs, when any is missing.
# Usage: scripts/deps.sh GROUP...   (groups: build demo test anyday gpio image deb)
# Runs apt-get update once, then apt-get install, only if something is missing.
set -eu

pkgs_build="build-essential pkg-config clang-format libsdl2-dev libsdl2-ttf-dev
libcurl4-openssl-dev libjansson-dev libgpiod-dev libmicrohttpd-dev libinih-dev
libqrencode-dev libssl-dev libcmocka-dev libpng-dev fonts-noto-cjk curl ca-certificates
open-jtalk open-jtalk-mecab-naist-jdic hts-voice-nitech-jp-atr503-m001 espeak-ng"
pkgs_test="nginx openssl chromium tesseract-ocr tesseract-ocr-jpn
wrk valgrind xvfb procps psmisc jq python3 zbar-tools pocketsphinx pocketsphinx-en-us clang"
# make demo: nginx serves the residents' page the daemon publishes to; Chromium
# saves that page when there is no display.
pkgs_demo="nginx openssl chromium"
pkgs_anyday="faketime"
pkgs_gpio="qemu-system-x86 linux-source linux-image-amd64 linux-headers-amd64
busybox-static cpio xz-utils bc flex bison libelf-dev libssl-dev kmod"
pkgs_image="vmdb2 qemu-user-static binfmt-support dosfstools parted kpartx
qemu-system-arm qemu-utils debootstrap e2fsprogs fdisk zerofree
mmdebstrap mtools arch-test nginx curl xz-utils cpio zstd initramfs-tools-core
binutils openssl python3 tesseract-ocr tesseract-ocr-jpn"
pkgs_deb="dpkg-dev debhelper fakeroot lintian crossbuild-essential-arm64
libsdl2-dev:arm64 libsdl2-ttf-dev:arm64 libcurl4-openssl-dev:arm64
libjansson-dev:arm64 libgpiod-dev:arm64 libmicrohttpd-dev:arm64
libinih-dev:arm64 libqrencode-dev:arm64 libssl-dev:arm64 libcmocka-dev:arm64"

want=""
for group in "$@"; do
	case "$group" in
	build) want="$want $pkgs_build" ;;
	demo) want="$want $pkgs_build $pkgs_demo" ;;
	test) want="$want $pkgs_build $pkgs_test" ;;
	anyday) want="$want $pkgs_build $pkgs_test $pkgs_anyday" ;;
	gpio) want="$want $pkgs_build $pkgs_gpio" ;;
	image) want="$want $pkgs_image" ;;
	deb) want="$want $pkgs_build $pkgs_deb" ;;
	*)
		echo "deps.sh: unknown group '$group' (build demo test anyday gpio image deb)" >&2
		exit 2
		;;
	esac
done

missing=""
# Node.js is needed for the browser tests; any node/npm on PATH will do,
# otherwise Debian's.
case " $* " in
*" test "* | *" anyday "*)
	command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
		want="$want nodejs npm"
	;;
esac
for p in $want; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		case " $missing " in
		*" $p "*) ;;
		*) missing="$missing $p" ;;
		esac
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing Debian packages:$missing" >&2
	echo "deps.sh: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# The deb group cross-builds for arm64 with Debian's :arm64 libraries.
case "$missing" in
*:arm64*) dpkg --print-foreign-architectures | grep -qx arm64 ||
	dpkg --add-architecture arm64 ;;
esac
# The Japanese voice of the spoken calls, hts-voice-nitech-jp-atr503-m001, is
# in Debian's contrib component (its licence is free, but it is built with
# tools outside main), which a Debian install does not enable by default:
# enable contrib for bookworm from the mirror already configured for main.
case " $missing " in
*" hts-voice-nitech-jp-atr503-m001 "*)
	contrib=/etc/apt/sources.list.d/machiai-contrib.sources
	if [ ! -e "$contrib" ]; then
		apt-get update -q >&2
		uri=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' \
			'Created-By: Packages' | awk '$2 == "bookworm" && $3 == "main" { print $1; exit }')
		printf 'Types: deb\nURIs: %s\nSuites: bookworm\nComponents: contrib\nSigned-By: %s\n' \
			"${uri:-http://deb.debian.org/debian/}" \
			/usr/share/keyrings/debian-archive-keyring.gpg >"$contrib"
		echo "deps.sh: enabled Debian's contrib component in $contrib" >&2
	fi
	;;
esac
apt-get update -q >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2
