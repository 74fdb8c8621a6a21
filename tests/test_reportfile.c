/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of daemon/reportfile.c (journal files of a range into a report,
 * naming what is skipped) and daemon/reportjson.c (the JSON document and the
 * CSV tables made from it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/civil.h"
#include "daemon/reportfile.h"
#include "daemon/reportjson.h"

static const char conf[] = "[office]\n"
			   "id = 131016-0001\n"
			   "name = テスト区役所\n"
			   "name.en = Test office\n"
			   "[category A]\n"
			   "name = 証明書, \"住民票\"\n"
			   "prefix = A-\n"
			   "[window 1]\n"
			   "categories = A\n";

static struct config cfg;
static char dir[64];

static void write_file(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static char text[4096];
static size_t text_len;

static void add(const char *s)
{
	text_len += (size_t)snprintf(text + text_len, sizeof(text) - text_len, "%s", s);
	assert_true(text_len < sizeof(text));
}

static void line(int hh, int mm, const char *type, const char *rest)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "{\"type\":\"%s\",\"at\":%lld%s%s}\n", type,
		 (long long)civil_to_ms(20261124, hh * 60 + mm, 540), rest[0] ? "," : "", rest);
	add(buf);
}

static int setup(void **state)
{
	struct config_errors errs;

	(void)state;
	memset(&errs, 0, sizeof(errs));
	if (config_parse(conf, sizeof(conf) - 1, &cfg, &errs) != 0)
		fail_msg("config: %s", errs.e[0].message);
	snprintf(dir, sizeof(dir), "/tmp/machiai-reportfile.XXXXXX");
	assert_non_null(mkdtemp(dir));
	/* Tuesday: a bad line 3, the rest fine, a torn last line. */
	line(8, 30, "day.open", "\"day\":\"2026-11-24\"");
	line(9, 0, "ticket.issue", "\"category\":\"A\",\"number\":1");
	add("{\"type\":\"ticket.issue\",\"at\":oops}\n");
	line(9, 10, "ticket.call", "\"window\":\"1\",\"ticket\":\"A-001\"");
	line(9, 20, "ticket.done", "\"window\":\"1\"");
	line(9, 30, "ticket.done", "\"window\":\"1\"");
	add("{\"type\":\"ticket.issue\",\"at\":17954");
	write_file("journal-2026-11-24.jsonl", text);
	return 0;
}

static int teardown(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/journal-2026-11-24.jsonl", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

static void test_dates(void **state)
{
	int32_t d;

	(void)state;
	assert_int_equal(reportfile_parse_date("2026-11-24", &d), 0);
	assert_int_equal(d, 20261124);
	assert_int_equal(reportfile_parse_date("2026-02-29", &d), -1);
	assert_int_equal(reportfile_parse_date("2026-1-24", &d), -1);
	assert_int_equal(reportfile_parse_date("2026-11-24x", &d), -1);
	assert_int_equal(reportfile_parse_date("", &d), -1);
}

static void test_read_names_skips(void **state)
{
	struct report *r = report_new(&cfg);
	struct reportfile_result *res = malloc(sizeof(*res));
	char err[256];

	(void)state;
	assert_int_equal(reportfile_read(dir, 20261123, 20261125, r, res, NULL, err, sizeof(err)),
			 0);
	assert_int_equal(res->files, 1);
	assert_int_equal(res->lines, 7);
	assert_int_equal(res->skipped, 3);
	assert_int_equal(res->n_skips, 3);
	assert_string_equal(res->skips[0].file, "journal-2026-11-24.jsonl");
	assert_int_equal(res->skips[0].line, 3);
	assert_non_null(strstr(res->skips[0].reason, "not a valid event: 1:"));
	assert_int_equal(res->skips[1].line, 6);
	assert_string_equal(res->skips[1].reason,
			    "ticket.done refused: window 1 has no ticket to finish");
	assert_int_equal(res->skips[2].line, 7);
	assert_string_equal(res->skips[2].reason, "torn last line of 33 bytes (no newline)");
	/* What could be read is reported. */
	assert_int_equal(r->n_days, 1);
	assert_int_equal(r->total.issued, 1);
	assert_int_equal(r->total.served, 1);
	report_free(r);
	free(res);
}

static void test_read_errors(void **state)
{
	struct report *r = report_new(&cfg);
	struct reportfile_result *res = malloc(sizeof(*res));
	atomic_bool stop;
	char err[256];

	(void)state;
	assert_int_equal(reportfile_read(dir, 20261125, 20261124, r, res, NULL, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "the range ends before it starts");
	assert_int_equal(reportfile_read(dir, 20000101, 20261124, r, res, NULL, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "the range is longer than 3660 days");
	assert_int_equal(reportfile_read("/nonexistent-machiai", 20261124, 20261124, r, res, NULL,
					 err, sizeof(err)),
			 -1);
	assert_string_equal(err, "/nonexistent-machiai: No such file or directory");
	atomic_init(&stop, true);
	assert_int_equal(reportfile_read(dir, 20261124, 20261124, r, res, &stop, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "stopped");
	assert_int_equal(r->n_days, 0);
	report_free(r);
	free(res);
}

static void test_json_and_csv(void **state)
{
	struct report *r = report_new(&cfg);
	struct reportfile_result *res = malloc(sizeof(*res));
	char err[256], *csv;
	size_t len;
	json_t *doc;

	(void)state;
	assert_int_equal(reportfile_read(dir, 20261124, 20261124, r, res, NULL, err, sizeof(err)),
			 0);
	doc = reportjson_build(r, 20261124, 20261124, res);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "from")), "2026-11-24");
	assert_int_equal(json_integer_value(json_object_get(doc, "skipped_total")), 3);
	assert_int_equal(
		json_integer_value(json_object_get(json_object_get(doc, "total"), "issued")), 1);
	/* Wait 10 min, service 10 min; no band recorded: coverage null. */
	assert_true(json_real_value(json_object_get(
			    json_object_get(json_object_get(doc, "total"), "wait"), "mean")) ==
		    10.0);
	assert_true(json_is_null(json_object_get(
		json_object_get(json_object_get(doc, "total"), "band"), "coverage")));

	assert_false(reportjson_table_ok("people"));
	assert_null(reportjson_csv(doc, "people", &len));
	csv = reportjson_csv(doc, "categories", &len);
	assert_non_null(csv);
	assert_int_equal(strlen(csv), len);
	assert_memory_equal(csv, "\xEF\xBB\xBF区分,名称,発券,呼出,対応済,", 3 + 38);
	/* A name with a comma and quotes is quoted, quotes doubled; empty cells for no value. */
	assert_non_null(strstr(
		csv, "\r\nA,\"証明書, \"\"住民票\"\"\",1,1,1,0,0,0,0,10,10,10,10,10,10,10,0,"));
	assert_non_null(strstr(csv, ",0,0,,0,0\r\n"));
	free(csv);
	csv = reportjson_csv(doc, "summary", &len);
	assert_non_null(strstr(csv, "\r\n2026-11-24,2026-11-24,1,1,1,1,"));
	free(csv);
	csv = reportjson_csv(doc, "skipped", &len);
	assert_non_null(strstr(csv, "\r\njournal-2026-11-24.jsonl,6,ticket.done refused: window 1 "
				    "has no ticket to finish\r\n"));
	free(csv);
	json_decref(doc);
	report_free(r);
	free(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_read_names_skips),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_json_and_csv),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
