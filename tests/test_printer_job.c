/* SPDX-License-Identifier: MIT */
/* printer/job.c: a print job as machiaid hands it out, and what is wrong with a bad one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "printer/job.h"

/* As GET /v1/printer/jobs gives one (docs/api.md). */
static const char example[] =
	"{\"ticket\":\"B-035\",\"state\":\"queued\",\"problem\":null,"
	"\"category\":{\"id\":\"B\",\"name\":{\"ja\":\"住所変更\",\"en\":\"Change of address\","
	"\"fr\":\"x\"},\"icon\":\"moving\"},\"lang\":\"en\","
	"\"issued_at\":\"2026-11-23T10:15:03+09:00\",\"waiting_before\":12,"
	"\"wait\":{\"median\":50,\"low\":40,\"high\":70,\"soon\":false,\"basis\":\"learned\"},"
	"\"away_until\":\"10:55\",\"qr\":\"https://x.jp/s/#office=1&ticket=B-035\","
	"\"office\":{\"ja\":\"みなと区役所\",\"en\":\"Minato City Office\"}}";

static int parse(const char *text, struct job *j, char *err)
{
	json_t *in = json_loads(text, 0, NULL);
	int rc;

	assert_non_null(in);
	rc = job_parse(in, "$.jobs[0]", j, err, 256);
	json_decref(in);
	return rc;
}

static void test_example(void **state)
{
	struct job j;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse(example, &j, err), 0);
	assert_string_equal(j.ticket, "B-035");
	assert_string_equal(j.category[LANG_JA], "住所変更");
	assert_string_equal(j.category[LANG_EN], "Change of address");
	assert_string_equal(j.category[LANG_KO], "");
	assert_string_equal(j.office[LANG_JA], "みなと区役所");
	assert_int_equal(j.lang, LANG_EN);
	assert_int_equal(j.day, 20261123);
	assert_int_equal(j.minute_of_day, 10 * 60 + 15);
	assert_int_equal(j.waiting_before, 12);
	assert_int_equal(j.wait_low, 40);
	assert_int_equal(j.wait_high, 70);
	assert_false(j.soon);
	assert_int_equal(j.away_until, 10 * 60 + 55);
	assert_string_equal(j.qr, "https://x.jp/s/#office=1&ticket=B-035");
}

static void test_nulls(void **state)
{
	static const char doc[] =
		"{\"ticket\":\"A-001\",\"category\":{\"name\":{\"ja\":\"証明書\"}},\"lang\":\"xx\","
		"\"issued_at\":\"2026-11-23T09:00:00+09:00\",\"waiting_before\":0,"
		"\"wait\":{\"median\":null,\"low\":null,\"high\":null,\"soon\":false},"
		"\"away_until\":null,\"qr\":null,\"office\":{\"ja\":\"区役所\"}}";
	struct job j;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse(doc, &j, err), 0);
	assert_int_equal(j.lang, LANG_JA); /* a language this printer does not know */
	assert_int_equal(j.wait_low, -1);
	assert_int_equal(j.away_until, -1);
	assert_string_equal(j.qr, "");
}

/* @from replaced by @to in the example gives error @expected. */
static void expect_error(const char *from, const char *to, const char *expected)
{
	char doc[2048], err[256] = "";
	const char *at = strstr(example, from);
	struct job j;

	assert_non_null(at);
	snprintf(doc, sizeof(doc), "%.*s%s%s", (int)(at - example), example, to, at + strlen(from));
	assert_int_equal(parse(doc, &j, err), -1);
	assert_string_equal(err, expected);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("\"ticket\":\"B-035\"", "\"ticket\":35",
		     "$.jobs[0].ticket: expected a string");
	expect_error("2026-11-23T10:15:03", "yesterday",
		     "$.jobs[0].issued_at: expected an ISO 8601 time");
	expect_error("\"10:55\"", "\"25:00\"", "$.jobs[0].away_until: expected HH:MM");
	expect_error("\"low\":40", "\"low\":\"40\"",
		     "$.jobs[0].wait.low: expected a whole number from 0 to 100000");
	expect_error("\"waiting_before\":12", "\"waiting_before\":null",
		     "$.jobs[0].waiting_before: expected a whole number");
	expect_error("{\"ja\":\"みなと区役所\"", "{\"en\":\"x\"",
		     "$.jobs[0].office: expected an object with \"ja\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_nulls),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
