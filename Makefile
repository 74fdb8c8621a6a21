# SPDX-License-Identifier: MIT
# machiai build. Plain make; flags from pkg-config.
#
#   make            build the programs into build/
#   make check      install test dependencies, run every test: normal and ASan+UBSan builds
#   make demo       run the whole appliance (daemon, simulated office, display)
#
# Each folder adds to the build with its own FOLDER/*.mk fragments.

BUILD ?= build
SAN ?= 0
CC ?= cc
PKG_CONFIG ?= pkg-config

WARN := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
	-Wformat=2 -Wvla
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -I. -g $(WARN) -MMD -MP
ifeq ($(SAN),1)
BASE_CFLAGS += -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
BASE_LDFLAGS += -fsanitize=address,undefined
else
BASE_CFLAGS += -O2
endif

# Every pkg-config module any part uses; cflags are looked up once, lazily,
# so that the dependency step runs before pkg-config is asked anything.
ALL_PKGS := sdl2 SDL2_ttf libcurl jansson libgpiod libmicrohttpd inih libqrencode \
	libcrypto cmocka libpng
PKG_CFLAGS = $(eval PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(ALL_PKGS)))$(PKG_CFLAGS)

CFLAGS ?=
LDFLAGS ?=
ALL_CFLAGS = $(BASE_CFLAGS) $(PKG_CFLAGS) $(CFLAGS)

PROGRAMS :=
TESTS :=
CHECK_SCRIPTS :=
BENCH_SCRIPTS :=

.PHONY: all check check-unit check-build check-san check-static check-anyday deps deps-test \
	demo bench clean format
all:

# Sources of the pure core, for every program and test that needs them.
CORE_SRCS := $(sort $(wildcard core/*.c))

include $(sort $(wildcard */*.mk))

# prog_template NAME: build $(BUILD)/NAME from $(NAME_SRCS), linking $(NAME_PKGS)
# and $(NAME_LIBS), and libm, which core/ uses (estimator, random generator).
define prog_template
$(BUILD)/$(1): $$(patsubst %.c,$(BUILD)/obj/%.o,$$($(1)_SRCS))
	@mkdir -p $$(@D)
	$$(CC) $$(BASE_LDFLAGS) $$(LDFLAGS) -o $$@ $$^ \
		$$(if $$($(1)_PKGS),$$(shell $$(PKG_CONFIG) --libs $$($(1)_PKGS))) $$($(1)_LIBS) -lm
endef
$(foreach p,$(PROGRAMS) $(TESTS),$(eval $(call prog_template,$(p))))

all: $(addprefix $(BUILD)/,$(PROGRAMS))

$(BUILD)/obj/%.o: %.c | $(BUILD)/.deps-ok
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/.deps-ok: scripts/deps.sh
	scripts/deps.sh build
	@mkdir -p $(@D)
	@touch $@

deps: $(BUILD)/.deps-ok
deps-test:
	scripts/deps.sh test

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# make check: static checks, then the whole suite with a normal build and with
# ASan+UBSan. The tests themselves run in tests/run.sh.
check: deps-test check-static
	$(MAKE) check-build BUILD=build SAN=0
	$(MAKE) check-build BUILD=build/san SAN=1
	@echo "make check: all suites passed (normal and ASan+UBSan builds)"

check-build: all $(addprefix $(BUILD)/,$(TESTS))
	BUILD=$(BUILD) SAN=$(SAN) tests/run.sh $(addprefix $(BUILD)/,$(TESTS)) -- $(CHECK_SCRIPTS)

# make check-anyday: the suites that read the machine's clock, under faketime
# on a Saturday, a national holiday, 12/31 23:59 and a weekday at 08:29 (not
# part of make check, which pins its dates; this shows that it does).
check-anyday: all $(addprefix $(BUILD)/,$(TESTS))
	scripts/deps.sh anyday
	rm -f $(BUILD)/check-anyday/failed
	BUILD=$(BUILD) scripts/check-anyday.sh

check-static:
	scripts/check-core-includes.sh
	scripts/check-format.sh

format:
	clang-format -i $$(git ls-files -co --exclude-standard '*.c' '*.h')

bench: deps-test all
	BUILD=$(BUILD) bench/run.sh $(BENCH_SCRIPTS)

demo: all
	scripts/deps.sh demo
	scripts/demo.sh

clean:
	rm -rf $(BUILD)
