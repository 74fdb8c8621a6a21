/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of core/report.c: every figure of small journals computed by
 * hand (a lunch break, a recall, a no-show, a cancellation, reservations
 * kept and missed, a day closed with people waiting, a day whose journal
 * ends without its close).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/civil.h"
#include "core/report.h"
#include "daemon/evjson.h"

#define TUE 20261124 /* a Tuesday */
#define WED 20261125

static const char conf[] = "[office]\n"
			   "id = 131016-0001\n"
			   "name = テスト区役所\n"
			   "[category A]\n"
			   "name = 証明書\n"
			   "prefix = A-\n"
			   "[category B]\n"
			   "name = 転入\n"
			   "prefix = B-\n"
			   "[window 1]\n"
			   "categories = A\n"
			   "[window 2]\n"
			   "categories = A, B\n"
			   "[level]\n"
			   "report_target_wait = 30\n";

static struct config cfg;

static int setup(void **state)
{
	struct config_errors errs;

	(void)state;
	memset(&errs, 0, sizeof(errs));
	if (config_parse(conf, sizeof(conf) - 1, &cfg, &errs) != 0)
		fail_msg("config: %s", errs.e[0].message);
	return 0;
}

/* Feeds one event: @hhmm local time on @day, type @type, the other members @rest. */
static int feed(struct report *r, int32_t day, const char *hhmm, const char *type, const char *rest)
{
	char line[512], err[EVJSON_ERROR_MAX];
	struct event ev;
	struct office_error oerr;
	int64_t ms = civil_to_ms(
		day, (int)strtol(hhmm, NULL, 10) * 60 + (int)strtol(hhmm + 3, NULL, 10), 540);

	snprintf(line, sizeof(line), "{\"type\":\"%s\",\"at\":%lld%s%s}", type, (long long)ms,
		 rest[0] ? "," : "", rest);
	if (evjson_decode(line, strlen(line), &ev, err, sizeof(err)) != 0)
		fail_msg("%s: %s", line, err);
	return report_add(r, &ev, &oerr);
}

#define OK(r, day, t, type, rest) assert_int_equal(feed(r, day, t, type, rest), 0)

