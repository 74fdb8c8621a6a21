/* SPDX-License-Identifier: MIT */
/* Unit tests of display/status.c: the status document as the sign reads it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display/status.h"

/* The example of docs/status.md. */
static const char *const example =
	"{\"version\":1,\"seq\":42,\"generated_at\":\"2026-11-23T10:15:03+09:00\","
	"\"office\":{\"id\":\"131016-0001\",\"name\":{\"ja\":\"みなと区役所 区民課\",\"en\":"
	"\"Minato Ward Office\"}},"
	"\"languages\":[\"ja\",\"en\",\"zh-Hans\",\"ko\",\"vi\",\"ja-easy\"],"
	"\"service\":{\"status\":\"open\",\"day\":\"2026-11-23\",\"notice\":{\"ja\":"
	"\"本日は混み合っています\",\"en\":\"Busy today\"},\"hours\":{\"today\":{\"open\":"
	"\"08:30\",\"close\":\"17:15\"},\"next\":{\"date\":\"2026-11-24\",\"open\":\"08:30\","
	"\"close\":\"17:15\"}},\"today\":{\"kind\":\"special\",\"weekday\":1,\"holiday\":"
	"{\"ja\":\"勤労感謝の日\",\"en\":\"Labor Thanksgiving Day\"}}},"
	"\"categories\":[{\"id\":\"A\",\"name\":{\"ja\":\"証明書\",\"en\":\"Certificates\"},"
	"\"waiting\":12,\"last_issued\":\"A-023\",\"last_called\":\"A-011\",\"serving\":"
	"[\"A-010\",\"A-011\"],\"wait\":{\"median\":15,\"low\":10,\"high\":20,\"soon\":false,"
	"\"basis\":\"learned\"},\"level\":{\"value\":1,\"code\":\"moderate\"}}],"
	"\"windows\":[{\"id\":\"1\",\"label\":{\"ja\":\"1番窓口\",\"en\":\"Window 1\"},\"open\":"
	"true,\"categories\":[\"A\",\"B\"],\"ticket\":\"A-011\",\"state\":\"called\","
	"\"recalls\":0}],"
	"\"calls\":[{\"seq\":17,\"ticket\":\"A-011\",\"window\":\"1\",\"at\":"
	"\"2026-11-23T10:14:55+09:00\",\"recall\":false}],"
	"\"occupancy\":{\"count\":23,\"capacity\":80,\"percent\":29,\"level\":{\"value\":0,"
	"\"code\":\"low\"},\"sensors\":\"ok\"},"
	"\"level\":{\"value\":1,\"code\":\"moderate\",\"by_wait\":1,\"by_occupancy\":0},"
	"\"status_page_url\":\"https://example.city.jp/machiai/#131016-0001\","
	"\"clock_set\":true}";

static struct status st;

static int parse(const char *s, char *err, size_t size)
{
	return status_parse(s, strlen(s), &st, err, size);
}

static void test_example(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(parse(example, err, sizeof(err)), 0);
	assert_int_equal(st.seq, 42);
	assert_int_equal(st.utc_offset_min, 540);
	assert_int_equal(st.generated_at, 1795396503000LL);
	assert_string_equal(st.office.t[LANG_JA], "みなと区役所 区民課");
	assert_string_equal(st.office.t[LANG_EN], "Minato Ward Office");
	assert_string_equal(st.office.t[LANG_KO], "");
	assert_int_equal(st.n_languages, 6);
	assert_int_equal(st.languages[2], LANG_ZH_HANS);
	assert_int_equal(st.service, STATUS_SERVICE_OPEN);
	assert_int_equal(st.day, 20261123);
	assert_true(st.next.set);
	assert_int_equal(st.next.date, 20261124);
	assert_string_equal(st.next.open, "08:30");
	assert_true(st.today_info.set);
	assert_int_equal(st.today_info.kind, STATUS_DAY_SPECIAL);
	assert_int_equal(st.today_info.weekday, 1);
	assert_string_equal(st.today_info.holiday_ja, "勤労感謝の日");
	assert_string_equal(st.today_info.holiday_en, "Labor Thanksgiving Day");
	assert_int_equal(st.n_categories, 1);
	assert_int_equal(st.categories[0].waiting, 12);
	assert_int_equal(st.categories[0].wait_low, 10);
	assert_int_equal(st.categories[0].wait_high, 20);
	assert_int_equal(st.categories[0].level, 1);
	assert_int_equal(st.n_windows, 1);
	assert_string_equal(st.windows[0].ticket, "A-011");
	assert_false(st.windows[0].serving);
	assert_int_equal(st.n_calls, 1);
	assert_int_equal(st.calls[0].seq, 17);
	assert_int_equal(st.calls[0].at, 1795396495000LL);
	assert_int_equal(st.level, 1);
	assert_int_equal(status_window_find(&st, "1"), 0);
	assert_int_equal(status_window_find(&st, "9"), -1);
	assert_string_equal(st.status_page_url, "https://example.city.jp/machiai/#131016-0001");
	assert_false(st.clock_unset);
}

