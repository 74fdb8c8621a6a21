/* SPDX-License-Identifier: MIT */
/*
 * The daemon's wall clock: CLOCK_REALTIME in milliseconds, or, for tests and
 * the simulator only, a clock that starts at a given instant and runs at a
 * given speed (machiaid --clock-start ISO --clock-speed N).
 */
#ifndef MACHIAI_DAEMON_CLOCK_H
#define MACHIAI_DAEMON_CLOCK_H

#include <stdint.h>

struct clock {
	int64_t start; /* epoch ms at start_mono; 0 = real time */
	int64_t start_mono; /* CLOCK_MONOTONIC ms when started */
	double speed; /* simulated ms per real ms, > 0 */
};

/** clock_init_real() - @c follows CLOCK_REALTIME. */
void clock_init_real(struct clock *c);

/**
 * clock_init_simulated() - @c starts now at epoch ms @start and runs @speed
 * times faster than real time.
 */
void clock_init_simulated(struct clock *c, int64_t start, double speed);

/** clock_now() - the time now by @c, epoch ms. */
int64_t clock_now(const struct clock *c);

/**
 * clock_real_ms() - how many real milliseconds @c takes to advance
 * @sim_ms; at least 1 when @sim_ms > 0.
 */
int64_t clock_real_ms(const struct clock *c, int64_t sim_ms);

#endif
