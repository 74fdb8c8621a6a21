/* SPDX-License-Identifier: MIT */
/*
 * Simulator scenarios: one JSON file describes an office and its day
 * (docs/sim.md): categories with their arrival profile and service times,
 * windows with their calling rule and breaks (the lunch rotation),
 * reservations, no-shows, patience, calling overhead and people at the door.
 * Parsed from a buffer; every error is collected, with file:line:column for
 * syntax and the JSON path for meaning.
 */
#ifndef MACHIAI_SIM_SCENARIO_H
#define MACHIAI_SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"

#define SIM_MAX_PROFILE 48 /* breakpoints of an arrival profile */
#define SIM_MAX_ERRORS 32
#define SIM_SCENARIO_MAX_SIZE (256 * 1024) /* larger files are refused */

enum sim_dist {
	SIM_DIST_LOGNORMAL,
	SIM_DIST_EXPONENTIAL,
};

/*
 * A piecewise-constant shape over the day: weight[i] holds from minute[i]
 * (after local midnight) until minute[i + 1]; zero before the first point
 * and from the last one on. Only its shape matters.
 */
struct sim_profile {
	int n;
	int minute[SIM_MAX_PROFILE];
	double weight[SIM_MAX_PROFILE];
};

struct sim_category {
	double per_day; /* expected walk-in tickets on a day with factors 1 */
	bool has_profile; /* own arrival profile, else the scenario's */
	struct sim_profile profile;
	enum sim_dist service_dist;
	double service_mean; /* minutes at the window, from arrival there to done */
	double service_cv;
	/* A second, long kind of case: with chance long_share the service is
	 * lognormal with long_mean and long_cv instead (a mixture; 0 = none). */
	double long_share, long_mean, long_cv;
	double no_show; /* probability that a called citizen has stepped out */
	double patience_mean; /* minutes, exponential; 0 = infinitely patient */
	double cancel_share; /* of those who give up, the share who withdraw the ticket */
	double reservations_per_day; /* booked slots */
};

struct sim_scenario {
	char name[64];
	char description[512];
	struct config cfg; /* the office: categories, windows, hours, offset */
	struct sim_category cat[CONFIG_MAX_CATEGORIES]; /* parallel to cfg.categories */

	int32_t start; /* first date simulated, YYYYMMDD */
	bool weekdays[7]; /* which weekdays are simulated, 0 = Sunday */
	double day_factor; /* all arrivals scale by this (holiday, season) */
	double weekday_factor[7];
	struct sim_profile profile; /* arrival shape for categories without their own */
	int last_ticket; /* minute of day after which nobody takes a ticket */
	double opening_queue; /* mean people waiting at the door at opening */
	int measure_from, measure_until; /* tickets issued in [from, until) are scored */

	double walk_mean, walk_cv; /* minutes from call to arrival at the window */
	double no_show_minutes; /* window time lost to a called citizen who is not there */
	bool recall; /* recall once half-way through no_show_minutes */

	int slot_minutes; /* reservation slot length */
	int slots_from, slots_until; /* minute of day span of reservation slots */
	double show_up; /* probability a booked citizen comes */
	double punctual_mean, punctual_sd; /* arrival minus slot start, minutes */
	int slot_capacity; /* bookings per slot, all categories; 0 = no limit */
	double same_day; /* share of bookings made during the day, on the spot */

	double closures; /* unannounced closures per window per day (windows open at opening) */
	double closure_minutes; /* their mean length */
	double groups; /* group arrivals (a bus, a class) per day */
	double group_size; /* mean people taking a ticket in a group */

	double companions; /* mean extra people coming in with a ticket holder */
	double visitors; /* people without a ticket per ticket taken */
	double visit_minutes; /* stay of a visitor without ticket */
	double leave_minutes; /* from done to out of the door */
};

struct sim_errors {
	char e[SIM_MAX_ERRORS][256];
	int n; /* errors stored */
	int dropped; /* errors beyond SIM_MAX_ERRORS */
};

/**
 * sim_scenario_parse() - parse a scenario from @buf (@len bytes) into @sc.
 * @file names the source in error messages. Every problem is appended to
 * @errs as "FILE:LINE:COL: message" (syntax) or "FILE: $.path: message"
 * (meaning).
 * Return: 0 when there is no error, -1 otherwise (then @sc must not be used).
 */
int sim_scenario_parse(const char *buf, size_t len, const char *file, struct sim_scenario *sc,
		       struct sim_errors *errs);

/**
 * sim_scenario_load() - read @path (at most SIM_SCENARIO_MAX_SIZE bytes) and
 * parse it as sim_scenario_parse() does.
 * Return: 0, or -1 with the reasons in @errs.
 */
int sim_scenario_load(const char *path, struct sim_scenario *sc, struct sim_errors *errs);

/**
 * sim_profile_at() - the weight of @p at @minute of the day (fractional).
 */
double sim_profile_at(const struct sim_profile *p, double minute);

/**
 * sim_profile_integral() - the integral of @p over [@from, @to) minutes.
 */
double sim_profile_integral(const struct sim_profile *p, double from, double to);

/**
 * sim_profile_max() - the largest weight of @p over [@from, @to) minutes.
 */
double sim_profile_max(const struct sim_profile *p, double from, double to);

/**
 * sim_scenario_rate() - the arrival rate of walk-ins of category @c, per
 * minute, at @minute of a day of weekday @weekday: per_day × day_factor ×
 * weekday_factor × profile(minute) / integral of the profile up to
 * last_ticket.
 */
double sim_scenario_rate(const struct sim_scenario *sc, int c, int weekday, double minute);

/**
 * sim_scenario_window_minutes() - the expected window time per call of
 * category @c, minutes: (1 - no_show) × (walk + service) + no_show ×
 * no_show_minutes. The oracle's true effective service time (abandonment
 * not included).
 */
double sim_scenario_window_minutes(const struct sim_scenario *sc, int c);

#endif
