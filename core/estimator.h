/* SPDX-License-Identifier: MIT */
/*
 * The wait estimator (RESEARCH.md §1, docs/estimator.md): how long a ticket
 * taken now, or a ticket already waiting, will wait until it is called.
 *
 * - The effective service time of each category is learned online from
 *   today's finished tickets (window time per call, ended_at - called_at,
 *   for done and no-show tickets alike) and shrunk toward a prior for the
 *   category, weekday and hour: m = (k * m_prior + sum S) / (k + N).
 * - The point estimate is queue-length prediction over the window schedule
 *   (QL_mt): the office is stepped forward departure by departure, each
 *   departure taking the expected time 1 / sum(1 / m) over the busy windows
 *   serving, with the windows' calling rules, planned breaks and
 *   reservations applied exactly, and, where a fifo or priority window
 *   shares the category with others, the other categories' walk-ins still
 *   to come at their recent rate; walk-ins ahead count with the chance
 *   they have not withdrawn their ticket by their call (today's
 *   withdrawals per minute waited) and, called after a wait w, cost a
 *   no-show's calling time with the chance they are gone by then (learned
 *   from today's no-shows at the call, interval-censored: nobody says when
 *   they left, and from the door count falling while tickets wait,
 *   core/doorcount.h). With one category, s busy windows and no no-show
 *   and no door count yet this is (n + 1) * m / s.
 * - The band comes from a seeded forward Monte-Carlo run of the same office
 *   (lognormal service times with today's CV, the error of the learned
 *   mean, of the leaving hazard and of the arrival rates): median, 10% / 90%
 *   and 5% / 95% quantiles, then widened where the realised waits of the
 *   tickets that waited on recent days fell outside them too often
 *   (docs/estimator.md).
 *
 * Pure: no clock, no I/O; @now is passed in (ms since the Unix epoch). An
 * estimator keeps its working memory (about 1 MB) between calls, and
 * today's bands at issue (from estimator_ticket() at a ticket's issue, or
 * the category's band just before it) and what those of past days showed,
 * for the recalibration: a band depends on the office, @now, the seed and
 * the bands of the days before. Use one estimator per thread.
 *
 * Cost (CPU time on the x86-64 build machine, printed by the test_cost case
 * of build/test_estimator): the point estimate is O(T + D * (W + C)) for T
 * tickets today, D departures (and arrivals) until the ticket is called, W
 * windows and C categories: about 11 us for 6 categories, 10 windows and 100
 * waiting with longest-waiting windows, 19 us with mixed calling rules. The
 * band runs ESTIMATOR_REPLICATIONS replications of the forward run: about
 * 2.1 ms and 3.5 ms there (docs/estimator.md has figures measured under
 * load).
 */
#ifndef MACHIAI_CORE_ESTIMATOR_H
#define MACHIAI_CORE_ESTIMATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/office.h"

#define ESTIMATOR_SHRINK_K 10.0 /* prior weight, in calls */
#define ESTIMATOR_SERVICE_CV 0.8 /* coefficient of variation of service times */
#define ESTIMATOR_SHOW_UP 0.9 /* prior show-up probability of a booked reservation */
#define ESTIMATOR_PRIOR_CV 0.35 /* uncertainty of a prior mean at cold start */
#define ESTIMATOR_NO_SHOW_MINUTES 2.0 /* prior window time of a no-show call */
#define ESTIMATOR_LEARNED_MIN 3 /* finished tickets of the category before the basis is "learned" */
#define ESTIMATOR_REPLICATIONS 200 /* Monte-Carlo replications per band */
#define ESTIMATOR_MAX_REPLICATIONS 2000

enum wait_basis {
	WAIT_BASIS_NONE, /* no figure: no window serving is open, or the day is not open */
	WAIT_BASIS_PRIOR, /* configured or historical figures only */
	WAIT_BASIS_LEARNED, /* from today's service */
};

/* An estimated wait. */
struct wait_band {
	int median, low, high; /* whole minutes, 10%-50%-90%; -1 each for WAIT_BASIS_NONE */
	bool soon; /* the ticket would be the next called, at a free open window */
	enum wait_basis basis;
	double point; /* the point estimate in minutes, unrounded; -1 for WAIT_BASIS_NONE */
	/* The band's quantiles in minutes, unrounded (for scoring); -1 for NONE. */
	double p10, p50, p90;
	double p05, p95; /* the 90% band: 5% and 95% quantiles, unrounded; -1 for NONE */
};

/* The comparison predictors of the benchmark (docs/estimator.md). */
enum estimator_method {
	ESTIMATOR_POINT, /* machiai's point estimate (QL over the schedule, learned m) */
	ESTIMATOR_QL, /* plain QL: (n + 1) * m / s with the windows open now */
	ESTIMATOR_LES, /* wait of the last ticket of the pool to be called */
	ESTIMATOR_HOL, /* how long the head of the line has waited */
	ESTIMATOR_ORACLE, /* QL over the schedule with the true service means given */
};

struct estimator;

