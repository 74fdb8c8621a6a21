# SPDX-License-Identifier: MIT
# feed/: the city feed (docs/feed.md). FEED_SRCS is for the daemon to link.
FEED_SRCS := feed/feeddoc.c feed/ngsi.c feed/publisher.c feed/spool.c
FEED_PKGS := libcurl jansson libcrypto # the core (CORE_SRCS) also needs inih and -lm

PROGRAMS += feed-pubtest
feed-pubtest_SRCS := tests/feed/pubtest.c $(FEED_SRCS) $(CORE_SRCS)
feed-pubtest_PKGS := $(FEED_PKGS) inih
feed-pubtest_LIBS := -lm

CHECK_SCRIPTS += tests/feed/publish.sh tests/feed/outage.sh tests/feed/diskfull.sh \
	tests/feed/restart.sh tests/feed/page.sh tests/feed/daemon.sh tests/feed/follow.sh \
	tests/feed/late.sh

TESTS += test_forecast test_feeddoc test_spool
test_forecast_SRCS := tests/test_forecast.c $(CORE_SRCS)
test_forecast_PKGS := cmocka inih
test_forecast_LIBS := -lm
test_feeddoc_SRCS := tests/test_feeddoc.c $(FEED_SRCS) $(CORE_SRCS)
test_feeddoc_PKGS := cmocka inih $(FEED_PKGS)
test_feeddoc_LIBS := -lm
test_spool_SRCS := tests/test_spool.c feed/spool.c $(CORE_SRCS)
test_spool_PKGS := cmocka inih
test_spool_LIBS := -lm
BENCH_SCRIPTS += bench/feed.sh bench/follow.sh

# machiaid (daemon/module.mk, read before this fragment) runs the publisher;
# feed/daemonfeed.c puts it on the daemon's loop (built with machiaid only).
machiaid_SRCS += $(FEED_SRCS) feed/daemonfeed.c
machiaid_PKGS += libcurl libcrypto
