/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of core/holiday.c: whole years against the Cabinet Office's
 * published lists, the past special years, and every year 2000-2099 against
 * the rules of the law, worked out here day by day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/civil.h"
#include "core/holiday.h"

struct known {
	int32_t date;
	const char *ja;
};

/* The Cabinet Office's lists (内閣府「国民の祝日について」), whole years. */
static const struct known known[] = {
	{ 19890101, "元日" },		{ 19890102, "振替休日" },
	{ 19890115, "成人の日" },	{ 19890116, "振替休日" },
	{ 19890211, "建国記念の日" },	{ 19890224, "昭和天皇の大喪の礼" },
	{ 19890321, "春分の日" },	{ 19890429, "みどりの日" },
	{ 19890503, "憲法記念日" },	{ 19890504, "国民の休日" },
	{ 19890505, "こどもの日" },	{ 19890915, "敬老の日" },
	{ 19890923, "秋分の日" },	{ 19891010, "体育の日" },
	{ 19891103, "文化の日" },	{ 19891123, "勤労感謝の日" },
	{ 19891223, "天皇誕生日" },

	{ 20190101, "元日" },		{ 20190114, "成人の日" },
	{ 20190211, "建国記念の日" },	{ 20190321, "春分の日" },
	{ 20190429, "昭和の日" },	{ 20190430, "国民の休日" },
	{ 20190501, "天皇の即位の日" }, { 20190502, "国民の休日" },
	{ 20190503, "憲法記念日" },	{ 20190504, "みどりの日" },
	{ 20190505, "こどもの日" },	{ 20190506, "振替休日" },
	{ 20190715, "海の日" },		{ 20190811, "山の日" },
	{ 20190812, "振替休日" },	{ 20190916, "敬老の日" },
	{ 20190923, "秋分の日" },	{ 20191014, "体育の日" },
	{ 20191022, "即位礼正殿の儀" }, { 20191103, "文化の日" },
	{ 20191104, "振替休日" },	{ 20191123, "勤労感謝の日" },

	{ 20200101, "元日" },		{ 20200113, "成人の日" },
	{ 20200211, "建国記念の日" },	{ 20200223, "天皇誕生日" },
	{ 20200224, "振替休日" },	{ 20200320, "春分の日" },
	{ 20200429, "昭和の日" },	{ 20200503, "憲法記念日" },
	{ 20200504, "みどりの日" },	{ 20200505, "こどもの日" },
	{ 20200506, "振替休日" },	{ 20200723, "海の日" },
	{ 20200724, "スポーツの日" },	{ 20200810, "山の日" },
	{ 20200921, "敬老の日" },	{ 20200922, "秋分の日" },
	{ 20201103, "文化の日" },	{ 20201123, "勤労感謝の日" },

	{ 20210101, "元日" },		{ 20210111, "成人の日" },
	{ 20210211, "建国記念の日" },	{ 20210223, "天皇誕生日" },
	{ 20210320, "春分の日" },	{ 20210429, "昭和の日" },
	{ 20210503, "憲法記念日" },	{ 20210504, "みどりの日" },
	{ 20210505, "こどもの日" },	{ 20210722, "海の日" },
	{ 20210723, "スポーツの日" },	{ 20210808, "山の日" },
	{ 20210809, "振替休日" },	{ 20210920, "敬老の日" },
	{ 20210923, "秋分の日" },	{ 20211103, "文化の日" },
	{ 20211123, "勤労感謝の日" },

	{ 20220101, "元日" },		{ 20220110, "成人の日" },
	{ 20220211, "建国記念の日" },	{ 20220223, "天皇誕生日" },
	{ 20220321, "春分の日" },	{ 20220429, "昭和の日" },
	{ 20220503, "憲法記念日" },	{ 20220504, "みどりの日" },
	{ 20220505, "こどもの日" },	{ 20220718, "海の日" },
	{ 20220811, "山の日" },		{ 20220919, "敬老の日" },
	{ 20220923, "秋分の日" },	{ 20221010, "スポーツの日" },
	{ 20221103, "文化の日" },	{ 20221123, "勤労感謝の日" },

	{ 20230101, "元日" },		{ 20230102, "振替休日" },
	{ 20230109, "成人の日" },	{ 20230211, "建国記念の日" },
	{ 20230223, "天皇誕生日" },	{ 20230321, "春分の日" },
	{ 20230429, "昭和の日" },	{ 20230503, "憲法記念日" },
	{ 20230504, "みどりの日" },	{ 20230505, "こどもの日" },
	{ 20230717, "海の日" },		{ 20230811, "山の日" },
	{ 20230918, "敬老の日" },	{ 20230923, "秋分の日" },
	{ 20231009, "スポーツの日" },	{ 20231103, "文化の日" },
	{ 20231123, "勤労感謝の日" },

	{ 20240101, "元日" },		{ 20240108, "成人の日" },
	{ 20240211, "建国記念の日" },	{ 20240212, "振替休日" },
	{ 20240223, "天皇誕生日" },	{ 20240320, "春分の日" },
	{ 20240429, "昭和の日" },	{ 20240503, "憲法記念日" },
	{ 20240504, "みどりの日" },	{ 20240505, "こどもの日" },
	{ 20240506, "振替休日" },	{ 20240715, "海の日" },
	{ 20240811, "山の日" },		{ 20240812, "振替休日" },
	{ 20240916, "敬老の日" },	{ 20240922, "秋分の日" },
	{ 20240923, "振替休日" },	{ 20241014, "スポーツの日" },
	{ 20241103, "文化の日" },	{ 20241104, "振替休日" },
	{ 20241123, "勤労感謝の日" },

	{ 20250101, "元日" },		{ 20250113, "成人の日" },
	{ 20250211, "建国記念の日" },	{ 20250223, "天皇誕生日" },
	{ 20250224, "振替休日" },	{ 20250320, "春分の日" },
	{ 20250429, "昭和の日" },	{ 20250503, "憲法記念日" },
	{ 20250504, "みどりの日" },	{ 20250505, "こどもの日" },
	{ 20250506, "振替休日" },	{ 20250721, "海の日" },
	{ 20250811, "山の日" },		{ 20250915, "敬老の日" },
	{ 20250923, "秋分の日" },	{ 20251013, "スポーツの日" },
	{ 20251103, "文化の日" },	{ 20251123, "勤労感謝の日" },
	{ 20251124, "振替休日" },

	{ 20260101, "元日" },		{ 20260112, "成人の日" },
	{ 20260211, "建国記念の日" },	{ 20260223, "天皇誕生日" },
	{ 20260320, "春分の日" },	{ 20260429, "昭和の日" },
	{ 20260503, "憲法記念日" },	{ 20260504, "みどりの日" },
	{ 20260505, "こどもの日" },	{ 20260506, "振替休日" },
	{ 20260720, "海の日" },		{ 20260811, "山の日" },
	{ 20260921, "敬老の日" },	{ 20260922, "国民の休日" },
	{ 20260923, "秋分の日" },	{ 20261012, "スポーツの日" },
	{ 20261103, "文化の日" },	{ 20261123, "勤労感謝の日" },

	{ 20270101, "元日" },		{ 20270111, "成人の日" },
	{ 20270211, "建国記念の日" },	{ 20270223, "天皇誕生日" },
	{ 20270321, "春分の日" },	{ 20270322, "振替休日" },
	{ 20270429, "昭和の日" },	{ 20270503, "憲法記念日" },
	{ 20270504, "みどりの日" },	{ 20270505, "こどもの日" },
	{ 20270719, "海の日" },		{ 20270811, "山の日" },
	{ 20270920, "敬老の日" },	{ 20270923, "秋分の日" },
	{ 20271011, "スポーツの日" },	{ 20271103, "文化の日" },
	{ 20271123, "勤労感謝の日" },
};