/* Replaces the first @from in the example with @to and parses it. */
static void expect_error(const char *from, const char *to, const char *want)
{
	const char *at = strstr(example, from);
	char *doc, err[256] = "";
	size_t n;

	assert_non_null(at);
	n = strlen(example) - strlen(from) + strlen(to) + 1;
	doc = malloc(n);
	assert_non_null(doc);
	snprintf(doc, n, "%.*s%s%s", (int)(at - example), example, to, at + strlen(from));
	assert_int_equal(parse(doc, err, sizeof(err)), -1);
	assert_string_equal(err, want);
	free(doc);
}

static void test_errors_name_the_path(void **state)
{
	(void)state;
	expect_error("\"open\":true", "\"open\":1", "$.windows[0].open: must be true or false");
	expect_error("\"value\":1,\"code\":\"moderate\"}}]", "\"value\":7,\"code\":\"x\"}}]",
		     "$.categories[0].level.value: must be between 0 and 3");
	expect_error("\"version\":1", "\"version\":2", "$.version: must be between 1 and 1");
	expect_error("\"status\":\"open\"", "\"status\":\"busy\"",
		     "$.service.status: must be open, closed or suspended");
	expect_error("\"at\":\"2026-11-23T10:14:55+09:00\"", "\"at\":\"yesterday\"",
		     "$.calls[0].at: not an ISO 8601 time");
	expect_error("\"name\":{\"ja\":\"証明書\",", "\"name\":{",
		     "$.categories[0].name: has no \"ja\" text");
	expect_error("\"state\":\"called\"", "\"state\":\"gone\"",
		     "$.windows[0].state: must be \"called\" or \"serving\"");
	expect_error("\"waiting\":12", "\"waiting\":-1",
		     "$.categories[0].waiting: must be between 0 and 100000");
	expect_error("\"seq\":42,", "\"seq\":42,\"seq\":43,",
		     "line 1 column 27: duplicate object key near '\"seq\"'");
	expect_error("\"ticket\":\"A-011\",\"window\"", "\"window\"", "$.calls[0].ticket: missing");
	expect_error("\"kind\":\"special\"", "\"kind\":\"sunday\"",
		     "$.service.today.kind: must be weekly, special, holiday or year_end");
	expect_error("\"weekday\":1", "\"weekday\":7",
		     "$.service.today.weekday: must be between 0 and 6");
	expect_error("\"holiday\":{\"ja\":\"勤労感謝の日\",", "\"holiday\":{",
		     "$.service.today.holiday.ja: missing");
	expect_error("\"clock_set\":true", "\"clock_set\":\"no\"",
		     "$.clock_set: must be true or false");
}

/* Dates are real calendar dates: no sign, no 13th month, no 31 November. */
static void test_dates(void **state)
{
	static const char *const bad[] = { "-999-01-01", "2026-13-01", "2026-00-10", "2026-11-31",
					   "2027-02-29", "0999-12-31", "2026-1-01",  "2026-11-24x",
					   "+2026-11-2", "2026-11-+4" };
	char to[64];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(to, sizeof(to), "\"next\":{\"date\":\"%s\"", bad[i]);
		expect_error(
			"\"next\":{\"date\":\"2026-11-24\"", to,
			"$.service.hours.next.date: must be a date YYYY-MM-DD (years 1000 to 9999)");
		snprintf(to, sizeof(to), "\"day\":\"%s\"", bad[i]);
		expect_error("\"day\":\"2026-11-23\"", to,
			     "$.service.day: must be a date YYYY-MM-DD (years 1000 to 9999)");
	}
	{
		const char *at = strstr(example, "2026-11-24");
		char doc[4096], err[256] = "";

		snprintf(doc, sizeof(doc), "%.*s2028-02-29%s", (int)(at - example), example,
			 at + 10);
		assert_int_equal(parse(doc, err, sizeof(err)), 0);
		assert_int_equal(st.next.date, 20280229);
	}
}

