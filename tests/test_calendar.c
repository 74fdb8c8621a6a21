/* SPDX-License-Identifier: MIT */
/* Unit tests of core/calendar.c with [hours] and [calendar] parsed by core/config.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "core/config.h"

static const char conf[] = "[office]\n"
			   "id = 131016-0001\n"
			   "name = みなと区役所\n"
			   "[hours]\n"
			   "wed = 08:30-12:00, 13:00-17:15\n"
			   "thu = 08:30-19:00\n"
			   "[calendar]\n"
			   "2nd and 4th Sunday of March and April = 09:00-12:00\n"
			   "last sat of 3 = 10:00-12:00\n"
			   "every friday in may = 08:30-16:00\n"
			   "2027-04-25 = 08:30-12:00\n"
			   "2027-01-04 = 09:00-12:00, 13:00-17:15\n"
			   "2027-02-10 = closed\n"
			   "2027-11-23 = 09:00-12:00\n"
			   "[category A]\n"
			   "name = 証明書\n"
			   "[window 1]\n"
			   "categories = A\n";

static struct config cfg;

static int setup(void **state)
{
	struct config_errors errs = { 0 };

	(void)state;
	return config_parse(conf, sizeof(conf) - 1, &cfg, &errs);
}

struct day_case {
	int32_t date;
	enum calendar_kind kind;
	int n; /* spans */
	int open, close; /* first start, last end, minutes */
	const char *holiday; /* NULL: not a national holiday */
};

static const struct day_case days[] = {
	{ 20261228, CALENDAR_WEEKLY, 1, 510, 1035,
	  NULL }, /* Monday, the last day before 年末年始 */
	{ 20261229, CALENDAR_YEAR_END, 0, 0, 0, NULL },
	{ 20261231, CALENDAR_YEAR_END, 0, 0, 0, NULL },
	{ 20270101, CALENDAR_YEAR_END, 0, 0, 0, "元日" },
	{ 20270103, CALENDAR_YEAR_END, 0, 0, 0, NULL },
	{ 20270104, CALENDAR_SPECIAL, 2, 540, 1035, NULL }, /* its own hours, a midday closure */
	{ 20270106, CALENDAR_WEEKLY, 2, 510, 1035, NULL }, /* Wednesday */
	{ 20270107, CALENDAR_WEEKLY, 1, 510, 1140, NULL }, /* Thursday until 19:00 */
	{ 20270109, CALENDAR_WEEKLY, 0, 0, 0, NULL }, /* Saturday */
	{ 20270111, CALENDAR_HOLIDAY, 0, 0, 0, "成人の日" },
	{ 20270210, CALENDAR_SPECIAL, 0, 0, 0, NULL }, /* a Wednesday closed by its date */
	{ 20270314, CALENDAR_SPECIAL, 1, 540, 720, NULL }, /* 2nd Sunday of March */
	{ 20270321, CALENDAR_HOLIDAY, 0, 0, 0, "春分の日" }, /* 3rd Sunday, and a holiday */
	{ 20270322, CALENDAR_HOLIDAY, 0, 0, 0, "振替休日" },
	{ 20270328, CALENDAR_SPECIAL, 1, 540, 720, NULL }, /* 4th Sunday */
	{ 20270327, CALENDAR_SPECIAL, 1, 600, 720, NULL }, /* last Saturday of March */
	{ 20270320, CALENDAR_WEEKLY, 0, 0, 0, NULL }, /* a Saturday, not the last */
	{ 20270411, CALENDAR_SPECIAL, 1, 540, 720, NULL },
	{ 20270418, CALENDAR_WEEKLY, 0, 0, 0, NULL }, /* 3rd Sunday of April */
	{ 20270425, CALENDAR_SPECIAL, 1, 510, 720, NULL }, /* the date line wins over the rule */
	{ 20270507, CALENDAR_SPECIAL, 1, 510, 960, NULL }, /* every Friday in May */
	{ 20270503, CALENDAR_HOLIDAY, 0, 0, 0, "憲法記念日" },
	{ 20271123, CALENDAR_SPECIAL, 1, 540, 720, "勤労感謝の日" }, /* open on a holiday */
};

