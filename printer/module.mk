# SPDX-License-Identifier: MIT
# printer/: machiai-printer, the ESC/POS ticket printer's program (docs/install.md),
# and its tests.

PROGRAMS += machiai-printer
machiai-printer_SRCS := printer/main.c printer/client.c printer/escpos.c printer/job.c \
	printer/paper.c printer/port.c daemon/confload.c daemon/log.c display/stream.c \
	display/sse.c display/text.c display/locale.c display/diag.c display/pngio.c \
	$(CORE_SRCS)
machiai-printer_PKGS := sdl2 SDL2_ttf jansson libcurl libqrencode libpng inih

TESTS += test_escpos test_printer_job
test_escpos_SRCS := tests/test_escpos.c printer/escpos.c
test_escpos_PKGS := cmocka
test_printer_job_SRCS := tests/test_printer_job.c printer/job.c core/lang.c
test_printer_job_PKGS := cmocka jansson
CHECK_SCRIPTS += tests/printer/print.sh tests/printer/usb.sh tests/printer/kiosk.sh
BENCH_SCRIPTS += bench/printer.sh
