/* SPDX-License-Identifier: MIT */
#include "sensors/simgpio.h"

#include <stdlib.h>
#include <string.h>

#include "sensors/trace.h"

struct pending {
	struct gpio_edge e;
	uint64_t seq; /* order of scheduling, for ties */
};

struct simgpio {
	int n_lines;
	bool value[GPIO_MAX_LINES]; /* after every scheduled edge */
	struct pending *heap; /* min-heap by (at, seq) */
	int n, cap;
	uint64_t seq;
};

struct simgpio *simgpio_new(int n_lines)
{
	if (n_lines < 0 || n_lines > GPIO_MAX_LINES)
		return NULL;
	struct simgpio *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->n_lines = n_lines;
	return s;
}

void simgpio_free(struct simgpio *s)
{
	if (!s)
		return;
	free(s->heap);
	free(s);
}

bool simgpio_value(const struct simgpio *s, int line)
{
	return line >= 0 && line < s->n_lines && s->value[line];
}

static bool before(const struct pending *a, const struct pending *b)
{
	return a->e.at < b->e.at || (a->e.at == b->e.at && a->seq < b->seq);
}

static int push(struct simgpio *s, enum gpio_edge_kind kind, int line, bool active, int64_t at)
{
	if (line < 0 || line >= s->n_lines || s->n >= SIMGPIO_MAX_PENDING)
		return -1;
	if (s->n == s->cap) {
		int ncap = s->cap ? s->cap * 2 : 256;
		struct pending *h = realloc(s->heap, (size_t)ncap * sizeof(*h));
		if (!h)
			return -1;
		s->heap = h;
		s->cap = ncap;
	}
	struct pending p = { { kind, line, active, at }, s->seq++ };
	int i = s->n++;
	while (i > 0 && before(&p, &s->heap[(i - 1) / 2])) {
		s->heap[i] = s->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	s->heap[i] = p;
	return 0;
}

static struct gpio_edge pop(struct simgpio *s)
{
	struct gpio_edge top = s->heap[0].e;
	struct pending last = s->heap[--s->n];
	int i = 0;
	for (;;) {
		int c = 2 * i + 1;
		if (c >= s->n)
			break;
		if (c + 1 < s->n && before(&s->heap[c + 1], &s->heap[c]))
			c++;
		if (!before(&s->heap[c], &last))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (s->n > 0)
		s->heap[i] = last;
	return top;
}

int simgpio_set(struct simgpio *s, int line, bool active, int64_t at)
{
	if (push(s, GPIO_EDGE_LEVEL, line, active, at) < 0)
		return -1;
	s->value[line] = active;
	return 0;
}

int simgpio_press(struct simgpio *s, int line, int64_t at, int hold_ms, int bounces)
{
	int64_t t = at;
	for (int phase = 0; phase < 2; phase++) {
		bool level = phase == 0;
		if (simgpio_set(s, line, level, t) < 0)
			return -1;
		for (int i = 0; i < bounces; i++) {
			if (simgpio_set(s, line, !level, t) < 0 ||
			    simgpio_set(s, line, level, t + 1) < 0)
				return -1;
			t += 1;
		}
		t = at + hold_ms;
	}
	return 0;
}

int64_t simgpio_walk(struct simgpio *s, int outer, int inner, int dir, int n, int64_t at,
		     uint64_t seed)
{
	struct trace_params p;
	trace_params_defaults(&p);
	p.dir = dir > 0 ? 1 : -1;
	p.p_turn = 0;
	struct trace t;
	if (trace_generate(&p, n, TRACE_SINGLE, seed, &t) < 0)
		return -1;
	int64_t end = at;
	int64_t base = at - 1000; /* traces start 1 s in */
	for (int i = 0; i < t.n_edges; i++) {
		const struct trace_edge *e = &t.edges[i];
		int line = e->beam == COUNTER_BEAM_OUTER ? outer : inner;
		int64_t when = base + e->at_us / 1000;
		if (simgpio_set(s, line, e->blocked, when) < 0) {
			trace_free(&t);
			return -1;
		}
		if (when > end)
			end = when;
	}
	trace_free(&t);
	return end;
}

int simgpio_lose(struct simgpio *s, int line, int64_t at)
{
	return push(s, GPIO_EDGE_LOST, line, false, at);
}

int simgpio_back(struct simgpio *s, int line, int64_t at)
{
	if (line < 0 || line >= s->n_lines)
		return -1;
	return push(s, GPIO_EDGE_BACK, line, s->value[line], at);
}

int simgpio_read(struct simgpio *s, int64_t now, struct gpio_edge *out, int max)
{
	int k = 0;
	while (k < max && s->n > 0 && s->heap[0].e.at <= now)
		out[k++] = pop(s);
	return k;
}

int64_t simgpio_due(const struct simgpio *s)
{
	return s->n > 0 ? s->heap[0].e.at : INT64_MAX;
}

int simgpio_pending(const struct simgpio *s)
{
	return s->n;
}
