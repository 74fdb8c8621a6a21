/* SPDX-License-Identifier: MIT */
/*
 * The discrete-event simulation of one office day (RESEARCH.md §2). It keeps
 * a core office (core/office.h) and drives it only with events: every ticket,
 * call, recall, service, no-show, window opening and closing, reservation and
 * person at the door becomes a struct event applied with office_apply(), and
 * windows choose whom to call with office_next_ticket(), so the simulated
 * office follows exactly the calling rules of the appliance.
 *
 * Randomness: arrivals are non-homogeneous Poisson by thinning, service times
 * lognormal (or exponential), patience exponential; everything comes from a
 * core/rng.h stream seeded from the run's seed and the date, so the same
 * seed and date give the same day.
 */
#ifndef MACHIAI_SIM_ENGINE_H
#define MACHIAI_SIM_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/event.h"
#include "core/office.h"
#include "core/rng.h"
#include "sim/scenario.h"

/* What the simulation knows about a ticket that the office does not. */
struct sim_ticket {
	bool walk_in; /* false for a reservation check-in */
	double service; /* minutes at the window once there */
	int64_t leaves_at; /* ms: gives up waiting and leaves; INT64_MAX = never */
	bool away; /* will not be there when called (no-show) */
};

/**
 * typedef sim_sink_fn - called after each event has been applied to the
 * office @o; @ev is the event. Return 0 to go on, -1 to stop the day.
 */
typedef int (*sim_sink_fn)(void *ctx, const struct office *o, const struct event *ev);

struct sim_day;

/**
 * sim_day_new() - a simulated day @date (YYYYMMDD) of scenario @sc on office
 * @o, seeded from @seed and @date. @o must be closed (between days); its
 * config must be @sc->cfg. @sink (may be NULL) sees every event. @sc and @o
 * must outlive the day.
 * Return: the day, to be freed with sim_day_free(), or NULL when out of memory.
 */
struct sim_day *sim_day_new(const struct sim_scenario *sc, struct office *o, int32_t date,
			    uint64_t seed, sim_sink_fn sink, void *ctx);

/** sim_day_free() - free @d; NULL is fine. */
void sim_day_free(struct sim_day *d);

/**
 * sim_day_next_at() - when the next thing happens, ms since the epoch;
 * INT64_MAX when the day is over.
 */
int64_t sim_day_next_at(const struct sim_day *d);

/**
 * sim_day_step() - process everything due at sim_day_next_at().
 * Return: 0; -1 when the office refused an event or the sink stopped the
 * day, with a reason in @err (@size bytes).
 */
int sim_day_step(struct sim_day *d, char *err, size_t size);

/**
 * sim_day_run() - step @d until the day is over.
 * Return: 0, or -1 as sim_day_step().
 */
int sim_day_run(struct sim_day *d, char *err, size_t size);

/**
 * sim_day_ticket() - what the simulation knows of today's ticket @t (an
 * index into the office's tickets), or NULL when out of range.
 */
const struct sim_ticket *sim_day_ticket(const struct sim_day *d, int t);

/** sim_day_date() - the date simulated, YYYYMMDD. */
int32_t sim_day_date(const struct sim_day *d);

/**
 * sim_scenario_next_date() - the first date on or after @date that the
 * scenario simulates (its weekday is listed and the office is open).
 */
int32_t sim_scenario_next_date(const struct sim_scenario *sc, int32_t date);

/**
 * sim_service_draw() - a service time of category @c, minutes, from @r.
 */
double sim_service_draw(const struct sim_scenario *sc, int c, struct rng *r);

/**
 * sim_arrivals_draw() - arrival times of category @c's walk-ins on a day of
 * @weekday, by thinning a Poisson process at the profile's peak rate, in
 * minutes of the day, increasing, written to @out (at most @max).
 * Return: the number of arrivals (capped at @max).
 */
int sim_arrivals_draw(const struct sim_scenario *sc, int c, int weekday, struct rng *r, double *out,
		      int max);

#endif
