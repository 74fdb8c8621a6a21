/* SPDX-License-Identifier: MIT */
#include "daemon/clock.h"

#include <time.h>

#include "daemon/loop.h"

void clock_init_real(struct clock *c)
{
	c->start = 0;
	c->start_mono = 0;
	c->speed = 1.0;
}

void clock_init_simulated(struct clock *c, int64_t start, double speed)
{
	c->start = start;
	c->start_mono = loop_monotonic_ms();
	c->speed = speed > 0 ? speed : 1.0;
}

int64_t clock_now(const struct clock *c)
{
	struct timespec ts;

	if (c->start)
		return c->start +
		       (int64_t)((double)(loop_monotonic_ms() - c->start_mono) * c->speed);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_real_ms(const struct clock *c, int64_t sim_ms)
{
	int64_t real;

	if (sim_ms <= 0)
		return 0;
	real = (int64_t)((double)sim_ms / c->speed);
	return real > 0 ? real : 1;
}
