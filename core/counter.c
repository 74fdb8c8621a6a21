/* SPDX-License-Identifier: MIT */
#include "core/counter.h"

#include <assert.h>
#include <string.h>

void counter_debounce_init(struct counter_debounce *d, bool level, int hold_on_ms, int hold_off_ms)
{
	memset(d, 0, sizeof(*d));
	d->level = level;
	d->raw = level;
	d->hold_on_ms = hold_on_ms > 0 ? hold_on_ms : 0;
	d->hold_off_ms = hold_off_ms > 0 ? hold_off_ms : 0;
}

void counter_debounce_edge(struct counter_debounce *d, bool level, int64_t at)
{
	if (level == d->raw)
		return;
	if (d->raw != d->level)
		d->glitches++; /* the pending change reverted before it held */
	d->raw = level;
	d->raw_at = at;
}

bool counter_debounce_pending(const struct counter_debounce *d)
{
	return d->raw != d->level;
}

int64_t counter_debounce_due(const struct counter_debounce *d)
{
	if (!counter_debounce_pending(d))
		return COUNTER_NEVER;
	return d->raw_at + (d->raw ? d->hold_on_ms : d->hold_off_ms);
}

bool counter_debounce_advance(struct counter_debounce *d, int64_t now, int64_t *at)
{
	if (counter_debounce_due(d) > now)
		return false;
	d->level = d->raw;
	if (at)
		*at = d->raw_at;
	return true;
}

void counter_timing_defaults(struct counter_timing *t)
{
	t->min_break_ms = 25;
	t->min_gap_ms = 75;
	t->second_ms = 500;
	t->blocked_ms = 2500;
}

/* ---- two beams ---- */

void counter_beams_init(struct counter_beams *c, const struct counter_timing *t)
{
	struct counter_timing copy = *t; /* @t may point into @c */
	memset(c, 0, sizeof(*c));
	c->t = copy;
	for (int i = 0; i < 2; i++)
		counter_debounce_init(&c->beam[i], false, copy.min_break_ms, copy.min_gap_ms);
	c->now = INT64_MIN;
}

static void passage_reset(struct counter_beams *c)
{
	c->active = false;
	c->spoiled = false;
	c->waiting = false;
	c->seen[0] = c->seen[1] = false;
}

static int emit(struct counter_out *out, int n, int max, enum counter_out_kind kind, int64_t at)
{
	assert(n < max);
	memset(&out[n], 0, sizeof(out[n]));
	out[n].kind = kind;
	out[n].at = at;
	return n + 1;
}

/* The state machine sees @beam change to @blocked at @at. */
static int beams_step(struct counter_beams *c, int beam, bool blocked, int64_t at,
		      struct counter_out *out, int n, int max)
{
	c->level[beam] = blocked;
	if (blocked) {
		c->blocked_since[beam] = at;
		if (!c->active) {
			c->active = true;
			c->first = beam;
		}
		c->seen[beam] = true;
		c->waiting = false;
		return n;
	}
	if (c->fault[beam]) {
		c->fault[beam] = false;
		n = emit(out, n, max, COUNTER_OUT_FAULT, at);
		out[n - 1].beam = beam;
		out[n - 1].fault = false;
	}
	if (c->level[!beam] || !c->active)
		return n;
	/* Both clear. */
	if (c->spoiled) {
		passage_reset(c);
		return n;
	}
	if (!c->seen[!beam] || !c->seen[beam]) {
		c->waiting = true;
		c->wait_until = at + c->t.second_ms;
		return n;
	}
	if (c->first == beam) {
		c->stats.turn_backs++;
	} else {
		n = emit(out, n, max, COUNTER_OUT_CROSSING, at);
		out[n - 1].count = c->first == COUNTER_BEAM_OUTER ? 1 : -1;
		if (out[n - 1].count > 0)
			c->stats.ins++;
		else
			c->stats.outs++;
	}
	passage_reset(c);
	return n;
}

/* The earliest time-driven deadline of the state machine, or COUNTER_NEVER. */
static int64_t beams_deadline(const struct counter_beams *c, int *which)
{
	int64_t d = COUNTER_NEVER;
	*which = -1;
	if (c->waiting) {
		d = c->wait_until;
		*which = 2;
	}
	for (int i = 0; i < 2; i++) {
		if (c->level[i] && !c->fault[i] && c->blocked_since[i] + c->t.blocked_ms < d) {
			d = c->blocked_since[i] + c->t.blocked_ms;
			*which = i;
		}
	}
	return d;
}

