# SPDX-License-Identifier: MIT
# report/: machiai-report, the office statistics from a copy of the state
# partition (docs/report.md), and its tests.

PROGRAMS += machiai-report
machiai-report_SRCS := report/main.c daemon/reportfile.c daemon/reportjson.c daemon/evjson.c \
	daemon/journal.c daemon/confload.c $(CORE_SRCS)
machiai-report_PKGS := jansson inih
machiai-report_LIBS := -lm
CHECK_SCRIPTS += tests/report/cli.sh tests/report/api.sh tests/report/stats.sh
BENCH_SCRIPTS += bench/report.sh
