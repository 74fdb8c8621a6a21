/* SPDX-License-Identifier: MIT */
/*
 * The usual congestion of an office by weekday and half hour, from the
 * history samples (RESEARCH.md §4): for each weekday x 30-minute slot, the
 * mean of each past week's samples in that slot, then a weighted median over
 * the weeks (weight FORECAST_DECAY^age in weeks, so recent weeks count more);
 * the slot with the highest typical waiting count scores 100. Samples of a
 * national holiday (core/holiday.h) are left out: a holiday is not a Monday.
 *
 * The day after a long closure (年末年始, a long weekend) is busier than its
 * weekday (RESEARCH.md §2, §4). A date is after a closure when the office was
 * closed N >= 2 days in a row before it (core/calendar.h) and N is more than
 * its weekday usually follows under the weekly hours (2 for a Monday after an
 * ordinary weekend, so an ordinary Monday is not one); its extra days are N
 * minus that usual count. Such dates are left out of the weekday profiles
 * and give the multiplier 1 + k * min(extra, FORECAST_AFTER_DAYS_MAX), within
 * 1..FORECAST_AFTER_MAX, with k learned from the office's own after-closure
 * days when it has some, else FORECAST_AFTER_PER_DAY (docs/feed.md).
 * Pure: samples, the calendar and the time come in as arguments.
 */
#ifndef MACHIAI_CORE_FORECAST_H
#define MACHIAI_CORE_FORECAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FORECAST_SLOTS 48 /* 30-minute slots of a day */
#define FORECAST_SLOT_MINUTES 30
#define FORECAST_WEEKS_MIN 1
#define FORECAST_WEEKS_MAX 12
#define FORECAST_DECAY 0.85 /* weight of a week relative to the week after it */
/* Ayase 市民課: 325 tickets a day, 671 after a 5-day holiday (RESEARCH.md §2). */
#define FORECAST_AFTER_PER_DAY ((671.0 / 325.0 - 1.0) / 5.0) /* 0.2129 per extra day */
#define FORECAST_AFTER_DAYS_MAX 5 /* extra days counted: no figure beyond 5 */
#define FORECAST_AFTER_MAX 3.0 /* highest multiplier, learned ones included */

struct config;

/* One history sample; only samples taken while the office was open count. */
struct forecast_sample {
	int64_t at; /* ms since the Unix epoch, UTC */
	bool open; /* service status was open */
	int waiting; /* tickets waiting, all categories */
	int wait_minutes; /* estimated wait for a ticket taken then, -1 unknown */
};

struct forecast_slot {
	int score; /* 0..100 relative to the busiest slot of the week; -1 = no data */
	double waiting; /* typical waiting count */
	double wait_minutes; /* typical wait, -1 when unknown */
	int weeks; /* weeks with at least one sample in this slot */
};

struct forecast {
	int weeks; /* the number of weeks looked back */
	int64_t from_ms, to_ms; /* the window the samples were taken from */
	int n_samples; /* samples used */
	int n_holiday; /* samples left out: taken on a national holiday */
	int n_after; /* samples left out: taken on a day after a closure */
	int after_days; /* after-closure days that k was learned from; 0 = default k */
	double after_per_day; /* k: the rise per extra closed day */
	double peak; /* the busiest slot's typical waiting count (score 100) */
	struct forecast_slot slot[7][FORECAST_SLOTS]; /* [weekday 0 = Sunday][slot] */
};

/* One date of the forecast. */
struct forecast_day {
	int32_t date; /* YYYYMMDD */
	int weekday; /* 0 = Sunday */
	bool open; /* the calendar gives the date hours */
	int closed_days; /* days closed in a row before it */
	int extra_days; /* closed days more than its weekday usually follows */
	bool after_closure; /* closed_days >= 2 and extra_days > 0 */
	double factor; /* multiplier of its weekday's slots; 1 when not after closure */
};

/**
 * forecast_build() - fill @out from the @n samples @s (any order) taken in
 * the @weeks weeks before @now_ms, with local time at UTC offset
 * @offset_min, and the office calendar @cfg (NULL: holidays are left out,
 * no date is after a closure). @weeks is clamped to
 * FORECAST_WEEKS_MIN..FORECAST_WEEKS_MAX.
 *
 * Return: 0, or -1 when out of memory (then @out holds no data).
 */
int forecast_build(const struct forecast_sample *s, size_t n, int64_t now_ms, int offset_min,
		   int weeks, const struct config *cfg, struct forecast *out);

/**
 * forecast_day_get() - the forecast of local date @date (YYYYMMDD) under the
 * calendar @cfg (NULL: every date is open and ordinary), into @out.
 */
void forecast_day_get(const struct forecast *fc, const struct config *cfg, int32_t date,
		      struct forecast_day *out);

/**
 * forecast_best_slot() - the slot of weekday @wd between @from_slot and
 * @to_slot (exclusive) with the lowest score, or -1 when none has data.
 */
int forecast_best_slot(const struct forecast *fc, int wd, int from_slot, int to_slot);

#endif
