/* SPDX-License-Identifier: MIT */
/* Unit tests of core/civil.c and core/lang.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/civil.h"
#include "core/lang.h"

struct civil_case {
	int64_t ms;
	int offset;
	const char *iso;
	int weekday;
};

static const struct civil_case cases[] = {
	{ 0, 0, "1970-01-01T00:00:00+00:00", 4 },
	{ 0, 540, "1970-01-01T09:00:00+09:00", 4 },
	{ 1795395903000LL, 540, "2026-11-23T10:05:03+09:00", 1 },
	{ 1795361999000LL, 540, "2026-11-23T00:39:59+09:00", 1 },
	{ 1795360200000LL, 540, "2026-11-23T00:10:00+09:00", 1 },
	{ 1795358400000LL, 540, "2026-11-22T23:40:00+09:00", 0 },
	{ 1709164800000LL, 0, "2024-02-29T00:00:00+00:00", 4 },
	{ -1000LL, 0, "1969-12-31T23:59:59+00:00", 3 },
	{ 1795395903000LL, -300, "2026-11-22T20:05:03-05:00", 0 },
};

static void test_iso_round_trip(void **state)
{
	char buf[32];
	int64_t back;
	struct civil c;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		civil_iso8601(cases[i].ms, cases[i].offset, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].iso);
		assert_int_equal(civil_parse_iso8601(buf, &back), 0);
		assert_int_equal(back, cases[i].ms);
		civil_from_ms(cases[i].ms, cases[i].offset, &c);
		assert_int_equal(c.weekday, cases[i].weekday);
	}
}

static void test_to_ms(void **state)
{
	(void)state;
	assert_int_equal(civil_to_ms(20261123, 10 * 60 + 5, 540), 1795395900000LL);
	assert_int_equal(civil_next_day(20261130), 20261201);
	assert_int_equal(civil_next_day(20261231), 20270101);
	assert_int_equal(civil_next_day(20280228), 20280229);
	assert_int_equal(civil_weekday(20261123), 1);
}

static void test_parse_rejects(void **state)
{
	static const char *const bad[] = {
		"",
		"2026-11-23",
		"2026-11-23T10:05:03",
		"2026-13-23T10:05:03Z",
		"2026-11-23T25:05:03Z",
		"2026-11-23T10:05:03+0900",
		"2026-11-23T10:05:03Zx",
		"20a6-11-23T10:05:03Z",
		"2026-11-23T10:05:03.Z",
	};
	int64_t ms;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (civil_parse_iso8601(bad[i], &ms) == 0)
			fail_msg("accepted '%s'", bad[i]);
	}
	assert_int_equal(civil_parse_iso8601("2026-11-23T01:05:03.250Z", &ms), 0);
	assert_int_equal(ms % 1000, 250);
}

static void test_lang(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++)
		assert_int_equal(lang_from_code(lang_code(l)), l);
	assert_int_equal(lang_from_code("zh-Hans"), LANG_ZH_HANS);
	assert_int_equal(lang_from_code("fr"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_round_trip),
		cmocka_unit_test(test_to_ms),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_lang),
	};
	return cmocka_run_group_tests_name("civil", tests, NULL, NULL);
}