static void test_clock_unset(void **state)
{
	const char *at = strstr(example, "\"clock_set\":true");
	char doc[4096], err[256] = "";

	(void)state;
	assert_non_null(at);
	assert_true(strlen(example) < sizeof(doc) - 8);
	snprintf(doc, sizeof(doc), "%.*s\"clock_set\":false}", (int)(at - example), example);
	assert_int_equal(parse(doc, err, sizeof(err)), 0);
	assert_true(st.clock_unset);
}

static void test_printer_and_kiosk(void **state)
{
	const char *at = strstr(example, "\"clock_set\":true");
	char doc[4096], err[256] = "";

	(void)state;
	snprintf(doc, sizeof(doc),
		 "%.*s\"printer\":{\"state\":\"fault\",\"problems\":[\"paper_near_end\","
		 "\"smoke\",\"paper_out\",\"offline\"],\"queued\":0},\"kiosk\":{\"help\":true},"
		 "\"clock_set\":true}",
		 (int)(at - example), example);
	assert_int_equal(parse(doc, err, sizeof(err)), 0);
	assert_int_equal(st.printer, STATUS_PRINTER_PAPER_OUT); /* the worst, not the first */
	assert_true(st.kiosk_help);
	snprintf(doc, sizeof(doc),
		 "%.*s\"printer\":{\"problems\":[\"paper_near_end\"]},\"kiosk\":null,"
		 "\"clock_set\":true}",
		 (int)(at - example), example);
	assert_int_equal(parse(doc, err, sizeof(err)), 0);
	assert_int_equal(st.printer, STATUS_PRINTER_PAPER_NEAR_END);
	assert_false(st.kiosk_help);
	/* none at all: an older daemon, or no printer */
	assert_int_equal(parse(example, err, sizeof(err)), 0);
	assert_int_equal(st.printer, STATUS_PRINTER_OK);
	snprintf(doc, sizeof(doc), "%.*s\"printer\":{\"problems\":\"paper_out\"}}",
		 (int)(at - example), example);
	assert_int_equal(parse(doc, err, sizeof(err)), -1);
	assert_string_equal(err, "$.printer.problems: must be an array");
}

static void test_nulls_and_unknowns(void **state)
{
	char err[256] = "";
	const char *doc =
		"{\"version\":1,\"seq\":3,\"generated_at\":\"2026-11-23T18:00:00Z\","
		"\"office\":{\"name\":{\"ja\":\"区役所\",\"xx\":\"?\"}},\"languages\":[\"ja\",\"fr\","
		"\"en\",\"en\"],\"service\":{\"status\":\"closed\",\"notice\":null,\"hours\":"
		"{\"today\":null,\"next\":null}},\"categories\":[{\"id\":\"A\",\"name\":{\"ja\":"
		"\"A\"},\"waiting\":0,\"wait\":{\"median\":null,\"low\":null,\"high\":null,"
		"\"soon\":false,\"basis\":\"none\"},\"level\":{\"value\":0}}],\"windows\":[{\"id\":"
		"\"1\",\"label\":{\"ja\":\"1\"},\"open\":false,\"ticket\":null,\"state\":null}],"
		"\"calls\":[],\"status_page_url\":null,\"future_field\":{\"a\":1}}";

	(void)state;
	assert_int_equal(parse(doc, err, sizeof(err)), 0);
	assert_int_equal(st.utc_offset_min, 0);
	assert_int_equal(st.n_languages, 2); /* unknown "fr" and a repeated "en" left out */
	assert_int_equal(st.languages[1], LANG_EN);
	assert_int_equal(st.service, STATUS_SERVICE_CLOSED);
	assert_false(st.next.set);
	assert_int_equal(st.categories[0].wait_low, -1);
	assert_string_equal(st.windows[0].ticket, "");
	assert_string_equal(st.status_page_url, "");
	assert_string_equal(st.notice.t[LANG_JA], "");
	assert_false(st.clock_unset); /* no "clock_set": an older daemon's document */
}

static void test_limits(void **state)
{
	char err[256] = "";
	char *big;
	size_t n = STATUS_MAX_SIZE + 2;

	(void)state;
	assert_int_equal(parse("[]", err, sizeof(err)), -1);
	assert_string_equal(err, "$: must be an object");
	assert_int_equal(parse("{\"version\":1", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "line 1 column"));
	big = malloc(n);
	assert_non_null(big);
	memset(big, ' ', n);
	assert_int_equal(status_parse(big, n, &st, err, sizeof(err)), -1);
	assert_string_equal(err, "$: document larger than 512 KiB");
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_errors_name_the_path),
		cmocka_unit_test(test_nulls_and_unknowns),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_clock_unset),
		cmocka_unit_test(test_printer_and_kiosk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