static void test_days(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		struct calendar_day d;

		calendar_day_get(&cfg, days[i].date, &d);
		if (d.kind != days[i].kind || d.hours.n != days[i].n)
			fail_msg("%d: %s with %d spans", (int)days[i].date,
				 calendar_kind_name(d.kind), d.hours.n);
		if (d.hours.n) {
			assert_int_equal(d.hours.spans[0].start, days[i].open);
			assert_int_equal(d.hours.spans[d.hours.n - 1].end, days[i].close);
		}
		assert_int_equal(d.is_holiday, days[i].holiday != NULL);
		if (days[i].holiday)
			assert_string_equal(d.holiday.ja, days[i].holiday);
	}
}

static void test_next_open(void **state)
{
	struct calendar_day d;

	(void)state;
	assert_true(calendar_next_open(&cfg, 20261229, &d));
	assert_int_equal(d.date, 20270104);
	assert_true(calendar_next_open(&cfg, 20270109, &d)); /* Saturday: Monday is 成人の日 */
	assert_int_equal(d.date, 20270112);
	assert_true(calendar_next_open(&cfg, 20270107, &d)); /* a day with hours is its own */
	assert_int_equal(d.date, 20270107);
}

static void test_closed_before(void **state)
{
	(void)state;
	assert_int_equal(calendar_closed_before(&cfg, 20270104), 6); /* 12/29 to 1/3 */
	assert_int_equal(calendar_closed_before(&cfg, 20270112), 3); /* Sat, Sun, 成人の日 */
	assert_int_equal(calendar_closed_before(&cfg, 20270108), 0);
	assert_int_equal(calendar_day_before(20270301), 20270228);
	assert_int_equal(calendar_day_before(20280301), 20280229);
	assert_int_equal(calendar_day_before(20270101), 20261231);
}

static void test_spans(void **state)
{
	struct calendar_day d;

	(void)state;
	calendar_day_get(&cfg, 20270106, &d);
	assert_int_equal(calendar_span_at(&d, 510), 0);
	assert_int_equal(calendar_span_at(&d, 719), 0);
	assert_int_equal(calendar_span_at(&d, 720), -1); /* 12:00, the midday closure */
	assert_int_equal(calendar_span_at(&d, 780), 1);
	assert_int_equal(calendar_span_at(&d, 1035), -1);
}

/* holidays = open and year_end = none give the weekday's hours back. */
static void test_holidays_open(void **state)
{
	static const char open_conf[] = "[office]\nid = x\nname = x\n"
					"[calendar]\nholidays = open\nyear_end = none\n"
					"[category A]\nname = A\n[window 1]\ncategories = A\n";
	struct config c;
	struct config_errors errs = { 0 };
	struct calendar_day d;

	(void)state;
	assert_int_equal(config_parse(open_conf, sizeof(open_conf) - 1, &c, &errs), 0);
	calendar_day_get(&c, 20270111, &d);
	assert_int_equal(d.kind, CALENDAR_WEEKLY);
	assert_int_equal(d.hours.n, 1);
	assert_true(d.is_holiday);
	calendar_day_get(&c, 20261230, &d);
	assert_int_equal(d.hours.n, 1);
}

static void test_past_dates(void **state)
{
	struct config_errors errs = { 0 };

	(void)state;
	assert_int_equal(config_check_dates(&cfg, 20270104, &errs), 0);
	assert_int_equal(config_check_dates(&cfg, 20270105, &errs), 1);
	assert_int_equal(errs.e[0].line, 12);
	assert_string_equal(errs.e[0].message,
			    "2027-01-04 is in the past (today is 2027-01-05): delete the line, or "
			    "correct the year");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days),	      cmocka_unit_test(test_next_open),
		cmocka_unit_test(test_closed_before), cmocka_unit_test(test_spans),
		cmocka_unit_test(test_holidays_open), cmocka_unit_test(test_past_dates),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