/* The day of docs/report.md's worked example. */
static void feed_tuesday(struct report *r)
{
	OK(r, TUE, "08:30", "day.open", "\"day\":\"2026-11-24\"");
	OK(r, TUE, "08:30", "reservation.book",
	   "\"reservation\":\"R1\",\"category\":\"A\",\"slot_start\":1795482000000,"
	   "\"slot_end\":1795483800000");
	OK(r, TUE, "08:30", "reservation.book",
	   "\"reservation\":\"R2\",\"category\":\"A\",\"slot_start\":1795500000000,"
	   "\"slot_end\":1795501800000");
	OK(r, TUE, "08:30", "people", "\"count\":1");
	OK(r, TUE, "08:31", "ticket.issue",
	   "\"category\":\"A\",\"number\":1,"
	   "\"wait\":{\"low\":0,\"median\":0,\"high\":0,\"soon\":true}");
	OK(r, TUE, "08:31", "ticket.call", "\"window\":\"1\",\"ticket\":\"A-001\"");
	OK(r, TUE, "08:32", "people", "\"count\":1");
	OK(r, TUE, "08:32", "ticket.issue",
	   "\"category\":\"A\",\"number\":2,"
	   "\"wait\":{\"low\":5,\"median\":10,\"high\":15,\"soon\":false}");
	OK(r, TUE, "08:33", "ticket.issue",
	   "\"category\":\"B\",\"number\":1,"
	   "\"wait\":{\"low\":0,\"median\":0,\"high\":0,\"soon\":true}");
	OK(r, TUE, "08:36", "ticket.serve", "\"window\":\"1\"");
	OK(r, TUE, "08:41", "ticket.done", "\"window\":\"1\"");
	OK(r, TUE, "08:42", "ticket.call", "\"window\":\"1\",\"ticket\":\"A-002\"");
	OK(r, TUE, "08:44", "ticket.recall", "\"window\":\"1\"");
	OK(r, TUE, "08:46", "ticket.no_show", "\"window\":\"1\"");
	OK(r, TUE, "08:50", "ticket.call", "\"window\":\"2\",\"ticket\":\"B-001\"");
	OK(r, TUE, "09:00", "ticket.done", "\"window\":\"2\"");
	OK(r, TUE, "09:01", "people", "\"count\":-1");
	OK(r, TUE, "10:15", "reservation.expire", "\"reservation\":\"R1\"");
	/* A-003 waits through the lunch break: both windows close 12:00, 1 reopens 13:00. */
	OK(r, TUE, "11:50", "ticket.issue",
	   "\"category\":\"A\",\"number\":3,"
	   "\"wait\":{\"low\":10,\"median\":20,\"high\":30,\"soon\":false}");
	OK(r, TUE, "12:00", "window.set", "\"window\":\"1\",\"open\":false");
	OK(r, TUE, "12:00", "window.set", "\"window\":\"2\",\"open\":false");
	OK(r, TUE, "13:00", "window.set", "\"window\":\"1\",\"open\":true");
	OK(r, TUE, "13:05", "ticket.call", "\"window\":\"1\",\"ticket\":\"A-003\"");
	OK(r, TUE, "13:20", "ticket.done", "\"window\":\"1\"");
	/* A journal line from before the band was recorded: no band. */
	OK(r, TUE, "14:00", "ticket.issue", "\"category\":\"A\",\"number\":4");
	OK(r, TUE, "14:10", "ticket.cancel", "\"ticket\":\"A-004\"");
	OK(r, TUE, "14:55", "ticket.issue",
	   "\"category\":\"A\",\"number\":5,\"reservation\":\"R2\"");
	OK(r, TUE, "15:00", "ticket.call", "\"window\":\"1\",\"ticket\":\"A-005\"");
	OK(r, TUE, "15:10", "ticket.done", "\"window\":\"1\"");
	OK(r, TUE, "16:00", "people", "\"count\":1");
	OK(r, TUE, "16:00", "people", "\"count\":1");
	OK(r, TUE, "16:00", "ticket.issue",
	   "\"category\":\"B\",\"number\":2,"
	   "\"wait\":{\"low\":5,\"median\":10,\"high\":20,\"soon\":false}");
	/* The day closes with B-002 still waiting. */
	OK(r, TUE, "17:15", "day.close", "\"day\":\"2026-11-24\"");
}

static void assert_near(double got, double want)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("got %.12g, expected %.12g", got, want);
}

static void test_counts(void **state)
{
	struct report *r = report_new(&cfg);
	struct report_row *t;

	(void)state;
	feed_tuesday(r);
	report_day_end(r);
	t = &r->total;
	assert_int_equal(r->n_days, 1);
	assert_int_equal(r->days[0].date, TUE);
	assert_true(r->days[0].closed_by_journal);
	assert_int_equal(t->issued, 7);
	assert_int_equal(t->called, 5);
	assert_int_equal(t->served, 4);
	assert_int_equal(t->no_show, 1);
	assert_int_equal(t->cancelled, 1);
	assert_int_equal(t->closed_waiting, 1);
	assert_int_equal(t->recalls, 1);
	assert_int_equal(t->over_target, 1); /* A-003, 75 min over lunch */
	assert_int_equal(t->res_booked, 2);
	assert_int_equal(t->res_kept, 1);
	assert_int_equal(t->res_missed, 1);
	assert_int_equal(t->peak_occupancy, 3);
	assert_int_equal(t->peak_at, civil_to_ms(TUE, 16 * 60, 540));
	assert_int_equal(r->refused, 0);

	/* Per category. */
	assert_int_equal(r->categories[0].issued, 5);
	assert_int_equal(r->categories[0].called, 4);
	assert_int_equal(r->categories[0].served, 3);
	assert_int_equal(r->categories[0].no_show, 1);
	assert_int_equal(r->categories[0].cancelled, 1);
	assert_int_equal(r->categories[0].closed_waiting, 0);
	assert_int_equal(r->categories[1].issued, 2);
	assert_int_equal(r->categories[1].called, 1);
	assert_int_equal(r->categories[1].served, 1);
	assert_int_equal(r->categories[1].closed_waiting, 1);
	assert_int_equal(r->categories[0].res_booked, 2);

	/* Per window. */
	assert_int_equal(r->windows[0].called, 4);
	assert_int_equal(r->windows[0].served, 3);
	assert_int_equal(r->windows[0].no_show, 1);
	assert_int_equal(r->windows[1].called, 1);
	assert_int_equal(r->windows[1].served, 1);
	report_free(r);
}

