/* SPDX-License-Identifier: MIT */
/* core/ticket.c: the "not called before" time of a printed ticket and its QR address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/civil.h"
#include "core/ticket.h"

#define JST 540

static int64_t at(int hour, int minute, int second)
{
	return civil_to_ms(20261123, hour * 60 + minute, JST) + second * 1000;
}

static struct wait_band band(int low, int high, enum wait_basis basis)
{
	struct wait_band w = { 0 };

	w.low = low;
	w.median = (low + high) / 2;
	w.high = high;
	w.basis = basis;
	return w;
}

static void test_away_rounds_down(void **state)
{
	struct wait_band w = band(47, 70, WAIT_BASIS_LEARNED);

	(void)state;
	/* 10:15:30 + 47 min = 11:02:30: never later than the low end, so 11:00 */
	assert_int_equal(ticket_away_until(at(10, 15, 30), JST, &w, 30), 11 * 60);
	/* exactly on a step stays there: 10:13 + 47 = 11:00 */
	assert_int_equal(ticket_away_until(at(10, 13, 0), JST, &w, 30), 11 * 60);
	/* one second short of it goes down a step */
	assert_int_equal(ticket_away_until(at(10, 12, 59), JST, &w, 30), 10 * 60 + 55);
}

static void test_away_only_long_waits(void **state)
{
	struct wait_band w = band(29, 60, WAIT_BASIS_LEARNED);

	(void)state;
	assert_int_equal(ticket_away_until(at(10, 0, 0), JST, &w, 30), -1);
	w.low = 30;
	assert_int_equal(ticket_away_until(at(10, 0, 0), JST, &w, 30), 10 * 60 + 30);
	/* away_minutes 0 turns the line off */
	assert_int_equal(ticket_away_until(at(10, 0, 0), JST, &w, 0), -1);
	/* the configured prior says it too */
	w.basis = WAIT_BASIS_PRIOR;
	assert_int_equal(ticket_away_until(at(10, 0, 0), JST, &w, 30), 10 * 60 + 30);
}

static void test_away_needs_a_basis(void **state)
{
	struct wait_band w = band(-1, -1, WAIT_BASIS_NONE);

	(void)state;
	assert_int_equal(ticket_away_until(at(10, 0, 0), JST, &w, 30), -1);
}

static void test_away_same_day_and_later(void **state)
{
	struct wait_band w = band(90, 120, WAIT_BASIS_LEARNED);

	(void)state;
	/* 23:00 + 90 min is tomorrow: no promise */
	assert_int_equal(ticket_away_until(at(23, 0, 0), JST, &w, 30), -1);
	/* with a 1-minute threshold, rounding down could fall before the issue */
	w = band(1, 5, WAIT_BASIS_LEARNED);
	assert_int_equal(ticket_away_until(at(10, 13, 59), JST, &w, 1), -1);
	assert_int_equal(ticket_away_until(at(10, 14, 0), JST, &w, 1), 10 * 60 + 15);
}

static void test_qr_url(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(
		ticket_qr_url("https://x.jp/status/#office=131016-0001", "A-035", buf, sizeof(buf)),
		0);
	assert_string_equal(buf, "https://x.jp/status/#office=131016-0001&ticket=A-035");
	/* a prefix in Japanese or with a symbol is percent-encoded */
	assert_int_equal(ticket_qr_url("https://x.jp/#office=1", "証#1", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "https://x.jp/#office=1&ticket=%E8%A8%BC%231");
	assert_int_equal(ticket_qr_url("", "A-035", buf, sizeof(buf)), -1);
	/* too long for the buffer: refused, not cut */
	assert_int_equal(ticket_qr_url("https://x.jp/#office=1", "A-035", buf, 30), -1);
	assert_int_equal(ticket_qr_url("https://x.jp/#office=1", "A-035", buf, 36), 0);
	assert_int_equal(ticket_qr_url("https://x.jp/#office=1", "A-035", buf, 35), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_away_rounds_down),
		cmocka_unit_test(test_away_only_long_waits),
		cmocka_unit_test(test_away_needs_a_basis),
		cmocka_unit_test(test_away_same_day_and_later),
		cmocka_unit_test(test_qr_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
