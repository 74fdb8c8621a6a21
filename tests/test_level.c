/* SPDX-License-Identifier: MIT */
/* Unit tests of core/level.c: thresholds, the worse of two levels, hysteresis. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/level.h"

#define MIN 60000LL

static struct config cfg;

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.wait_minutes[0] = 20;
	cfg.wait_minutes[1] = 40;
	cfg.wait_minutes[2] = 60;
	cfg.occupancy_percent[0] = 30;
	cfg.occupancy_percent[1] = 60;
	cfg.occupancy_percent[2] = 80;
	cfg.capacity = 80;
	cfg.hold_minutes = 5;
	return 0;
}

static void test_by_wait(void **state)
{
	(void)state;
	const struct {
		int minutes, level;
	} cases[] = {
		{ -1, 0 }, { 0, 0 },  { 1, 0 },	 { 19, 0 }, { 20, 1 },	   { 39, 1 },
		{ 40, 2 }, { 59, 2 }, { 60, 3 }, { 61, 3 }, { 100000, 3 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int l = level_from_wait(&cfg, cases[i].minutes);

		if (l != cases[i].level)
			fail_msg("%d min: level %d, expected %d", cases[i].minutes, l,
				 cases[i].level);
	}
	/* thresholds come from the config */
	cfg.wait_minutes[0] = 10;
	assert_int_equal(level_from_wait(&cfg, 10), 1);
	assert_int_equal(level_from_wait(&cfg, 9), 0);
}

static void test_by_occupancy(void **state)
{
	(void)state;
	const struct {
		int capacity, count, level;
	} cases[] = {
		{ 80, 0, 0 },	{ 80, 23, 0 }, { 80, 24, 1 }, /* 30% of 80 */
		{ 80, 47, 1 },	{ 80, 48, 2 }, { 80, 63, 2 }, { 80, 64, 3 },
		{ 80, 500, 3 }, { 80, -3, 0 }, { 0, 50, 0 }, /* no counter */
		{ 7, 2, 0 },	{ 7, 3, 1 }, /* 3/7 = 43% */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cfg.capacity = cases[i].capacity;
		int l = level_from_occupancy(&cfg, cases[i].count);

		if (l != cases[i].level)
			fail_msg("%d of %d: level %d, expected %d", cases[i].count,
				 cases[i].capacity, l, cases[i].level);
	}
	assert_int_equal(level_worse(1, 2), 2);
	assert_int_equal(level_worse(3, 0), 3);
	assert_int_equal(level_worse(0, 0), 0);
}

static void test_names(void **state)
{
	(void)state;
	const char *codes[] = { "low", "moderate", "high", "very_high" };
	const char *ja[] = { "空いています", "やや混雑", "混雑", "大変混雑" };
	const char *en[] = { "Not busy", "Somewhat busy", "Busy", "Very busy" };

	for (int l = 0; l < LEVEL_COUNT; l++) {
		assert_string_equal(level_code(l), codes[l]);
		assert_string_equal(level_name(l, LANG_JA), ja[l]);
		assert_string_equal(level_name(l, LANG_EN), en[l]);
		assert_string_equal(level_table[l].code, codes[l]);
		assert_int_equal(level_from_code(codes[l]), l);
	}
	assert_int_equal(level_from_code("busy"), -1);
}

/* A sequence of raw levels at minute marks and the level shown after each. */
struct step {
	int minute, raw, shown;
};

static void run_steps(const struct step *s, size_t n, int hold)
{
	struct level_state st;

	level_state_init(&st, hold);
	for (size_t i = 0; i < n; i++) {
		int l = level_update(&st, s[i].raw, s[i].minute * MIN);

		if (l != s[i].shown)
			fail_msg("step %zu (minute %d, raw %d): shown %d, expected %d", i,
				 s[i].minute, s[i].raw, l, s[i].shown);
	}
}

static void test_hysteresis(void **state)
{
	(void)state;
	/* rises at once, eases after 5 minutes below */
	const struct step rise_ease[] = {
		{ 0, 0, 0 }, { 1, 2, 2 }, { 2, 1, 2 },	{ 4, 1, 2 },  { 6, 1, 2 },
		{ 7, 1, 1 }, { 8, 0, 1 }, { 12, 0, 1 }, { 13, 0, 0 }, { 14, 3, 3 },
	};
	/* alternating inputs never flap */
	const struct step alternating[] = {
		{ 0, 2, 2 },  { 1, 1, 2 },  { 2, 2, 2 },  { 3, 1, 2 },	{ 4, 2, 2 },
		{ 5, 1, 2 },  { 6, 2, 2 },  { 7, 1, 2 },  { 8, 2, 2 },	{ 9, 1, 2 },
		{ 10, 2, 2 }, { 11, 1, 2 }, { 12, 2, 2 }, { 13, 1, 2 }, { 20, 1, 1 },
	};
	/* easing goes to the highest level seen while below */
	const struct step partial[] = {
		{ 0, 3, 3 }, { 1, 0, 3 }, { 2, 2, 3 }, { 3, 0, 3 }, { 6, 0, 2 }, { 11, 0, 0 },
	};

	run_steps(rise_ease, sizeof(rise_ease) / sizeof(rise_ease[0]), 5);
	run_steps(alternating, sizeof(alternating) / sizeof(alternating[0]), 5);
	run_steps(partial, sizeof(partial) / sizeof(partial[0]), 5);

	/* without hold time it follows the raw level */
	const struct step follow[] = { { 0, 3, 3 }, { 0, 1, 1 }, { 1, 2, 2 }, { 1, 0, 0 } };

	run_steps(follow, sizeof(follow) / sizeof(follow[0]), 0);

	/* out-of-range raw levels are clamped */
	struct level_state st;

	level_state_init(&st, 5);
	assert_int_equal(level_update(&st, 9, 0), 3);
	assert_int_equal(level_update(&st, -4, 5 * MIN), 3);
	assert_int_equal(level_update(&st, -4, 10 * MIN), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_by_wait, setup),
		cmocka_unit_test_setup(test_by_occupancy, setup),
		cmocka_unit_test_setup(test_names, setup),
		cmocka_unit_test_setup(test_hysteresis, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
