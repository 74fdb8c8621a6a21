/* SPDX-License-Identifier: MIT */
#include "core/forecast.h"

#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
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

/* The waiting counts of one past day after a closure, by slot. */
struct after_day {
	int32_t date;
	int weekday;
	int extra; /* its extra closed days, at most FORECAST_AFTER_DAYS_MAX */
	double sum[FORECAST_SLOTS];
	int n[FORECAST_SLOTS];
};

#define AFTER_DAYS_MAX (FORECAST_WEEKS_MAX * 7)

/* Days closed in a row before weekday @wd under the weekly hours alone. */
static int usual_closed(const struct config *cfg, int wd)
{
	int n = 0;

	for (int d = (wd + 6) % 7; n < 7 && cfg->hours[d].n == 0; d = (d + 6) % 7)
		n++;
	return n;
}

/* The closed days before @date into *@closed; returns its extra closed days,
 * 0 when it is not after a closure. */
static int after_extra(const struct config *cfg, int32_t date, int *closed)
{
	int n = calendar_closed_before(cfg, date);
	int usual = usual_closed(cfg, civil_weekday(date));

	*closed = n;
	return n >= 2 && n > usual ? n - usual : 0;
}

static double after_factor(double per_day, int extra)
{
	double f;

	if (extra <= 0)
		return 1.0;
	if (extra > FORECAST_AFTER_DAYS_MAX)
		extra = FORECAST_AFTER_DAYS_MAX;
	f = 1.0 + per_day * extra;
	if (f < 1.0)
		return 1.0;
	return f > FORECAST_AFTER_MAX ? FORECAST_AFTER_MAX : f;
}

/*
 * k from the past days after a closure: the slots they share with their
 * weekday's profile fit after = usual * (1 + k * extra) in total, so
 * k = (sum after - sum usual) / sum (usual * extra).
 */
static void after_learn(struct forecast *out, const struct after_day *ad, int n_ad)
{
	double after = 0, usual = 0, scaled = 0;
	int days = 0;

	for (int i = 0; i < n_ad; i++) {
		double a = 0, u = 0;

		for (int k = 0; k < FORECAST_SLOTS; k++) {
			const struct forecast_slot *fs = &out->slot[ad[i].weekday][k];

			if (ad[i].n[k] == 0 || fs->weeks == 0)
				continue;
			a += ad[i].sum[k] / ad[i].n[k];
			u += fs->waiting;
		}
		if (u <= 0)
			continue;
		after += a;
		usual += u;
		scaled += u * ad[i].extra;
		days++;
	}
	out->after_per_day = FORECAST_AFTER_PER_DAY;
	if (days == 0)
		return;
	out->after_days = days;
	out->after_per_day = (after - usual) / scaled;
}

static size_t cell_index(int wd, int slot, int week)
{
	return ((size_t)wd * FORECAST_SLOTS + (size_t)slot) * FORECAST_WEEKS_MAX + (size_t)week;
}

int forecast_build(const struct forecast_sample *s, size_t n, int64_t now_ms, int offset_min,
		   int weeks, const struct config *cfg, struct forecast *out)
{
	struct cell *cells;
	struct after_day *ad;
	int n_ad = 0, last_ad = -1;
	int32_t last_date = 0;
	int last_extra = 0;
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

	out->after_per_day = FORECAST_AFTER_PER_DAY;
	cells = calloc((size_t)7 * FORECAST_SLOTS * FORECAST_WEEKS_MAX, sizeof(*cells));
	ad = calloc(AFTER_DAYS_MAX, sizeof(*ad));
	if (!cells || !ad) {
		free(cells);
		free(ad);
		return -1;
	}

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
		if (cfg && c.yyyymmdd != last_date) {
			int closed;

			last_date = c.yyyymmdd;
			last_extra = after_extra(cfg, c.yyyymmdd, &closed);
			last_ad = -1;
			for (int j = 0; last_extra > 0 && j < n_ad; j++)
				if (ad[j].date == c.yyyymmdd)
					last_ad = j;
			if (last_extra > 0 && last_ad < 0 && n_ad < AFTER_DAYS_MAX) {
				last_ad = n_ad++;
				ad[last_ad].date = c.yyyymmdd;
				ad[last_ad].extra = last_extra < FORECAST_AFTER_DAYS_MAX
							    ? last_extra
							    : FORECAST_AFTER_DAYS_MAX;
				ad[last_ad].weekday = c.weekday;
			}
		}
		/* Nor is the day after a long closure. */
		if (cfg && last_extra > 0) {
			out->n_after++;
			if (last_ad >= 0) {
				ad[last_ad].sum[slot] += s[i].waiting;
				ad[last_ad].n[slot]++;
			}
			continue;
		}
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
	after_learn(out, ad, n_ad);
	free(ad);
	out->peak = peak;

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

void forecast_day_get(const struct forecast *fc, const struct config *cfg, int32_t date,
		      struct forecast_day *out)
{
	struct calendar_day day;

	memset(out, 0, sizeof(*out));
	out->date = date;
	out->weekday = civil_weekday(date);
	out->open = true;
	out->factor = 1.0;
	if (!cfg)
		return;
	calendar_day_get(cfg, date, &day);
	out->open = day.hours.n > 0;
	out->extra_days = after_extra(cfg, date, &out->closed_days);
	out->after_closure = out->open && out->extra_days > 0;
	if (!out->after_closure)
		out->extra_days = 0;
	else
		out->factor = after_factor(fc->after_per_day, out->extra_days);
}
