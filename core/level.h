/* SPDX-License-Identifier: MIT */
/*
 * Congestion level: four levels 0..3, from the estimated wait and from the
 * occupancy of the lobby, the overall level being the worse of the two
 * (RESEARCH.md §4). A level_state adds hysteresis: a rise shows at once, an
 * easing only after the lower level has held for the hold time, so that the
 * sign and the feed do not flap.
 */
#ifndef MACHIAI_CORE_LEVEL_H
#define MACHIAI_CORE_LEVEL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/lang.h"

enum level {
	LEVEL_LOW, /* 空いています, "low" */
	LEVEL_MODERATE, /* やや混雑, "moderate" */
	LEVEL_HIGH, /* 混雑, "high" */
	LEVEL_VERY_HIGH, /* 大変混雑, "very_high" */
	LEVEL_COUNT
};

/* One row of the level table: the code used in JSON and the words. */
struct level_info {
	const char *code; /* "low", "moderate", "high", "very_high" */
	const char *ja; /* 空いています, やや混雑, 混雑, 大変混雑 */
	const char *en; /* Not busy, Somewhat busy, Busy, Very busy */
};

/* The table, indexed by enum level; static storage, never freed. */
extern const struct level_info level_table[LEVEL_COUNT];

/** level_code() - the JSON code of @l ("low" ... "very_high"); @l in 0..3. */
const char *level_code(int l);

/** level_from_code() - the level whose code is @code, or -1. */
int level_from_code(const char *code);

/**
 * level_name() - the words for @l in @lang: Japanese for LANG_JA and
 * LANG_JA_EASY, English otherwise (the display's locale files carry the
 * other languages).
 */
const char *level_name(int l, enum lang lang);

/**
 * level_from_wait() - the level of a wait of @minutes by cfg->wait_minutes:
 * level i + 1 from wait_minutes[i] on. A negative wait (unknown) is level 0.
 */
int level_from_wait(const struct config *cfg, int minutes);

/**
 * level_from_occupancy() - the level of @count people inside by
 * cfg->capacity and cfg->occupancy_percent: level i + 1 from
 * occupancy_percent[i] % of capacity on. Level 0 when capacity is 0 (no
 * people counter) or @count <= 0.
 */
int level_from_occupancy(const struct config *cfg, int count);

/** level_worse() - the worse (higher) of @a and @b. */
int level_worse(int a, int b);

/* Hysteresis state; fill with level_state_init(). */
struct level_state {
	int level; /* the level shown */
	int64_t hold_ms;
	bool easing; /* the raw level has been below @level since @below_since */
	int64_t below_since;
	int below_max; /* the highest raw level seen while below */
};

/** level_state_init() - start at level 0 with a hold time of @hold_minutes. */
void level_state_init(struct level_state *st, int hold_minutes);

/**
 * level_update() - feed the raw level @raw observed at @now (ms): a higher
 * level is taken at once; a lower one only once the raw level has stayed
 * below the shown level for the whole hold time, and then the shown level
 * eases to the highest raw level seen during that time.
 * Return: the level to show.
 */
int level_update(struct level_state *st, int raw, int64_t now);

#endif
