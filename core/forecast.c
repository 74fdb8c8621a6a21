/* SPDX-License-Identifier: MIT */
#include "core/forecast.h"

#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "core/holiday.h"

#define WEEK_MS (7LL * 24 * 3600 * 1000)

struct cell {
	double waiting_sum;
	int waiting_n;
	double wait_sum;
	int wait_n;
};

struct weighted {
	double v;
	double w;
};

static int weighted_cmp(const void *a, const void *b)
{
	const struct weighted *x = a, *y = b;

	return (x->v > y->v) - (x->v < y->v);
}

/* The weighted median of @n values: the smallest value at which the
 * cumulative weight reaches half of the total. */
static double weighted_median(struct weighted *v, int n)
{
	double total = 0, acc = 0;

	qsort(v, (size_t)n, sizeof(*v), weighted_cmp);
	for (int i = 0; i < n; i++)
		total += v[i].w;
	for (int i = 0; i < n; i++) {
		acc += v[i].w;
		if (acc >= total / 2 - 1e-12)
			return v[i].v;
	}
	return v[n - 1].v;
}

static size_t cell_index(int wd, int slot, int week)
{
	return ((size_t)wd * FORECAST_SLOTS + (size_t)slot) * FORECAST_WEEKS_MAX + (size_t)week;
}

int forecast_build(const struct forecast_sample *s, size_t n, int64_t now_ms, int offset_min,
		   int weeks, struct forecast *out)
{
	struct cell *cells;
	double peak = 0;

	if (weeks < FORECAST_WEEKS_MIN)
		weeks = FORECAST_WEEKS_MIN;
	if (weeks > FORECAST_WEEKS_MAX)
		weeks = FORECAST_WEEKS_MAX;
	memset(out, 0, sizeof(*out));
	out->weeks = weeks;
	out->to_ms = now_ms;
	out->from_ms = now_ms - weeks * WEEK_MS;
	for (int d = 0; d < 7; d++)
		for (int k = 0; k < FORECAST_SLOTS; k++) {
			out->slot[d][k].score = -1;
			out->slot[d][k].wait_minutes = -1;
		}

	cells = calloc((size_t)7 * FORECAST_SLOTS * FORECAST_WEEKS_MAX, sizeof(*cells));
	if (!cells)
		return -1;

	for (size_t i = 0; i < n; i++) {
		struct civil c;
		int64_t age = now_ms - s[i].at;
		int week, slot;
		struct cell *cell;

		if (!s[i].open || s[i].waiting < 0 || age < 0 || age >= weeks * WEEK_MS)
			continue;
		week = (int)(age / WEEK_MS);
		civil_from_ms(s[i].at, offset_min, &c);
		/* A holiday the office opened on is not a usual Monday. */
		if (holiday_get(c.yyyymmdd, NULL)) {
			out->n_holiday++;
			continue;
		}
		slot = c.minute_of_day / FORECAST_SLOT_MINUTES;
		cell = &cells[cell_index(c.weekday, slot, week)];
		cell->waiting_sum += s[i].waiting;
		cell->waiting_n++;
		if (s[i].wait_minutes >= 0) {
			cell->wait_sum += s[i].wait_minutes;
			cell->wait_n++;
		}
		out->n_samples++;
	}

	for (int d = 0; d < 7; d++) {
		for (int k = 0; k < FORECAST_SLOTS; k++) {
			struct weighted wv[FORECAST_WEEKS_MAX], ww[FORECAST_WEEKS_MAX];
			int nv = 0, nw = 0;
			struct forecast_slot *fs = &out->slot[d][k];

			double weight = 1.0;

			for (int w = 0; w < weeks; w++, weight *= FORECAST_DECAY) {
				const struct cell *cell = &cells[cell_index(d, k, w)];

				if (cell->waiting_n > 0) {
					wv[nv].v = cell->waiting_sum / cell->waiting_n;
					wv[nv++].w = weight;
				}
				if (cell->wait_n > 0) {
					ww[nw].v = cell->wait_sum / cell->wait_n;
					ww[nw++].w = weight;
				}
			}
			fs->weeks = nv;
			if (nv == 0)
				continue;
			fs->waiting = weighted_median(wv, nv);
			fs->wait_minutes = nw > 0 ? weighted_median(ww, nw) : -1;
			if (fs->waiting > peak)
				peak = fs->waiting;
		}
	}
	free(cells);

	for (int d = 0; d < 7; d++)
		for (int k = 0; k < FORECAST_SLOTS; k++) {
			struct forecast_slot *fs = &out->slot[d][k];

			if (fs->weeks == 0)
				continue;
			fs->score = peak > 0 ? (int)(100.0 * fs->waiting / peak + 0.5) : 0;
		}
	return 0;
}

int forecast_best_slot(const struct forecast *fc, int wd, int from_slot, int to_slot)
{
	int best = -1;

	if (wd < 0 || wd > 6)
		return -1;
	if (from_slot < 0)
		from_slot = 0;
	if (to_slot > FORECAST_SLOTS)
		to_slot = FORECAST_SLOTS;
	for (int k = from_slot; k < to_slot; k++) {
		int score = fc->slot[wd][k].score;

		if (score < 0)
			continue;
		if (best < 0 || score < fc->slot[wd][best].score)
			best = k;
	}
	return best;
}
