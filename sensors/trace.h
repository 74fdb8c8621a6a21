/* SPDX-License-Identifier: MIT */
/*
 * Synthetic people traces for the two-beam counter: people walking through
 * a door with realistic speeds, body depths, spacing, leg gaps, turn-backs
 * and contact bounce on every edge, with the ground truth kept alongside.
 * Used by the accuracy test and bench, and by the simulated GPIO source to
 * walk people through the door. Seeded: the same seed gives the same trace.
 */
#ifndef MACHIAI_SENSORS_TRACE_H
#define MACHIAI_SENSORS_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/counter.h"

struct trace_params {
	double beam_spacing_m; /* between the outer and inner beam, 0.12 */
	double speed_mean, speed_sd; /* walking speed, 1.3 ± 0.25 m/s */
	double depth_mean, depth_sd; /* body depth cutting a beam, 0.30 ± 0.05 m */
	double p_close; /* a person follows the one before at close_min_m-1.2 m, 0.3 */
	double p_turn; /* a person looks in and turns back, 0.05 */
	double p_leg_gap; /* a beam sees a gap inside one body, 0.2 ... */
	double leg_gap_max_ms; /* ... of 10 ms to this, 50 */
	double close_min_m; /* the closest a follower walks behind, 0.2 m */
	int bounce_max; /* bounces after each edge, 0..bounce_max, within 2 ms; 3 */
	double headway_s; /* mean extra time between independent people, 4 s */
	int dir; /* 0 mixed; +1 everyone enters; -1 everyone leaves */
	struct counter_timing timing; /* the counter's, for trace_run() */
};

enum trace_mode {
	TRACE_SINGLE, /* one person at a time (followers may be close) */
	TRACE_PAIRS, /* two people side by side, 0-0.2 m apart along the way */
};

struct trace_edge {
	int64_t at_us; /* microseconds from the trace's start */
	int beam; /* enum counter_beam */
	bool blocked;
};

struct trace_passage {
	int64_t start_us, end_us; /* first break, last clear (before bounce) */
	int dir; /* +1 in, -1 out, 0 turn-back */
	int people; /* 1, or 2 for a side-by-side pair */
};

struct trace {
	struct trace_edge *edges; /* in time order */
	int n_edges;
	struct trace_passage *passages; /* in time order, not overlapping */
	int n_passages;
};

struct trace_result {
	int true_in, true_out; /* people who really crossed */
	int counted_in, counted_out; /* crossings matched to a real one */
	int false_in, false_out; /* crossings counted that match none */
	int turn_backs; /* generated */
	int edges;
};

/** trace_params_defaults() - the figures in the comments of struct trace_params. */
void trace_params_defaults(struct trace_params *p);

/**
 * trace_generate() - @n passages in @mode from @seed, starting 1 s in.
 * Return: 0 with @t filled (free with trace_free()), -1 when out of memory.
 */
int trace_generate(const struct trace_params *p, int n, enum trace_mode mode, uint64_t seed,
		   struct trace *t);

/** trace_free() - free the arrays of @t; a zeroed @t is fine. */
void trace_free(struct trace *t);

/**
 * trace_count() - run @t through a beam counter with @p's timings and match
 * its crossings to the passages: a crossing counts as right when it falls
 * within a passage (up to 200 ms after its end, for the confirmation delay)
 * of its direction that still has people to count.
 */
void trace_count(const struct trace_params *p, const struct trace *t, struct trace_result *r);

/** trace_run() - trace_generate() then trace_count(). Return: 0, or -1 when out of memory. */
int trace_run(const struct trace_params *p, int n, enum trace_mode mode, uint64_t seed,
	      struct trace_result *r);

#endif
