/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/civil.h"
#include "core/forecast.h"

#define WEEK_MS (7LL * 86400000)
#define OFFSET 540

/* Monday 2026-11-23 12:00 +09:00 */
static int64_t now_ms(void)
{
	return civil_to_ms(20261123, 12 * 60, OFFSET);
}

static struct forecast_sample sample(int32_t day, int minute, int weeks_ago, int waiting, int wait)
{
	struct forecast_sample s = {
		.at = civil_to_ms(day, minute, OFFSET) - weeks_ago * WEEK_MS,
		.open = true,
		.waiting = waiting,
		.wait_minutes = wait,
	};
	return s;
}

static void test_empty(void **state)
{
	struct forecast fc;

	(void)state;
	assert_int_equal(forecast_build(NULL, 0, now_ms(), OFFSET, 10, &fc), 0);
	assert_int_equal(fc.n_samples, 0);
	assert_int_equal(fc.weeks, 10);
	for (int d = 0; d < 7; d++)
		for (int k = 0; k < FORECAST_SLOTS; k++)
			assert_int_equal(fc.slot[d][k].score, -1);
	assert_int_equal(forecast_best_slot(&fc, 1, 0, FORECAST_SLOTS), -1);
}

/* Peak = 100, other slots in proportion; slots by local time and weekday. */
static void test_peak_and_slots(void **state)
{
	struct forecast_sample s[] = {
		sample(20261116, 9 * 60, 0, 10, 30), /* Monday 09:00, last week */
		sample(20261116, 9 * 60 + 20, 0, 10, 30), /* same slot */
		sample(20261116, 14 * 60 + 30, 0, 5, 10), /* Monday 14:30 */
		sample(20261118, 10 * 60, 0, 2, -1), /* Wednesday 10:00, wait unknown */
	};
	struct forecast fc;

	(void)state;
	assert_int_equal(forecast_build(s, 4, now_ms(), OFFSET, 8, &fc), 0);
	assert_int_equal(fc.n_samples, 4);
	assert_int_equal(fc.slot[1][18].score, 100);
	assert_int_equal(fc.slot[1][18].weeks, 1);
	assert_true(fc.slot[1][18].wait_minutes == 30);
	assert_int_equal(fc.slot[1][29].score, 50);
	assert_int_equal(fc.slot[3][20].score, 20);
	assert_true(fc.slot[3][20].wait_minutes < 0);
	assert_int_equal(fc.slot[1][19].score, -1);
	assert_int_equal(forecast_best_slot(&fc, 1, 0, FORECAST_SLOTS), 29);
	assert_int_equal(forecast_best_slot(&fc, 1, 0, 20), 18);
}

/* Closed samples, future samples and samples beyond the window don't count. */
static void test_window(void **state)
{
	struct forecast_sample s[] = {
		sample(20261116, 9 * 60, 0, 10, 1),
		sample(20261116, 9 * 60, 8, 99, 1), /* 9 weeks ago: outside 8 weeks */
		sample(20261130, 9 * 60, 0, 99, 1), /* next week: future */
		sample(20261116, 10 * 60, 0, 99, 1),
	};
	struct forecast fc;

	(void)state;
	s[3].open = false;
	assert_int_equal(forecast_build(s, 4, now_ms(), OFFSET, 8, &fc), 0);
	assert_int_equal(fc.n_samples, 1);
	assert_int_equal(fc.slot[1][18].score, 100);
	assert_true(fc.slot[1][18].waiting == 10);
	assert_int_equal(fc.slot[1][20].score, -1);
}

/* A weighted median over weeks: one odd week does not move it, and with an
 * even split the recent weeks win. */
/* Wednesdays going back from 11/18: none of them a holiday (Tuesday 11/3 is 文化の日). */
static void test_robust_recent(void **state)
{
	struct forecast_sample odd[] = {
		sample(20261118, 11 * 60, 0, 10, -1), sample(20261118, 11 * 60, 1, 11, -1),
		sample(20261118, 11 * 60, 2, 90, -1), sample(20261118, 11 * 60, 3, 12, -1),
		sample(20261118, 11 * 60, 4, 10, -1),
	};
	struct forecast_sample split[] = {
		sample(20261118, 11 * 60, 0, 20, -1),
		sample(20261118, 11 * 60, 1, 20, -1),
		sample(20261118, 11 * 60, 2, 4, -1),
		sample(20261118, 11 * 60, 3, 4, -1),
	};
	struct forecast fc;

	(void)state;
	assert_int_equal(forecast_build(odd, 5, now_ms(), OFFSET, 12, &fc), 0);
	assert_true(fc.slot[3][22].waiting >= 10 && fc.slot[3][22].waiting <= 12);
	assert_int_equal(fc.slot[3][22].weeks, 5);
	assert_int_equal(forecast_build(split, 4, now_ms(), OFFSET, 12, &fc), 0);
	assert_true(fc.slot[3][22].waiting == 20);
}

/* 勤労感謝の日 (Monday 11/23) is not a Monday of the profile; the Monday before is. */
static void test_holidays_left_out(void **state)
{
	struct forecast_sample s[] = {
		sample(20261123, 9 * 60, 0, 40, 60), /* this morning, a holiday the office opened */
		sample(20261116, 9 * 60, 0, 10, 30), /* last Monday */
	};
	struct forecast fc;

	(void)state;
	assert_int_equal(forecast_build(s, 2, now_ms(), OFFSET, 4, &fc), 0);
	assert_int_equal(fc.n_samples, 1);
	assert_int_equal(fc.n_holiday, 1);
	assert_int_equal(fc.slot[1][18].weeks, 1);
	assert_true(fc.slot[1][18].waiting == 10.0);
}

static void test_weeks_clamped(void **state)
{
	struct forecast fc;

	(void)state;
	assert_int_equal(forecast_build(NULL, 0, now_ms(), OFFSET, 0, &fc), 0);
	assert_int_equal(fc.weeks, FORECAST_WEEKS_MIN);
	assert_int_equal(forecast_build(NULL, 0, now_ms(), OFFSET, 99, &fc), 0);
	assert_int_equal(fc.weeks, FORECAST_WEEKS_MAX);
	assert_true(fc.to_ms - fc.from_ms == FORECAST_WEEKS_MAX * WEEK_MS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),	      cmocka_unit_test(test_peak_and_slots),
		cmocka_unit_test(test_window),	      cmocka_unit_test(test_robust_recent),
		cmocka_unit_test(test_weeks_clamped), cmocka_unit_test(test_holidays_left_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
