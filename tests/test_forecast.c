/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/civil.h"
#include "core/config.h"
#include "core/forecast.h"

#define WEEK_MS (7LL * 86400000)
#define OFFSET 540
#define assert_near(a, b, eps) assert_true(fabs((a) - (b)) <= (eps))

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
	assert_int_equal(forecast_build(NULL, 0, now_ms(), OFFSET, 10, NULL, &fc), 0);
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
	assert_int_equal(forecast_build(s, 4, now_ms(), OFFSET, 8, NULL, &fc), 0);
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
	assert_int_equal(forecast_build(s, 4, now_ms(), OFFSET, 8, NULL, &fc), 0);
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
	assert_int_equal(forecast_build(odd, 5, now_ms(), OFFSET, 12, NULL, &fc), 0);
	assert_true(fc.slot[3][22].waiting >= 10 && fc.slot[3][22].waiting <= 12);
	assert_int_equal(fc.slot[3][22].weeks, 5);
	assert_int_equal(forecast_build(split, 4, now_ms(), OFFSET, 12, NULL, &fc), 0);
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
	assert_int_equal(forecast_build(s, 2, now_ms(), OFFSET, 4, NULL, &fc), 0);
	assert_int_equal(fc.n_samples, 1);
	assert_int_equal(fc.n_holiday, 1);
	assert_int_equal(fc.slot[1][18].weeks, 1);
	assert_true(fc.slot[1][18].waiting == 10.0);
}

static void test_weeks_clamped(void **state)
{
	struct forecast fc;

	(void)state;
	assert_int_equal(forecast_build(NULL, 0, now_ms(), OFFSET, 0, NULL, &fc), 0);
	assert_int_equal(fc.weeks, FORECAST_WEEKS_MIN);
	assert_int_equal(forecast_build(NULL, 0, now_ms(), OFFSET, 99, NULL, &fc), 0);
	assert_int_equal(fc.weeks, FORECAST_WEEKS_MAX);
	assert_true(fc.to_ms - fc.from_ms == FORECAST_WEEKS_MAX * WEEK_MS);
}

/* Wednesday 2027-01-20 12:00 +09:00: 年末年始 12/29-1/3 and 成人の日 1/11 behind. */
static int64_t after_now(void)
{
	return civil_to_ms(20270120, 12 * 60, OFFSET);
}

static struct forecast_sample at(int32_t day, int minute, int waiting)
{
	struct forecast_sample s = { civil_to_ms(day, minute, OFFSET), true, waiting, -1 };

	return s;
}

/* Without after-closure days in the history: k = (671 / 325 - 1) / 5. */
static void test_after_closure_default(void **state)
{
	struct config cfg;
	struct forecast fc;
	struct forecast_day d;

	(void)state;
	config_defaults(&cfg); /* Monday to Friday, holidays closed, 12/29-1/3 closed */
	assert_int_equal(forecast_build(NULL, 0, after_now(), OFFSET, 4, &cfg, &fc), 0);
	assert_int_equal(fc.after_days, 0);
	assert_near(fc.after_per_day, 0.2129231, 1e-6);

	forecast_day_get(&fc, &cfg, 20270104, &d); /* Monday after 12/29-1/3 */
	assert_true(d.open && d.after_closure);
	assert_int_equal(d.weekday, 1);
	assert_int_equal(d.closed_days, 6);
	assert_int_equal(d.extra_days, 4); /* a Monday usually follows 2 */
	assert_near(d.factor, 1.8516923, 1e-6); /* 1 + 4 * 0.2129231 */

	forecast_day_get(&fc, &cfg, 20270112, &d); /* Tuesday after Sat, Sun, 成人の日 */
	assert_true(d.after_closure);
	assert_int_equal(d.closed_days, 3);
	assert_int_equal(d.extra_days, 3);
	assert_near(d.factor, 1.6387692, 1e-6);

	forecast_day_get(&fc, &cfg, 20270118, &d); /* an ordinary Monday */
	assert_true(d.open && !d.after_closure);
	assert_int_equal(d.closed_days, 2);
	assert_int_equal(d.extra_days, 0);
	assert_near(d.factor, 1.0, 0);

	forecast_day_get(&fc, &cfg, 20270111, &d); /* 成人の日 itself: closed */
	assert_false(d.open);
	assert_false(d.after_closure);
	assert_near(d.factor, 1.0, 0);

	forecast_day_get(&fc, &cfg, 20280104, &d); /* Tuesday after Wed 12/29 to Mon 1/3 */
	assert_int_equal(d.closed_days, 6);
	assert_int_equal(d.extra_days, 6);
	assert_near(d.factor, 671.0 / 325.0, 1e-9); /* counted as 5 */

	/* No calendar: every date open and ordinary. */
	forecast_day_get(&fc, NULL, 20270104, &d);
	assert_true(d.open && !d.after_closure);
	assert_near(d.factor, 1.0, 0);
}

