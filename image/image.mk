# SPDX-License-Identifier: MIT
# Packaging and the SD-card image (not part of make check):
#   make deb          build/deb/machiai_VERSION_{amd64,arm64}.deb (+ lintian)
#   make image        build/machiai-VERSION-arm64.img (Debian bookworm, raspi layout)
#   make image-test   boot that image in qemu-system-aarch64 and check it from the host
# Debian packages: scripts/deps.sh deb, scripts/deps.sh image (run as root).

MACHIAI_VERSION ?= 0.1.0+git$(shell git log -1 --format=%cd.%h --date=format:%Y%m%d 2>/dev/null || echo 0)
DEB_ARCHS ?= amd64 arm64
DEB_DIR := build/deb
IMAGE_DIR := build/image
IMAGE := build/machiai-$(MACHIAI_VERSION)-arm64.img
# The base root file system is cached under a name derived from its inputs.
# (image/rootfs/etc/initramfs-tools is not part of it: image/build.sh adds
# changes there to the cached base's initramfs on the host.)
IMAGE_BASE_KEY = $(shell cat image/packages image/base.sh | sha256sum | cut -c1-16)

.PHONY: deb deb-deps image image-deps image-test
deb-deps:
	scripts/deps.sh deb

deb: deb-deps
	for a in $(DEB_ARCHS); do \
		debian/build-deb.sh $$a $(MACHIAI_VERSION) $(DEB_DIR) || exit 1; \
	done
	lintian --allow-root --fail-on error,warning --info \
		$(foreach a,$(DEB_ARCHS),$(DEB_DIR)/machiai_$(MACHIAI_VERSION)_$(a).deb)

image-deps:
	scripts/deps.sh image deb

image: image-deps
	debian/build-deb.sh arm64 $(MACHIAI_VERSION) $(DEB_DIR)
	image/build.sh $(MACHIAI_VERSION) $(DEB_DIR)/machiai_$(MACHIAI_VERSION)_arm64.deb \
		$(IMAGE_DIR) $(IMAGE_BASE_KEY) $(IMAGE)

# The image of this commit, or else the newest one built.
image-test: image-deps
	@img=$(IMAGE); test -f $$img || img=$$(ls -t build/machiai-*-arm64.img 2>/dev/null | head -n 1); \
	test -n "$$img" || { echo "image-test: no image in build/; run make image" >&2; exit 1; }; \
	echo "image-test: $$img"; image/test.sh $$img