/**
 * estimator_new() - an estimator for @cfg; its priors start at each
 * category's service_minutes for every weekday and hour. @seed seeds the
 * Monte-Carlo runs. @cfg must outlive the estimator.
 * Return: the estimator, to be freed with estimator_free(), or NULL when out
 * of memory.
 */
struct estimator *estimator_new(const struct config *cfg, uint64_t seed);

/** estimator_free() - free @est; NULL is fine. */
void estimator_free(struct estimator *est);

/**
 * estimator_set_prior() - the prior mean service time of category @c on
 * @weekday (0 = Sunday) at local @hour (0..23), in minutes (> 0); -1 for
 * @weekday or @hour sets every weekday or every hour.
 * Return: 0, or -1 when an argument is out of range.
 */
int estimator_set_prior(struct estimator *est, int c, int weekday, int hour, double minutes);

/** estimator_get_prior() - the prior of category @c on @weekday at @hour, minutes. */
double estimator_get_prior(const struct estimator *est, int c, int weekday, int hour);

/**
 * estimator_set_cv() - the coefficient of variation of category @c's service
 * times used by the Monte-Carlo run (default ESTIMATOR_SERVICE_CV).
 * Return: 0, or -1 when out of range.
 */
int estimator_set_cv(struct estimator *est, int c, double cv);

/**
 * estimator_set_replications() - Monte-Carlo replications per band, 1 to
 * ESTIMATOR_MAX_REPLICATIONS (default ESTIMATOR_REPLICATIONS).
 * Return: 0, or -1 when out of range.
 */
int estimator_set_replications(struct estimator *est, int n);

/**
 * estimator_service() - the learned effective service time of category @c
 * at @now, minutes: (k * prior + sum S) / (k + N) over today's done and
 * no-show tickets of @c in @o, with the prior of @now's weekday and hour.
 * *@n_calls (may be NULL) gets N.
 */
double estimator_service(const struct estimator *est, const struct office *o, int c, int64_t now,
			 int *n_calls);

/**
 * estimator_show_up() - the show-up probability of booked reservations:
 * ESTIMATOR_SHOW_UP shrunk toward today's checked-in / (checked-in + no-show).
 */
double estimator_show_up(const struct office *o);

/**
 * estimator_category() - the wait of a ticket of category @c taken at @now
 * in @o: point estimate and Monte-Carlo band. Reproducible: the same @o,
 * @now, seed and earlier bands of the day give the same band.
 * Return: 0 with *@out filled (possibly WAIT_BASIS_NONE); -1 when @c is out
 * of range.
 */
int estimator_category(struct estimator *est, const struct office *o, int c, int64_t now,
		       struct wait_band *out);

/**
 * estimator_ticket() - the remaining wait of today's ticket @t (an index
 * into o->tickets), as estimator_category(). A ticket that is no longer
 * waiting has WAIT_BASIS_NONE.
 * Return: 0 with *@out filled; -1 when @t is out of range.
 */
int estimator_ticket(struct estimator *est, const struct office *o, int t, int64_t now,
		     struct wait_band *out);

/* The estimated remaining wait of one waiting ticket (estimator_waiting()). */
struct ticket_band {
	int ticket; /* index into o->tickets */
	int category;
	int position; /* 1 = the next of its category to be called */
	struct wait_band band; /* quantiles at the levels of the category band */
};

/**
 * estimator_waiting() - the remaining wait of every waiting ticket, taken
 * from the same forward runs as each category's band for a new ticket: each
 * run records when each waiting ticket of the category is called (a ticket
 * that gives up in a run counts at the time the line reaches it), and each
 * ticket's band holds the quantiles of its own call times. Tickets come
 * category by category (configuration order), each category's in calling
 * order (the point run's; position 1 first). @categories (may be NULL; room
 * for cfg->n_categories) gets each category's new-ticket band, the same as
 * estimator_category() gives. Up to @n tickets go to @out (may be NULL when
 * @n is 0). A category with no open window serving it gives its tickets
 * WAIT_BASIS_NONE, in issue order.
 * Return: the number of waiting tickets (more than @n when @out is too
 * short), or -1 when out of memory.
 */
int estimator_waiting(struct estimator *est, const struct office *o, int64_t now,
		      struct wait_band *categories, struct ticket_band *out, size_t n);

/**
 * estimator_predict() - a point prediction only, by @method, for a ticket of
 * category @c taken at @now (@t = -1) or for waiting ticket @t (then @c is
 * ignored). @true_minutes (ESTIMATOR_ORACLE only, else may be NULL) gives
 * the true mean service time per category. Fills out->point and
 * out->median (rounded, at least 1 while anyone waits) and low = high =
 * median; basis NONE when the method has nothing to go on (no open window,
 * day not open, LES with no call yet), then point = -1. Fast: no
 * Monte-Carlo.
 * Return: 0, or -1 when an argument is out of range.
 */
int estimator_predict(struct estimator *est, const struct office *o, enum estimator_method method,
		      int c, int t, int64_t now, const double *true_minutes, struct wait_band *out);

#endif