/*
 * The office's own after-closure days: Tuesday 1/12 (3 extra days) had 16
 * waiting at 10:00 where ordinary Tuesdays have 10; Monday 1/4 (4 extra) had
 * 20 at 09:00 where the ordinary Monday had 8. k = (16 + 20 - 10 - 8) /
 * (10 * 3 + 8 * 4) = 18 / 62. Those days stay out of the profiles.
 */
static void test_after_closure_learned(void **state)
{
	struct forecast_sample s[] = {
		at(20270105, 10 * 60, 10), /* ordinary Tuesdays */
		at(20270119, 10 * 60, 10), at(20270112, 10 * 60, 16), /* after 成人の日 */
		at(20270112, 15 * 60, 50), /* no ordinary Tuesday 15:00: not compared */
		at(20270118, 9 * 60, 8), /* ordinary Monday */
		at(20270104, 9 * 60, 20), /* after 年末年始 */
	};
	struct config cfg;
	struct forecast fc;
	struct forecast_day d;

	(void)state;
	config_defaults(&cfg);
	assert_int_equal(forecast_build(s, 6, after_now(), OFFSET, 4, &cfg, &fc), 0);
	assert_int_equal(fc.n_samples, 3);
	assert_int_equal(fc.n_after, 3);
	assert_int_equal(fc.after_days, 2);
	assert_near(fc.after_per_day, 18.0 / 62.0, 1e-9);
	assert_true(fc.slot[2][20].waiting == 10.0); /* Tuesday 10:00 */
	assert_int_equal(fc.slot[2][20].score, 100);
	assert_int_equal(fc.slot[2][30].score, -1); /* Tuesday 15:00 */
	assert_true(fc.peak == 10.0);

	forecast_day_get(&fc, &cfg, 20270112, &d);
	assert_near(d.factor, 1.0 + 3 * 18.0 / 62.0, 1e-9); /* 1.8710 */

	/* Without the calendar those days count as ordinary ones. */
	assert_int_equal(forecast_build(s, 6, after_now(), OFFSET, 4, NULL, &fc), 0);
	assert_int_equal(fc.n_samples, 6);
	assert_int_equal(fc.n_after, 0);
}

/* A learned multiplier stays within 1 and FORECAST_AFTER_MAX. */
static void test_after_closure_bounds(void **state)
{
	struct forecast_sample quiet[] = { at(20270105, 10 * 60, 10), at(20270112, 10 * 60, 5) };
	struct forecast_sample busy[] = { at(20270105, 10 * 60, 10), at(20270112, 10 * 60, 100) };
	struct config cfg;
	struct forecast fc;
	struct forecast_day d;

	(void)state;
	config_defaults(&cfg);
	assert_int_equal(forecast_build(quiet, 2, after_now(), OFFSET, 4, &cfg, &fc), 0);
	assert_near(fc.after_per_day, -5.0 / 30.0, 1e-9);
	forecast_day_get(&fc, &cfg, 20270112, &d);
	assert_true(d.after_closure);
	assert_near(d.factor, 1.0, 0);
	assert_int_equal(forecast_build(busy, 2, after_now(), OFFSET, 4, &cfg, &fc), 0);
	assert_near(fc.after_per_day, 3.0, 1e-9);
	forecast_day_get(&fc, &cfg, 20270112, &d);
	assert_near(d.factor, FORECAST_AFTER_MAX, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_peak_and_slots),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_robust_recent),
		cmocka_unit_test(test_weeks_clamped),
		cmocka_unit_test(test_holidays_left_out),
		cmocka_unit_test(test_after_closure_default),
		cmocka_unit_test(test_after_closure_learned),
		cmocka_unit_test(test_after_closure_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
