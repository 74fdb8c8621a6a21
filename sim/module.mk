# SPDX-License-Identifier: MIT
# sim/: machiai-sim, the discrete-event simulator of an office day (docs/sim.md).
SIM_SRCS := sim/scenario.c sim/engine.c sim/evaluate.c sim/live.c
PROGRAMS += machiai-sim
machiai-sim_SRCS := sim/main.c $(SIM_SRCS) $(CORE_SRCS)
machiai-sim_PKGS := inih jansson libcurl
machiai-sim_LIBS := -lm