static void test_waits(void **state)
{
	struct report *r = report_new(&cfg);
	struct report_summary s;

	(void)state;
	feed_tuesday(r);
	report_day_end(r);
	/* Waits 0, 10, 17, 75, 5 minutes. */
	report_summarise(&r->total.wait, &s);
	assert_int_equal(s.n, 5);
	assert_near(s.mean, 21.4);
	assert_near(s.median, 10);
	assert_near(s.p90, 17 + 0.6 * 58); /* position 3.6 of 0, 5, 10, 17, 75 */
	assert_near(s.max, 75);
	/* Service, call to done: 10, 10, 15, 10; the no-show has none. */
	report_summarise(&r->total.service, &s);
	assert_int_equal(s.n, 4);
	assert_near(s.mean, 11.25);
	assert_near(s.median, 10);
	assert_near(s.p90, 10 + 0.7 * 5);
	assert_near(s.max, 15);
	/* Category A: 0, 10, 75, 5; B: 17. */
	report_summarise(&r->categories[0].wait, &s);
	assert_int_equal(s.n, 4);
	assert_near(s.mean, 22.5);
	assert_near(s.median, 7.5);
	report_summarise(&r->categories[1].wait, &s);
	assert_near(s.mean, 17);
	assert_near(s.p90, 17);
	/* Window 2 called only B-001. */
	report_summarise(&r->windows[1].wait, &s);
	assert_int_equal(s.n, 1);
	assert_near(s.max, 17);
	/* An empty series is all NAN. */
	report_summarise(&r->windows[1].service, &s);
	assert_int_equal(s.n, 1);
	report_summarise(&r->slots[0].wait, &s);
	assert_int_equal(s.n, 0);
	assert_true(isnan(s.mean) && isnan(s.p90));
	report_free(r);
}

static void test_band_honesty(void **state)
{
	struct report *r = report_new(&cfg);

	(void)state;
	feed_tuesday(r);
	report_day_end(r);
	/*
	 * Bands at issue of called tickets: A-001 0-0 (waited 0: in), A-002
	 * 5-15 (10: in), B-001 0-0 まもなく (17: out, and late), A-003 10-30
	 * (75: out). A-004 had none, A-005 is a check-in, B-002 never called.
	 */
	assert_int_equal(r->total.band_n, 4);
	assert_int_equal(r->total.band_in, 2);
	assert_int_equal(r->total.soon_n, 2);
	assert_int_equal(r->total.soon_late, 1);
	assert_int_equal(r->categories[1].soon_late, 1);
	assert_int_equal(r->days[0].row.band_in, 2);
	report_free(r);
}

