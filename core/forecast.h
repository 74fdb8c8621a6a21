/* SPDX-License-Identifier: MIT */
/*
 * The usual congestion of an office by weekday and half hour, from the
 * history samples (RESEARCH.md §4): for each weekday x 30-minute slot, the
 * mean of each past week's samples in that slot, then a weighted median over
 * the weeks (weight FORECAST_DECAY^age in weeks, so recent weeks count more);
 * the slot with the highest typical waiting count scores 100. Samples of a
 * national holiday (core/holiday.h) are left out: a holiday is not a Monday.
 * Pure: samples and the time come in as arguments.
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
	struct forecast_slot slot[7][FORECAST_SLOTS]; /* [weekday 0 = Sunday][slot] */
};

/**
 * forecast_build() - fill @out from the @n samples @s (any order) taken in
 * the @weeks weeks before @now_ms, with local time at UTC offset
 * @offset_min. @weeks is clamped to FORECAST_WEEKS_MIN..FORECAST_WEEKS_MAX.
 *
 * Return: 0, or -1 when out of memory (then @out holds no data).
 */
int forecast_build(const struct forecast_sample *s, size_t n, int64_t now_ms, int offset_min,
		   int weeks, struct forecast *out);

/**
 * forecast_best_slot() - the slot of weekday @wd between @from_slot and
 * @to_slot (exclusive) with the lowest score, or -1 when none has data.
 */
int forecast_best_slot(const struct forecast *fc, int wd, int from_slot, int to_slot);

#endif
