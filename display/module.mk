# SPDX-License-Identifier: MIT
# display/: machiai-display, the lobby sign (docs/display.md).

DISPLAY_LIB_SRCS := display/status.c display/sse.c display/diag.c display/locale.c \
	display/layout.c display/pngio.c core/civil.c core/lang.c core/wareki.c

# Spoken calls: sentences, synthesis in a worker thread, the sound queue.
DISPLAY_SPEECH_SRCS := display/announce.c display/audio.c display/speech.c display/phrase.c

PROGRAMS += machiai-display
machiai-display_SRCS := display/main.c display/render.c display/text.c display/chime.c \
	display/stream.c display/netaddr.c display/errors.c core/config.c core/config_ja.c $(DISPLAY_LIB_SRCS) $(DISPLAY_SPEECH_SRCS)
machiai-display_PKGS := sdl2 SDL2_ttf jansson libcurl libqrencode libpng inih

# Unit tests (cmocka; no SDL, no network).
TESTS += test_sse test_wareki test_display_status test_display_locale test_display_errors \
	test_display_phrase test_display_stream
test_sse_SRCS := tests/test_sse.c display/sse.c
test_sse_PKGS := cmocka
test_wareki_SRCS := tests/test_wareki.c core/wareki.c
test_wareki_PKGS := cmocka
test_display_status_SRCS := tests/test_display_status.c display/status.c core/civil.c core/lang.c
test_display_status_PKGS := cmocka jansson
test_display_locale_SRCS := tests/test_display_locale.c display/locale.c display/layout.c \
	display/diag.c core/lang.c
test_display_locale_PKGS := cmocka jansson
test_display_stream_SRCS := tests/test_display_stream.c display/stream.c display/sse.c
test_display_stream_PKGS := cmocka libcurl
test_display_errors_SRCS := tests/test_display_errors.c display/errors.c
test_display_phrase_SRCS := tests/test_display_phrase.c display/phrase.c display/locale.c \
	display/diag.c core/lang.c
test_display_phrase_PKGS := cmocka jansson
test_display_errors_PKGS := cmocka

# A test tool: compares rendered PNGs with golden ones.
PROGRAMS += display-pngcmp
display-pngcmp_SRCS := tests/display/pngcmp.c display/pngio.c
display-pngcmp_PKGS := libpng

# A tool for bench/speech.sh: the sign's synthesis of one text, timed.
PROGRAMS += display-say
display-say_SRCS := tests/display/say.c display/speech.c display/phrase.c display/locale.c display/diag.c \
	core/lang.c
display-say_PKGS := sdl2 jansson

# Integration tests: the real renderer (SDL offscreen driver, software renderer).
CHECK_SCRIPTS += tests/display/validate.sh tests/display/golden.sh tests/display/fullsize.sh \
	tests/display/ocr.sh \
	tests/display/stream.sh tests/display/reload.sh tests/display/chime.sh tests/display/config.sh \
	tests/display/daemon.sh tests/display/source.sh tests/display/errors.sh tests/display/speech.sh \
	tests/display/hear.sh

# make display-golden: render the golden images anew, deliberately.
.PHONY: display-golden
display-golden: all
	BUILD=$(BUILD) tests/display/golden.sh --update
BENCH_SCRIPTS += bench/display.sh bench/speech.sh

# make check-hear: the English announcement of 24 calls heard back by pocketsphinx.
.PHONY: check-hear
check-hear: deps-test all
	HEAR_ALL=1 BUILD=$(BUILD) tests/display/hear.sh