static void test_half_hours_and_windows(void **state)
{
	struct report *r = report_new(&cfg);
	int s0830 = 17, s1130 = 23, s1300 = 26, s1400 = 28;
	struct report_summary s;

	(void)state;
	feed_tuesday(r);
	report_day_end(r);
	assert_int_equal(report_slot(civil_to_ms(TUE, 8 * 60 + 30, 540), 540), s0830);
	assert_int_equal(r->slots[s0830].issued, 3);
	assert_int_equal(r->slots[s0830].called, 3);
	assert_int_equal(r->slots[s0830].served, 1); /* A-001 at 08:41; B-001 at 09:00 */
	assert_int_equal(r->slots[s0830 + 1].served, 1);
	assert_int_equal(r->slots[s0830].no_show, 1);
	report_summarise(&r->slots[s0830].wait, &s);
	assert_near(s.mean, 9); /* 0, 10, 17 */
	assert_int_equal(r->slots[s1130].issued, 1);
	report_summarise(&r->slots[s1130].wait, &s);
	assert_near(s.max, 75);
	assert_int_equal(r->slots[s1300].called, 1);
	assert_int_equal(r->slots[s1400].cancelled, 1);
	assert_int_equal(r->week[2][s0830].issued, 3); /* Tuesday */
	assert_int_equal(r->weekdays[2], 1);
	assert_int_equal(r->slots[s0830].days, 1);

	/* Window 1: open 08:30-12:00 and 13:00-17:15; busy 10 + 4 + 15 + 10 minutes. */
	assert_near(r->windows[0].open_ms, 465 * 60000.0);
	assert_near(r->windows[0].busy_ms, 39 * 60000.0);
	assert_near(r->windows[1].open_ms, 210 * 60000.0);
	assert_near(r->windows[1].busy_ms, 10 * 60000.0);
	assert_near(report_utilisation(&r->windows[0]), 39.0 / 465);
	/* 08:30-09:00: both windows open (60 window-minutes), busy 10 + 4 + 10. */
	assert_near(r->slots[s0830].open_ms, 60 * 60000.0);
	assert_near(r->slots[s0830].busy_ms, 24 * 60000.0);
	/* 12:00-12:30: nothing open. */
	assert_near(r->slots[24].open_ms, 0);
	assert_true(isnan(report_utilisation(&r->slots[24])));
	assert_near(r->total.open_ms, 675 * 60000.0);
	report_free(r);
}

static void test_utilisation_never_over_one(void **state)
{
	struct report_row row;

	(void)state;
	memset(&row, 0, sizeof(row));
	row.open_ms = 1000;
	row.busy_ms = 1500; /* served on after the window was closed */
	assert_near(report_utilisation(&row), 1.0);
}

/* A second day whose journal ends without its close, and a refused event. */
static void test_unclosed_day_and_refused(void **state)
{
	struct report *r = report_new(&cfg);
	struct report_summary s;

	(void)state;
	feed_tuesday(r);
	report_day_end(r);
	OK(r, WED, "08:30", "day.open", "\"day\":\"2026-11-25\"");
	OK(r, WED, "09:00", "ticket.issue", "\"category\":\"B\",\"number\":1");
	OK(r, WED, "09:05", "ticket.issue", "\"category\":\"B\",\"number\":2");
	OK(r, WED, "09:20", "ticket.call", "\"window\":\"2\",\"ticket\":\"B-001\"");
	assert_int_equal(
		feed(r, WED, "09:21", "ticket.call", "\"window\":\"9\",\"ticket\":\"B-002\""), -1);
	assert_int_equal(feed(r, WED, "09:22", "ticket.done", "\"window\":\"1\""), -1);
	report_day_end(r);
	report_day_end(r);
	assert_int_equal(r->refused, 2);
	assert_int_equal(r->n_days, 2);
	assert_false(r->days[1].closed_by_journal);
	assert_int_equal(r->days[1].row.issued, 2);
	assert_int_equal(r->days[1].row.called, 1);
	/* B-001 was at the window when the journal ended: called, not served. */
	assert_int_equal(r->days[1].row.served, 0);
	assert_int_equal(r->days[1].row.closed_waiting, 1);
	assert_int_equal(r->total.closed_waiting, 2);
	assert_int_equal(r->total.issued, 9);
	report_summarise(&r->days[1].row.wait, &s);
	assert_near(s.mean, 20);
	assert_int_equal(r->weekdays[3], 1);
	assert_int_equal(r->slots[17].days, 2);
	/* Window 2 on Wednesday: open 08:30 until the last event, 09:20. */
	assert_near(r->days[1].row.open_ms, 2 * 50 * 60000.0);
	report_free(r);
}

