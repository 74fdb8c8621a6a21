/* SPDX-License-Identifier: MIT */
/*
 * Offline evaluation of wait predictors (RESEARCH.md §2, docs/sim.md): it
 * watches every event of simulated days and, for each walk-in ticket issued
 * in the scenario's measured hours, records each predictor's estimate at
 * issue and at every call while the ticket waits, then scores them against
 * the realised wait (issue to first call) when the ticket is called.
 */
#ifndef MACHIAI_SIM_EVALUATE_H
#define MACHIAI_SIM_EVALUATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/estimator.h"
#include "sim/engine.h"
#include "sim/scenario.h"

enum sim_method {
	SIM_METHOD_MACHIAI, /* core/estimator.h point estimate; band from estimator_ticket() */
	SIM_METHOD_ORACLE, /* QL over the schedule with the true effective service times */
	SIM_METHOD_QL, /* plain QL with the windows open now */
	SIM_METHOD_LES, /* last ticket to be called */
	SIM_METHOD_HOL, /* head of the line */
	SIM_METHODS
};

/* Sums of prediction errors (minutes). */
struct sim_acc {
	double n, sum_e, sum_e2, sum_abs, sum_real;
};

struct sim_eval;

/**
 * sim_eval_new() - an evaluator of scenario @sc; @seed seeds the estimator's
 * Monte-Carlo bands. @update_every: record updates for every ticket (1) or
 * every n-th measured ticket (n > 1), to bound the cost; @band_every likewise
 * for the Monte-Carlo band at issue. @predict false:
 * realised waits only, no predictor is asked (fast, for the theory check).
 * Return: the evaluator, to be freed with sim_eval_free(), or NULL.
 */
struct sim_eval *sim_eval_new(const struct sim_scenario *sc, uint64_t seed, int update_every,
			      int band_every, bool predict);

/**
 * sim_eval_set_waiting_every() - also score every waiting ticket's own band
 * (estimator_waiting(), as the daemon's status refresh shows it): after
 * events that change the queue, at most once every @minutes simulated
 * minutes (0: after every such event; -1: not at all, the default), each
 * scored ticket's band is kept and, at its call, scored against the wait
 * that remained. The same estimator gives the bands at issue, so its
 * recalibration sees these calls too, as in the daemon.
 * Return: 0, or -1 when out of memory or @minutes < -1.
 */
int sim_eval_set_waiting_every(struct sim_eval *ev, int minutes);

/** sim_eval_free() - free @ev; NULL is fine. */
void sim_eval_free(struct sim_eval *ev);

/**
 * sim_eval_day_begin() - the next events belong to simulated day @d (which
 * must have been made with sim_eval_sink() and this evaluator as its sink).
 */
void sim_eval_day_begin(struct sim_eval *ev, const struct sim_day *d);

/** sim_eval_day_end() - the day is over; unfinished tickets are censored. */
void sim_eval_day_end(struct sim_eval *ev);

/**
 * sim_eval_sink() - the sim_sink_fn of the evaluator (@ctx is the
 * struct sim_eval).
 */
int sim_eval_sink(void *ctx, const struct office *o, const struct event *e);

/**
 * sim_eval_issue_band() - the band shown (whole minutes) that the evaluator
 * computed for today's ticket @t when it was issued.
 * Return: true with *@out filled; false when it has none (a check-in, a
 * ticket outside the measured span or between --band-every tickets).
 */
bool sim_eval_issue_band(const struct sim_eval *ev, int t, struct wait_band *out);

/**
 * sim_eval_acc() - the accumulated errors at issue of @method, overall.
 */
const struct sim_acc *sim_eval_acc(const struct sim_eval *ev, enum sim_method method);

/**
 * sim_eval_json() - the summary as a new JSON object (docs/sim.md), or NULL
 * when out of memory. The caller owns the reference.
 */
json_t *sim_eval_json(const struct sim_eval *ev, int days, uint64_t seed);

/**
 * sim_eval_theory() - the stationary M/M/s check as a new JSON object, or
 * JSON null when the scenario is not a stationary M/M/s one: Erlang C mean
 * wait, the simulated mean wait with its standard error over days, and the
 * MSE ratios of the predictors.
 */
json_t *sim_eval_theory(const struct sim_eval *ev);

/** sim_eval_print() - the summary as Markdown tables to @f. */
void sim_eval_print(const struct sim_eval *ev, FILE *f);

/** sim_method_name() - "machiai", "oracle", "ql", "les" or "hol". */
const char *sim_method_name(enum sim_method m);

/**
 * sim_erlang_c() - the probability of waiting in an M/M/@s queue with offered
 * load @a = λ/μ (< @s).
 */
double sim_erlang_c(int s, double a);

#endif
