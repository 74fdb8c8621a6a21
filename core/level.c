/* SPDX-License-Identifier: MIT */
#include "core/level.h"

#include <assert.h>
#include <string.h>

const struct level_info level_table[LEVEL_COUNT] = {
	[LEVEL_LOW] = { "low", "空いています", "Not busy" },
	[LEVEL_MODERATE] = { "moderate", "やや混雑", "Somewhat busy" },
	[LEVEL_HIGH] = { "high", "混雑", "Busy" },
	[LEVEL_VERY_HIGH] = { "very_high", "大変混雑", "Very busy" },
};

const char *level_code(int l)
{
	assert(l >= 0 && l < LEVEL_COUNT);
	return level_table[l].code;
}

int level_from_code(const char *code)
{
	for (int i = 0; i < LEVEL_COUNT; i++) {
		if (strcmp(code, level_table[i].code) == 0)
			return i;
	}
	return -1;
}

const char *level_name(int l, enum lang lang)
{
	assert(l >= 0 && l < LEVEL_COUNT);
	if (lang == LANG_JA || lang == LANG_JA_EASY)
		return level_table[l].ja;
	return level_table[l].en;
}

static int level_by_thresholds(const int th[3], int value)
{
	int l = 0;

	for (int i = 0; i < 3; i++) {
		if (value >= th[i])
			l = i + 1;
	}
	return l;
}

int level_from_wait(const struct config *cfg, int minutes)
{
	if (minutes < 0)
		return LEVEL_LOW;
	return level_by_thresholds(cfg->wait_minutes, minutes);
}

int level_from_occupancy(const struct config *cfg, int count)
{
	if (cfg->capacity <= 0 || count <= 0)
		return LEVEL_LOW;
	/* count * 100 / capacity >= p  <=>  count * 100 >= p * capacity */
	int l = 0;

	for (int i = 0; i < 3; i++) {
		if ((int64_t)count * 100 >= (int64_t)cfg->occupancy_percent[i] * cfg->capacity)
			l = i + 1;
	}
	return l;
}

int level_worse(int a, int b)
{
	return a > b ? a : b;
}

void level_state_init(struct level_state *st, int hold_minutes)
{
	memset(st, 0, sizeof(*st));
	st->level = LEVEL_LOW;
	st->hold_ms = (int64_t)(hold_minutes > 0 ? hold_minutes : 0) * 60000;
}

int level_update(struct level_state *st, int raw, int64_t now)
{
	if (raw < LEVEL_LOW)
		raw = LEVEL_LOW;
	if (raw >= LEVEL_COUNT)
		raw = LEVEL_COUNT - 1;

	if (raw >= st->level) {
		st->level = raw;
		st->easing = false;
		return st->level;
	}
	if (!st->easing) {
		st->easing = true;
		st->below_since = now;
		st->below_max = raw;
	} else if (raw > st->below_max) {
		st->below_max = raw;
	}
	if (now - st->below_since >= st->hold_ms) {
		st->level = st->below_max;
		st->easing = false;
		if (raw < st->level) {
			st->easing = true;
			st->below_since = now;
			st->below_max = raw;
		}
	}
	return st->level;
}