/* Reservations booked on a day before the range, for a slot in it, are known there. */
static void test_booked_ahead(void **state)
{
	struct report *r = report_new(&cfg);
	char line[256], err[EVJSON_ERROR_MAX];
	struct event ev;
	int64_t mon = civil_to_ms(20261123, 10 * 60, 540);

	(void)state;
	/* Monday: R1 (for Tuesday 10:00), R2 (Tuesday 11:00, then cancelled), R3 (Monday itself). */
	snprintf(line, sizeof(line),
		 "{\"type\":\"reservation.book\",\"at\":%lld,\"reservation\":\"R1\","
		 "\"category\":\"A\",\"slot_start\":1795482000000,\"slot_end\":1795483800000}",
		 (long long)mon);
	assert_int_equal(evjson_decode(line, strlen(line), &ev, err, sizeof(err)), 0);
	report_add_before(r, &ev, TUE);
	snprintf(line, sizeof(line),
		 "{\"type\":\"reservation.book\",\"at\":%lld,\"reservation\":\"R2\","
		 "\"category\":\"A\",\"slot_start\":1795485600000,\"slot_end\":1795487400000}",
		 (long long)mon);
	assert_int_equal(evjson_decode(line, strlen(line), &ev, err, sizeof(err)), 0);
	report_add_before(r, &ev, TUE);
	snprintf(line, sizeof(line),
		 "{\"type\":\"reservation.book\",\"at\":%lld,\"reservation\":\"R3\","
		 "\"category\":\"A\",\"slot_start\":%lld,\"slot_end\":%lld}",
		 (long long)mon, (long long)(mon + 3600000), (long long)(mon + 5400000));
	assert_int_equal(evjson_decode(line, strlen(line), &ev, err, sizeof(err)), 0);
	report_add_before(r, &ev, TUE);
	snprintf(line, sizeof(line),
		 "{\"type\":\"reservation.cancel\",\"at\":%lld,\"reservation\":\"R2\"}",
		 (long long)(mon + 60000));
	assert_int_equal(evjson_decode(line, strlen(line), &ev, err, sizeof(err)), 0);
	report_add_before(r, &ev, TUE);

	OK(r, TUE, "08:30", "day.open", "\"day\":\"2026-11-24\"");
	OK(r, TUE, "09:55", "ticket.issue",
	   "\"category\":\"A\",\"number\":1,\"reservation\":\"R1\"");
	OK(r, TUE, "10:00", "ticket.call", "\"window\":\"1\",\"ticket\":\"A-001\"");
	OK(r, TUE, "17:15", "day.close", "\"day\":\"2026-11-24\"");
	report_day_end(r);
	assert_int_equal(r->refused, 0);
	assert_int_equal(r->total.issued, 1);
	assert_int_equal(r->total.called, 1);
	/* R1 kept; R2 cancelled before the day and R3 on Monday are not Tuesday's. */
	assert_int_equal(r->total.res_booked, 1);
	assert_int_equal(r->total.res_kept, 1);
	report_free(r);
}

/* The target comes from the config. */
static void test_target(void **state)
{
	struct config c2 = cfg;
	struct report *r;

	(void)state;
	c2.report_target_wait = 15;
	r = report_new(&c2);
	feed_tuesday(r);
	report_day_end(r);
	assert_int_equal(r->total.over_target, 2); /* 17 and 75 */
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_waits),
		cmocka_unit_test(test_band_honesty),
		cmocka_unit_test(test_half_hours_and_windows),
		cmocka_unit_test(test_utilisation_never_over_one),
		cmocka_unit_test(test_unclosed_day_and_refused),
		cmocka_unit_test(test_booked_ahead),
		cmocka_unit_test(test_target),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
