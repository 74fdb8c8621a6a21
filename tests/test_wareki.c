/* SPDX-License-Identifier: MIT */
/* Unit tests of core/wareki.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/wareki.h"

static void check(int32_t ymd, int rc, enum wareki_era era, int year)
{
	enum wareki_era e = WAREKI_ERA_COUNT;
	int y = 0;

	assert_int_equal(wareki_from_date(ymd, &e, &y), rc);
	if (rc == 0) {
		assert_int_equal(e, era);
		assert_int_equal(y, year);
	}
}

static void test_eras(void **state)
{
	(void)state;
	check(20261123, 0, WAREKI_REIWA, 8);
	check(20190501, 0, WAREKI_REIWA, 1);
	check(20190430, 0, WAREKI_HEISEI, 31);
	check(19890108, 0, WAREKI_HEISEI, 1);
	check(19890107, 0, WAREKI_SHOWA, 64);
	check(19261225, 0, WAREKI_SHOWA, 1);
	check(19261224, 0, WAREKI_TAISHO, 15);
	check(19120730, 0, WAREKI_TAISHO, 1);
	check(19120729, 0, WAREKI_MEIJI, 45);
	check(18680125, 0, WAREKI_MEIJI, 1);
	check(18680124, -1, WAREKI_MEIJI, 0);
	check(20200101, 0, WAREKI_REIWA, 2);
}

static void test_codes(void **state)
{
	(void)state;
	assert_string_equal(wareki_era_code(WAREKI_REIWA), "reiwa");
	assert_string_equal(wareki_era_code(WAREKI_MEIJI), "meiji");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eras),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
