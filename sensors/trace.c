/* SPDX-License-Identifier: MIT */
#include "sensors/trace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void trace_params_defaults(struct trace_params *p)
{
	memset(p, 0, sizeof(*p));
	p->beam_spacing_m = 0.12;
	p->speed_mean = 1.3;
	p->speed_sd = 0.25;
	p->depth_mean = 0.30;
	p->depth_sd = 0.05;
	p->p_close = 0.3;
	p->p_turn = 0.05;
	p->p_leg_gap = 0.2;
	p->leg_gap_max_ms = 50;
	p->close_min_m = 0.2;
	p->bounce_max = 3;
	p->headway_s = 4.0;
	counter_timing_defaults(&p->timing);
}

/* splitmix64 */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double rng_uniform(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

static double rng_range(uint64_t *s, double lo, double hi)
{
	return lo + (hi - lo) * rng_uniform(s);
}

static double rng_normal(uint64_t *s, double mean, double sd, double lo, double hi)
{
	double u1 = rng_uniform(s), u2 = rng_uniform(s);
	if (u1 < 1e-12)
		u1 = 1e-12;
	double x = mean + sd * sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
	return x < lo ? lo : x > hi ? hi : x;
}

struct span {
	int64_t a, b; /* blocked from a to b, us */
};

#define SPANS_MAX 16 /* per beam per passage */

struct beam_spans {
	struct span s[SPANS_MAX];
	int n;
};

static void spans_add(struct beam_spans *bs, int64_t a, int64_t b)
{
	if (bs->n < SPANS_MAX && b > a)
		bs->s[bs->n++] = (struct span){ a, b };
}

static int span_cmp(const void *x, const void *y)
{
	const struct span *p = x, *q = y;
	return p->a < q->a ? -1 : p->a > q->a;
}

/* Sort and merge overlapping spans. */
static void spans_union(struct beam_spans *bs)
{
	qsort(bs->s, (size_t)bs->n, sizeof(bs->s[0]), span_cmp);
	int k = 0;
	for (int i = 0; i < bs->n; i++) {
		if (k > 0 && bs->s[i].a <= bs->s[k - 1].b) {
			if (bs->s[i].b > bs->s[k - 1].b)
				bs->s[k - 1].b = bs->s[i].b;
		} else {
			bs->s[k++] = bs->s[i];
		}
	}
	bs->n = k;
}

/*
 * One body crossing: front at the first beam at @t0 (us), walking @dir
 * (+1: A then B). A leg gap may split a beam's break.
 */
static void body_cross(const struct trace_params *p, uint64_t *rng, int dir, int64_t t0, double v,
		       double depth, struct beam_spans spans[2])
{
	int first = dir > 0 ? COUNTER_BEAM_OUTER : COUNTER_BEAM_INNER;
	double us_per_m = 1e6 / v;
	for (int k = 0; k < 2; k++) {
		int beam = k == 0 ? first : !first;
		int64_t a = t0 + (int64_t)(k * p->beam_spacing_m * us_per_m);
		int64_t b = a + (int64_t)(depth * us_per_m);
		if (rng_uniform(rng) < p->p_leg_gap) {
			int64_t mid = a + (int64_t)((double)(b - a) * rng_range(rng, 0.3, 0.7));
			int64_t gap = (int64_t)rng_range(rng, 10000, p->leg_gap_max_ms * 1000);
			spans_add(&spans[beam], a, mid);
			spans_add(&spans[beam], mid + gap, b);
		} else {
			spans_add(&spans[beam], a, b);
		}
	}
}

/* Someone steps in up to @pen m past the first beam, pauses and steps back. */
static void body_turn(const struct trace_params *p, uint64_t *rng, int dir, int64_t t0, double v,
		      struct beam_spans spans[2])
{
	int first = dir > 0 ? COUNTER_BEAM_OUTER : COUNTER_BEAM_INNER;
	double us_per_m = 1e6 / v;
	double pen = rng_range(rng, 0.05, 0.30);
	int64_t pause = (int64_t)rng_range(rng, 200000, 1000000);
	int64_t back = t0 + (int64_t)(pen * us_per_m) + pause;
	spans_add(&spans[first], t0, back + (int64_t)(pen * us_per_m));
	if (pen > p->beam_spacing_m) {
		int64_t a = t0 + (int64_t)(p->beam_spacing_m * us_per_m);
		int64_t b = back + (int64_t)((pen - p->beam_spacing_m) * us_per_m);
		spans_add(&spans[!first], a, b);
	}
}

static int edge_add(struct trace *t, int *cap, int64_t at, int beam, bool blocked)
{
	if (t->n_edges == *cap) {
		int ncap = *cap ? *cap * 2 : 1024;
		struct trace_edge *e = realloc(t->edges, (size_t)ncap * sizeof(*e));
		if (!e)
			return -1;
		t->edges = e;
		*cap = ncap;
	}
	t->edges[t->n_edges++] = (struct trace_edge){ at, beam, blocked };
	return 0;
}

/* A clean edge at @at followed by up to bounce_max bounces within 2 ms. */
static int edge_noisy(const struct trace_params *p, uint64_t *rng, struct trace *t, int *cap,
		      int64_t at, int beam, bool blocked)
{
	if (edge_add(t, cap, at, beam, blocked) < 0)
		return -1;
	int bounces = p->bounce_max > 0 ? (int)(rng_next(rng) % (uint64_t)(p->bounce_max + 1)) : 0;
	int64_t x = at;
	for (int i = 0; i < bounces; i++) {
		x += (int64_t)rng_range(rng, 50, 300);
		if (edge_add(t, cap, x, beam, !blocked) < 0)
			return -1;
		x += (int64_t)rng_range(rng, 50, 300);
		if (edge_add(t, cap, x, beam, blocked) < 0)
			return -1;
	}
	return 0;
}

int trace_generate(const struct trace_params *p, int n, enum trace_mode mode, uint64_t seed,
		   struct trace *t)
{
	memset(t, 0, sizeof(*t));
	uint64_t rng = seed;
	int cap = 0;
	t->passages = calloc((size_t)(n > 0 ? n : 1), sizeof(*t->passages));
	if (!t->passages)
		return -1;
	int64_t t0 = 1000000;
	int prev_dir = 1;
	double prev_v = 1.3, prev_depth = 0.3;
	for (int i = 0; i < n; i++) {
		struct beam_spans spans[2] = { 0 };
		struct trace_passage *ps = &t->passages[i];
		bool turn = rng_uniform(&rng) < p->p_turn;
		bool close = i > 0 && !turn && prev_dir != 0 && rng_uniform(&rng) < p->p_close;
		int dir = p->dir ? p->dir : (rng_uniform(&rng) < 0.5 ? 1 : -1);
		if (close)
			dir = prev_dir;
		double v = rng_normal(&rng, p->speed_mean, p->speed_sd, 0.6, 2.2);
		double depth = rng_normal(&rng, p->depth_mean, p->depth_sd, 0.18, 0.45);
		if (close) {
			/* Same pace as the one ahead, close_min_m-1.2 m behind their back. */
			v = prev_v;
			double gap = rng_range(&rng, p->close_min_m, 1.2);
			t0 = t->passages[i - 1].start_us + (int64_t)((prev_depth + gap) * 1e6 / v);
		}
		if (turn) {
			body_turn(p, &rng, dir, t0, v, spans);
			ps->dir = 0;
			ps->people = 0;
		} else if (mode == TRACE_PAIRS) {
			body_cross(p, &rng, dir, t0, v, depth, spans);
			double offset = rng_range(&rng, 0.0, 0.2);
			double depth2 = rng_normal(&rng, p->depth_mean, p->depth_sd, 0.18, 0.45);
			body_cross(p, &rng, dir, t0 + (int64_t)(offset * 1e6 / v), v, depth2,
				   spans);
			ps->dir = dir;
			ps->people = 2;
		} else {
			body_cross(p, &rng, dir, t0, v, depth, spans);
			ps->dir = dir;
			ps->people = 1;
		}
		ps->start_us = INT64_MAX;
		ps->end_us = 0;
		for (int b = 0; b < 2; b++) {
			spans_union(&spans[b]);
			for (int k = 0; k < spans[b].n; k++) {
				if (spans[b].s[k].a < ps->start_us)
					ps->start_us = spans[b].s[k].a;
				if (spans[b].s[k].b > ps->end_us)
					ps->end_us = spans[b].s[k].b;
				if (edge_noisy(p, &rng, t, &cap, spans[b].s[k].a, b, true) < 0 ||
				    edge_noisy(p, &rng, t, &cap, spans[b].s[k].b, b, false) < 0)
					goto err_free;
			}
		}
		prev_dir = turn ? 0 : dir;
		prev_v = v;
		prev_depth = depth;
		/* The next independent person comes after a pause. */
		t0 = ps->end_us + 500000 +
		     (int64_t)(-log(1.0 - rng_uniform(&rng)) * p->headway_s * 1e6);
		t->n_passages++;
	}
	/* Edges of one passage were added beam by beam: put them in time order. */
	for (int i = 1; i < t->n_edges; i++) {
		struct trace_edge e = t->edges[i];
		int j = i - 1;
		while (j >= 0 && t->edges[j].at_us > e.at_us) {
			t->edges[j + 1] = t->edges[j];
			j--;
		}
		t->edges[j + 1] = e;
	}
	return 0;
err_free:
	trace_free(t);
	return -1;
}

void trace_free(struct trace *t)
{
	free(t->edges);
	free(t->passages);
	memset(t, 0, sizeof(*t));
}

static void match(const struct trace *t, int *left, const struct counter_out *o, int n,
		  struct trace_result *r)
{
	for (int i = 0; i < n; i++) {
		if (o[i].kind != COUNTER_OUT_CROSSING)
			continue;
		int64_t at_us = o[i].at * 1000;
		bool ok = false;
		for (int k = 0; k < t->n_passages && !ok; k++) {
			const struct trace_passage *ps = &t->passages[k];
			if (at_us >= ps->start_us && at_us <= ps->end_us + 200000 &&
			    ps->dir == o[i].count && left[k] > 0) {
				left[k]--;
				ok = true;
			}
		}
		if (o[i].count > 0) {
			if (ok)
				r->counted_in++;
			else
				r->false_in++;
		} else {
			if (ok)
				r->counted_out++;
			else
				r->false_out++;
		}
	}
}

void trace_count(const struct trace_params *p, const struct trace *t, struct trace_result *r)
{
	memset(r, 0, sizeof(*r));
	int *left = calloc((size_t)(t->n_passages > 0 ? t->n_passages : 1), sizeof(*left));
	if (!left)
		abort();
	for (int k = 0; k < t->n_passages; k++) {
		left[k] = t->passages[k].people;
		if (t->passages[k].dir > 0)
			r->true_in += t->passages[k].people;
		else if (t->passages[k].dir < 0)
			r->true_out += t->passages[k].people;
		else
			r->turn_backs++;
	}
	struct counter_beams c;
	counter_beams_init(&c, &p->timing);
	struct counter_out out[COUNTER_OUT_MAX];
	for (int i = 0; i < t->n_edges; i++) {
		const struct trace_edge *e = &t->edges[i];
		int n = counter_beams_edge(&c, e->beam, e->blocked, e->at_us / 1000, out,
					   COUNTER_OUT_MAX);
		match(t, left, out, n, r);
	}
	int64_t end = t->n_edges ? t->edges[t->n_edges - 1].at_us / 1000 + 10000 : 0;
	match(t, left, out, counter_beams_advance(&c, end, out, COUNTER_OUT_MAX), r);
	r->edges = t->n_edges;
	free(left);
}

int trace_run(const struct trace_params *p, int n, enum trace_mode mode, uint64_t seed,
	      struct trace_result *r)
{
	struct trace t;
	if (trace_generate(p, n, mode, seed, &t) < 0)
		return -1;
	trace_count(p, &t, r);
	trace_free(&t);
	return 0;
}
