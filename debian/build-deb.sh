#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: debian/build-deb.sh ARCH VERSION OUTDIR
# Builds OUTDIR/machiai_VERSION_ARCH.deb from the programs of the normal
# build (the top Makefile) in BUILD=build/ARCH, with Debian's hardening
# flags; cross-built with Debian's cross toolchain and :ARCH libraries for a
# foreign ARCH.
# Plain dpkg tools: dpkg-shlibdeps for the library dependencies,
# dpkg-gencontrol for the control file, dpkg-deb to pack.
set -eu

arch=${1:?usage: build-deb.sh ARCH VERSION OUTDIR}
version=${2:?usage: build-deb.sh ARCH VERSION OUTDIR}
outdir=${3:?usage: build-deb.sh ARCH VERSION OUTDIR}
make=${MAKE:-make}

cd "$(dirname "$0")/.."
native=$(dpkg --print-architecture)
triplet=$(dpkg-architecture -a"$arch" -qDEB_HOST_MULTIARCH 2>/dev/null)

# Debian's hardening flags (stack protector, PIE, full RELRO), in a build
# directory of their own so that they never mix with the normal build's
# objects. _FORTIFY_SOURCE is left out: with -Werror it would turn every
# unchecked result it adds into a build failure.
export DEB_BUILD_MAINT_OPTIONS="hardening=+all,-fortify"
export CC="$triplet-gcc"
hcflags=$(dpkg-architecture -a"$arch" -c dpkg-buildflags --get CFLAGS | sed -e 's/-Werror=[^ ]*//g')
hldflags=$(dpkg-architecture -a"$arch" -c dpkg-buildflags --get LDFLAGS)
build=build/$arch
# make does not see changed flags: start afresh when they change.
flags="$triplet $hcflags $hldflags"
if [ "$(cat "$build/.deb-flags" 2>/dev/null)" != "$flags" ]; then
	rm -rf "$build"
	mkdir -p "$build"
	echo "$flags" >"$build/.deb-flags"
fi
if [ "$arch" = "$native" ]; then
	$make BUILD="$build" SAN=0 CFLAGS="$hcflags" LDFLAGS="$hldflags" all
else
	$make BUILD="$build" SAN=0 PKG_CONFIG="$triplet-pkg-config" \
		CFLAGS="$hcflags" LDFLAGS="$hldflags" all
fi

work=build/deb/$arch
root=$work/root
rm -rf "$work"
mkdir -p "$root/DEBIAN" "$outdir"

inst() { # inst MODE SRC DEST
	mkdir -p "$(dirname "$root/$3")"
	install -m "$1" "$2" "$root/$3"
}

bins=""
for prog in machiaid machiai-display machiai-printer machiai-sim machiai-report; do
	if [ -x "$build/$prog" ]; then
		inst 0755 "$build/$prog" "usr/bin/$prog"
		bins="$bins $root/usr/bin/$prog"
	else
		echo "build-deb: $build/$prog was not built; left out" >&2
	fi
done
[ -n "$bins" ] || {
	echo "build-deb: no program in $build" >&2
	exit 1
}
"$triplet-strip" --strip-unneeded --remove-section=.comment --remove-section=.note $bins

# Data: layouts, display locales and sounds, web pages (web/console is the
# staff console machiaid serves from /usr/share/machiai/console, web/kiosk the
# kiosk page it serves from /usr/share/machiai/kiosk).
copy_tree() { # copy_tree SRC DEST
	[ -d "$1" ] || return 0
	mkdir -p "$root/$2"
	(cd "$1" && find . -type f ! -name '*.mk' ! -name '*.c' ! -name '*.h' ! -name '.*' -print) |
		while read -r f; do
			inst 0644 "$1/$f" "$2/$f"
		done
}
copy_tree layouts usr/share/machiai/layouts
copy_tree display/locales usr/share/machiai/display/locales
copy_tree display/sounds usr/share/machiai/display/sounds
copy_tree web usr/share/machiai

# systemd units, sysusers, udev rule, helper scripts.
for u in machiaid.service machiai-display.service machiai-printer.service \
	machiai-config.service; do
	inst 0644 "systemd/$u" "lib/systemd/system/$u"
done
inst 0644 systemd/machiai.sysusers usr/lib/sysusers.d/machiai.conf
inst 0644 systemd/60-machiai-gpio.rules lib/udev/rules.d/60-machiai-gpio.rules
inst 0755 systemd/check-config usr/libexec/machiai/check-config
inst 0755 systemd/display-start usr/libexec/machiai/display-start
inst 0644 systemd/journald-machiai.conf usr/share/machiai/journald-machiai.conf

# Documentation and the example configuration.
doc=usr/share/doc/machiai
inst 0644 debian/copyright "$doc/copyright"
for f in docs/install.md docs/install-errors.png docs/install-clock.png docs/install-ticket.png \
	docs/status.md docs/config.md \
	docs/api.md docs/feed.md README.md; do
	[ -f "$f" ] && inst 0644 "$f" "$doc/$(basename "$f")"
done
if [ -f machiai.conf.example ]; then
	inst 0644 machiai.conf.example "$doc/examples/machiai.conf"
fi
inst 0644 debian/machiai.lintian-overrides usr/share/lintian/overrides/machiai
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")/" \
	debian/changelog.in >"$work/changelog"
mkdir -p "$root/$doc"
gzip -9n <"$work/changelog" >"$root/$doc/changelog.gz"
chmod 0644 "$root/$doc/changelog.gz"

for s in postinst prerm postrm; do
	install -m 0755 "debian/$s" "$root/DEBIAN/$s"
done

# dpkg-shlibdeps and dpkg-gencontrol read debian/control; the changelog and
# substvars of this build live in $work.
# shellcheck disable=SC2086
dpkg-architecture -a"$arch" -c dpkg-shlibdeps -T"$work/substvars" $bins
dpkg-architecture -a"$arch" -c dpkg-gencontrol -pmachiai -l"$work/changelog" \
	-T"$work/substvars" -P"$root" -f"$work/files"
find "$root" -type d -exec chmod 0755 {} +
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | LC_ALL=C sort |
	xargs -d '\n' md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zxz --build "$root" "$outdir/machiai_${version}_${arch}.deb"
