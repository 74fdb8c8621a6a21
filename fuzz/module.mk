# SPDX-License-Identifier: MIT
# fuzz/: libFuzzer harnesses of the parsers, and the mutating HTTP client of the
# daemon (docs/hacking.md, "Fuzzing").
#
#   make fuzz                 each harness for FUZZ_SECONDS (default 60) with
#                             libFuzzer (clang, ASan+UBSan), then fuzz/http.py
#                             against machiaid, normal and ASan+UBSan builds
#   make fuzz FUZZ_TARGETS=config FUZZ_SECONDS=600
#
# make check replays fuzz/corpus/NAME/ and fuzz/regress/NAME/ (the crashes
# found so far) through each harness, built with the normal compiler by
# fuzz/replay.c as build/test_fuzz_NAME.

FUZZ_ALL := config journal status sse layout locale scenario errors spool
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang

fuzz_config_SRCS := fuzz/config.c $(CORE_SRCS)
fuzz_config_PKGS := inih
fuzz_journal_SRCS := fuzz/journal.c daemon/evjson.c daemon/journal.c $(CORE_SRCS)
fuzz_journal_PKGS := jansson inih
fuzz_status_SRCS := fuzz/status.c display/status.c core/civil.c core/lang.c
fuzz_status_PKGS := jansson
fuzz_sse_SRCS := fuzz/sse.c display/sse.c
fuzz_sse_PKGS :=
fuzz_layout_SRCS := fuzz/layout.c display/layout.c display/diag.c core/lang.c
fuzz_layout_PKGS := jansson
fuzz_locale_SRCS := fuzz/locale.c display/locale.c display/layout.c display/diag.c core/lang.c
fuzz_locale_PKGS := jansson
fuzz_scenario_SRCS := fuzz/scenario.c sim/scenario.c $(CORE_SRCS)
fuzz_scenario_PKGS := jansson inih
fuzz_errors_SRCS := fuzz/errors.c display/errors.c
fuzz_errors_PKGS :=
fuzz_spool_SRCS := fuzz/spool.c feed/spool.c $(CORE_SRCS)
fuzz_spool_PKGS := inih

# The replays, as unit tests.
TESTS += $(addprefix test_fuzz_,$(FUZZ_ALL))
$(foreach t,$(FUZZ_ALL),$(eval test_fuzz_$(t)_SRCS := fuzz/replay.c $$(fuzz_$(t)_SRCS)))
$(foreach t,$(FUZZ_ALL),$(eval test_fuzz_$(t)_PKGS := $$(fuzz_$(t)_PKGS)))
$(foreach t,$(FUZZ_ALL),$(eval test_fuzz_$(t)_LIBS := -lm))

# A few hundred mutated requests against the real daemon, in make check too.
CHECK_SCRIPTS += fuzz/http.sh

# The libFuzzer builds: one clang command per harness, in $(BUILD)/fuzz/.
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -I. -g -O1 -fno-omit-frame-pointer $(WARN) -Wno-error -Wno-format-nonliteral \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(PKG_CFLAGS)
define fuzz_template
$(BUILD)/fuzz/$(1): $$(fuzz_$(1)_SRCS) $$(wildcard fuzz/*.h) | $(BUILD)/.deps-ok
	@mkdir -p $$(@D)
	$(FUZZ_CC) $$(FUZZ_CFLAGS) -o $$@ $$(fuzz_$(1)_SRCS) \
		$$(if $$(fuzz_$(1)_PKGS),$$(shell $(PKG_CONFIG) --libs $$(fuzz_$(1)_PKGS))) -lm
endef
$(foreach t,$(FUZZ_ALL),$(eval $(call fuzz_template,$(t))))

.PHONY: fuzz fuzz-build
fuzz-build: $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
fuzz: deps-test fuzz-build all
	$(MAKE) BUILD=build/san SAN=1 build/san/machiaid
	BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_TARGETS)
