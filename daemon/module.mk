# SPDX-License-Identifier: MIT
# daemon/: machiaid, the appliance daemon (docs/api.md), and its tests.

DAEMON_SRCS := daemon/api.c daemon/clock.c daemon/confload.c daemon/evjson.c daemon/journal.c \
	daemon/log.c daemon/loop.c daemon/state.c daemon/webfiles.c feed/status.c

PROGRAMS += machiaid
machiaid_SRCS := daemon/main.c $(DAEMON_SRCS) $(CORE_SRCS)
machiaid_PKGS := libmicrohttpd jansson libcrypto inih
machiaid_LIBS := -lm