static const int known_years[] = { 1989, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027 };

/* Every day of each listed year is a holiday exactly when the list says so, by that name. */
static void test_known_years(void **state)
{
	(void)state;
	for (size_t y = 0; y < sizeof(known_years) / sizeof(known_years[0]); y++) {
		int32_t d = known_years[y] * 10000 + 101;
		int found = 0, listed = 0;

		for (; d / 10000 == known_years[y]; d = civil_next_day(d)) {
			struct holiday h;
			const char *want = NULL;

			for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
				if (known[k].date == d)
					want = known[k].ja;
			}
			if (want)
				listed++;
			if (holiday_get(d, &h)) {
				found++;
				if (!want)
					fail_msg("%d: %s is not a holiday", (int)d, h.ja);
				assert_string_equal(h.ja, want);
				assert_non_null(h.en);
			} else if (want) {
				fail_msg("%d: %s is missing", (int)d, want);
			}
		}
		assert_int_equal(found, listed);
	}
}

/* One-off days and changes of the law in other years. */
static void test_special_days(void **state)
{
	static const struct known days[] = {
		{ 19800429, "天皇誕生日" }, { 19880429, "天皇誕生日" },
		{ 19880504, "国民の休日" }, { 19901112, "即位礼正殿の儀" },
		{ 19930609, "結婚の儀" },   { 19960720, "海の日" },
		{ 19980504, "振替休日" }, /* 5/3 on a Sunday: before 2007, the Monday is the substitute */
		{ 19990115, "成人の日" },   { 19991010, "体育の日" },
		{ 19991011, "振替休日" },   { 20000110, "成人の日" },
		{ 20020920, NULL },	    { 20020916, "振替休日" },
		{ 20030721, "海の日" },	    { 20060429, "みどりの日" },
		{ 20070429, "昭和の日" },   { 20070430, "振替休日" },
		{ 20080506, "振替休日" }, /* 5/4 on a Sunday: the first day that is not a holiday */
		{ 20090922, "国民の休日" }, { 20150922, "国民の休日" },
		{ 20160811, "山の日" },	    { 20150811, NULL },
		{ 20181223, "天皇誕生日" }, { 20181224, "振替休日" },
		{ 20191223, NULL },	    { 20200223, "天皇誕生日" },
		{ 20201012, NULL },	    { 20210719, NULL },
		{ 20210811, NULL },	    { 20211011, NULL },
		{ 19850504, NULL }, /* before 国民の休日 existed */
		{ 19860504, NULL }, /* a Sunday between two holidays is a plain Sunday */
		{ 19791123, NULL },	    { 21000101, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		struct holiday h;
		bool got = holiday_get(days[i].date, &h);

		if (got != (days[i].ja != NULL))
			fail_msg("%d: %s", (int)days[i].date, got ? h.ja : "not a holiday");
		if (got)
			assert_string_equal(h.ja, days[i].ja);
	}
}

/* 春分の日 and 秋分の日 as the National Astronomical Observatory announced them. */
static void test_equinoxes(void **state)
{
	static const int spring[][2] = { { 1980, 20 }, { 1992, 20 }, { 1999, 21 }, { 2012, 20 },
					 { 2023, 21 }, { 2024, 20 }, { 2025, 20 }, { 2027, 21 } };
	static const int autumn[][2] = { { 1980, 23 }, { 1999, 23 }, { 2012, 22 }, { 2020, 22 },
					 { 2024, 22 }, { 2025, 23 }, { 2027, 23 } };

	(void)state;
	for (size_t i = 0; i < sizeof(spring) / sizeof(spring[0]); i++)
		assert_int_equal(holiday_vernal_equinox(spring[i][0]), spring[i][1]);
	for (size_t i = 0; i < sizeof(autumn) / sizeof(autumn[0]); i++)
		assert_int_equal(holiday_autumnal_equinox(autumn[i][0]), autumn[i][1]);
	for (int y = HOLIDAY_FIRST_YEAR; y <= HOLIDAY_LAST_YEAR; y++) {
		assert_in_range(holiday_vernal_equinox(y), 19, 21);
		assert_in_range(holiday_autumnal_equinox(y), 22, 24);
	}
}

/* The day of the month of the nth Monday, counted here one day at a time. */
static int monday(int year, int month, int nth)
{
	for (int d = 1; d <= 31; d++) {
		if (civil_weekday(year * 10000 + month * 100 + d) == 1 && --nth == 0)
			return d;
	}
	return 0;
}

/* The holidays of the law from 2022 on, for @year. */
static int law_days(int year, int32_t *out)
{
	int n = 0;
	const int md[][2] = {
		{ 1, 1 },
		{ 1, monday(year, 1, 2) },
		{ 2, 11 },
		{ 2, 23 },
		{ 3, holiday_vernal_equinox(year) },
		{ 4, 29 },
		{ 5, 3 },
		{ 5, 4 },
		{ 5, 5 },
		{ 7, monday(year, 7, 3) },
		{ 8, 11 },
		{ 9, monday(year, 9, 3) },
		{ 9, holiday_autumnal_equinox(year) },
		{ 10, monday(year, 10, 2) },
		{ 11, 3 },
		{ 11, 23 },
	};

	for (size_t i = 0; i < sizeof(md) / sizeof(md[0]); i++)
		out[n++] = year * 10000 + md[i][0] * 100 + md[i][1];
	return n;
}

static bool listed(const int32_t *days, int n, int32_t d)
{
	for (int i = 0; i < n; i++) {
		if (days[i] == d)
			return true;
	}
	return false;
}

/*
 * Every year 2022-2099: exactly the 16 days of the law, each Sunday one
 * moved to the first following weekday that is not one of them, and every
 * day between two of them a holiday.
 */
static void test_rules_2022_2099(void **state)
{
	(void)state;
	for (int y = 2022; y <= HOLIDAY_LAST_YEAR; y++) {
		int32_t law[32], extra[32];
		int n = law_days(y, law), n_extra = 0;

		for (int i = 0; i < n; i++) {
			int32_t d = law[i];

			if (civil_weekday(d) != 0)
				continue;
			while (listed(law, n, d))
				d = civil_next_day(d);
			extra[n_extra++] = d;
		}
		for (int32_t d = y * 10000 + 101; d / 10000 == y; d = civil_next_day(d)) {
			struct holiday h;
			bool between = civil_weekday(d) != 0 && !listed(law, n, d) &&
				       !listed(extra, n_extra, d) &&
				       listed(law, n, civil_next_day(d)) && d % 10000 != 101;
			bool want = listed(law, n, d) || listed(extra, n_extra, d);
			bool got = holiday_get(d, &h);

			for (int i = 0; between && i < n; i++) {
				if (civil_next_day(law[i]) == d)
					want = true;
			}
			if (got != want)
				fail_msg("%d: %s", (int)d, got ? h.ja : "not a holiday");
			if (got && listed(extra, n_extra, d))
				assert_string_equal(h.ja, "振替休日");
			else if (got && !listed(law, n, d))
				assert_string_equal(h.ja, "国民の休日");
		}
	}
}

/* 2000-2021: each year's count, the Happy Mondays on Mondays, 振替休日 after each Sunday one. */
static void test_rules_2000_2021(void **state)
{
	(void)state;
	for (int y = 2000; y <= 2021; y++) {
		int count = 0;

		for (int32_t d = y * 10000 + 101; d / 10000 == y; d = civil_next_day(d)) {
			struct holiday h;

			if (!holiday_get(d, &h))
				continue;
			count++;
			bool monday_rule = !strcmp(h.ja, "成人の日") || !strcmp(h.ja, "体育の日") ||
					   (!strcmp(h.ja, "敬老の日") && y >= 2003) ||
					   (!strcmp(h.ja, "海の日") && y >= 2003 && y < 2020);

			if (monday_rule)
				assert_int_equal(civil_weekday(d), 1);
			if (civil_weekday(d) == 0 && strcmp(h.ja, "国民の休日") != 0) {
				int32_t next = civil_next_day(d);
				struct holiday nh;

				while (holiday_get(next, &nh) && strcmp(nh.ja, "振替休日") != 0)
					next = civil_next_day(next);
				assert_true(holiday_get(next, &nh));
				assert_string_equal(nh.ja, "振替休日");
			}
		}
		assert_in_range(count, 15, 22);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_years),	cmocka_unit_test(test_special_days),
		cmocka_unit_test(test_equinoxes),	cmocka_unit_test(test_rules_2022_2099),
		cmocka_unit_test(test_rules_2000_2021),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