int counter_beams_advance(struct counter_beams *c, int64_t now, struct counter_out *out, int max)
{
	int n = 0;
	if (now > c->now)
		c->now = now;
	now = c->now;
	for (;;) {
		/* The pending raw change that happened first, confirmed or not. */
		int p = -1;
		for (int i = 0; i < 2; i++) {
			if (counter_debounce_pending(&c->beam[i]) &&
			    (p < 0 || c->beam[i].raw_at < c->beam[p].raw_at))
				p = i;
		}
		int which;
		int64_t d = beams_deadline(c, &which);
		if (p >= 0 && c->beam[p].raw_at <= d) {
			int64_t at = 0;
			if (!counter_debounce_advance(&c->beam[p], now, &at))
				break; /* it may still revert: wait for it */
			n = beams_step(c, p, c->beam[p].level, at, out, n, max);
			continue;
		}
		if (d > now)
			break;
		if (which == 2) {
			c->stats.timeouts++;
			passage_reset(c);
		} else {
			c->fault[which] = true;
			if (c->active && !c->spoiled) {
				c->spoiled = true;
				c->stats.spoiled++;
			}
			c->waiting = false;
			n = emit(out, n, max, COUNTER_OUT_FAULT, d);
			out[n - 1].beam = which;
			out[n - 1].fault = true;
		}
	}
	c->stats.glitches = c->beam[0].glitches + c->beam[1].glitches;
	return n;
}

int counter_beams_edge(struct counter_beams *c, int beam, bool blocked, int64_t at,
		       struct counter_out *out, int max)
{
	assert(beam == COUNTER_BEAM_OUTER || beam == COUNTER_BEAM_INNER);
	int n = counter_beams_advance(c, at, out, max);
	counter_debounce_edge(&c->beam[beam], blocked, c->now);
	/* A change with no hold time confirms at once. */
	return n + counter_beams_advance(c, c->now, out + n, max - n);
}

int64_t counter_beams_due(const struct counter_beams *c)
{
	int which;
	int64_t d = beams_deadline(c, &which);
	int p = -1;
	for (int i = 0; i < 2; i++) {
		if (counter_debounce_pending(&c->beam[i]) &&
		    (p < 0 || c->beam[i].raw_at < c->beam[p].raw_at))
			p = i;
	}
	/* Nothing happens before the change that came first is settled. */
	if (p >= 0 && c->beam[p].raw_at <= d)
		return counter_debounce_due(&c->beam[p]);
	return d;
}

/* ---- pulse lines ---- */

void counter_pulses_init(struct counter_pulses *p, int debounce_ms)
{
	for (int i = 0; i < 2; i++)
		counter_debounce_init(&p->line[i], false, debounce_ms, debounce_ms);
}

int counter_pulses_advance(struct counter_pulses *p, int64_t now, struct counter_out *out, int max)
{
	int n = 0;
	for (;;) {
		int first = -1;
		for (int i = 0; i < 2; i++) {
			int64_t due = counter_debounce_due(&p->line[i]);
			if (due <= now && (first < 0 || p->line[i].raw_at < p->line[first].raw_at))
				first = i;
		}
		if (first < 0)
			break;
		int64_t at = 0;
		counter_debounce_advance(&p->line[first], now, &at);
		if (p->line[first].level) {
			n = emit(out, n, max, COUNTER_OUT_CROSSING, at);
			out[n - 1].count = first == 0 ? 1 : -1;
		}
	}
	return n;
}

int counter_pulses_edge(struct counter_pulses *p, int which, bool active, int64_t at,
			struct counter_out *out, int max)
{
	assert(which == 0 || which == 1);
	int n = counter_pulses_advance(p, at, out, max);
	counter_debounce_edge(&p->line[which], active, at);
	return n + counter_pulses_advance(p, at, out + n, max - n);
}

int64_t counter_pulses_due(const struct counter_pulses *p)
{
	int64_t a = counter_debounce_due(&p->line[0]);
	int64_t b = counter_debounce_due(&p->line[1]);
	return a < b ? a : b;
}

/* ---- buttons ---- */

void counter_button_init(struct counter_button *b, int debounce_ms)
{
	counter_debounce_init(&b->d, false, debounce_ms, debounce_ms);
}

int counter_button_advance(struct counter_button *b, int64_t now, struct counter_out *out, int max)
{
	int64_t at = 0;
	if (!counter_debounce_advance(&b->d, now, &at) || !b->d.level)
		return 0;
	return emit(out, 0, max, COUNTER_OUT_PRESS, at);
}

int counter_button_edge(struct counter_button *b, bool pressed, int64_t at, struct counter_out *out,
			int max)
{
	int n = counter_button_advance(b, at, out, max);
	counter_debounce_edge(&b->d, pressed, at);
	return n + counter_button_advance(b, at, out + n, max - n);
}

int64_t counter_button_due(const struct counter_button *b)
{
	return counter_debounce_due(&b->d);
}
