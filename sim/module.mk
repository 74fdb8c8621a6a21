# SPDX-License-Identifier: MIT
# sim/: machiai-sim, the discrete-event simulator of an office day (docs/sim.md),
# its unit tests, check scripts and the estimator benchmark.
SIM_SRCS := sim/scenario.c sim/engine.c sim/evaluate.c sim/live.c
PROGRAMS += machiai-sim
machiai-sim_SRCS := sim/main.c $(SIM_SRCS) daemon/evjson.c $(CORE_SRCS)
machiai-sim_PKGS := inih jansson libcurl
machiai-sim_LIBS := -lm

TESTS += test_sim
test_sim_SRCS := tests/test_sim.c sim/scenario.c sim/engine.c $(CORE_SRCS)
test_sim_PKGS := cmocka jansson inih
test_sim_LIBS := -lm

CHECK_SCRIPTS += tests/sim/offline.sh tests/sim/live.sh tests/sim/bands.sh tests/sim/ticket-bands.sh \
	bench/estimator-quick.sh
BENCH_SCRIPTS += bench/estimator.sh
