/* SPDX-License-Identifier: MIT */
/*
 * Live mode: the simulated office drives a running machiaid through its HTTP
 * API (docs/sim.md), so that the daemon, its status page and the display
 * show a realistic day. The simulation runs on the daemon's clock: it reads
 * the daemon's time from GET /v1/status and advances at --speed times real
 * time, which must match the daemon's --clock-speed.
 */
#ifndef MACHIAI_SIM_LIVE_H
#define MACHIAI_SIM_LIVE_H

#include <stdint.h>

#include "sim/scenario.h"

struct live_options {
	const char *url; /* base URL of machiaid, "http://127.0.0.1:8080" */
	const char *token; /* Bearer token for writes */
	double speed; /* simulated seconds per real second */
	const char *door_fifo; /* people at the door go here, one line each; NULL = nowhere */
};

/**
 * live_run() - drive the daemon at @opt->url with scenario @sc, day after
 * day, until SIGINT or SIGTERM. API errors are logged and the day goes on.
 * Return: the exit status: 0 after a clean stop, 1 when it could not start.
 */
int live_run(const struct sim_scenario *sc, const struct live_options *opt, uint64_t seed);

#endif
