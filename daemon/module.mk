# SPDX-License-Identifier: MIT
# daemon/: machiaid, the appliance daemon (docs/api.md), and its tests.

DAEMON_SRCS := daemon/api.c daemon/clock.c daemon/confload.c daemon/evjson.c daemon/journal.c \
	daemon/kiosk.c daemon/log.c daemon/loop.c daemon/reportfile.c daemon/reportjob.c daemon/reportjson.c \
	daemon/sdnotify.c daemon/state.c daemon/status.c daemon/timesync.c daemon/webfiles.c

PROGRAMS += machiaid
machiaid_SRCS := daemon/main.c $(DAEMON_SRCS) $(CORE_SRCS)
machiaid_PKGS := libmicrohttpd jansson libcrypto inih
machiaid_LIBS := -lm -lpthread


TESTS += test_evjson
test_evjson_SRCS := tests/test_evjson.c daemon/evjson.c $(CORE_SRCS)
test_evjson_PKGS := cmocka jansson inih
test_evjson_LIBS := -lm

TESTS += test_journal
test_journal_SRCS := tests/test_journal.c daemon/evjson.c daemon/journal.c $(CORE_SRCS)
test_journal_PKGS := cmocka jansson inih
test_journal_LIBS := -lm

CHECK_SCRIPTS += tests/daemon/api.sh tests/daemon/stream.sh tests/daemon/crash.sh tests/daemon/calendar.sh \
	tests/daemon/console.sh tests/daemon/day.sh tests/daemon/clock.sh
BENCH_SCRIPTS += bench/daemon.sh
