/* SPDX-License-Identifier: MIT */
/* Unit tests of the door count as a leaving signal (core/doorcount.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "core/civil.h"
#include "core/doorcount.h"
#include "core/office.h"

#define DAY 20261123 /* a Monday */
#define MIN 60000LL

static struct config cfg;
static struct office *o;
static struct door_fit fit;
static const double no_away[CONFIG_MAX_CATEGORIES];

static int64_t at(int32_t day, int minute)
{
	return civil_to_ms(day, 8 * 60 + 30 + minute, 540);
}

static void apply_ok(const struct event *ev)
{
	struct office_error err;

	if (office_apply(o, ev, &err) != 0)
		fail_msg("event %s refused: %s", event_type_name(ev->type), err.message);
}

/* One category A, one window; the office of @day open at 08:30. */
static void open_day(int32_t day)
{
	struct event ev;

	if (!o) {
		memset(&cfg, 0, sizeof(cfg));
		cfg.utc_offset_minutes = 540;
		for (int d = 0; d < 7; d++) {
			cfg.hours[d].n = 1;
			cfg.hours[d].spans[0].start = 8 * 60 + 30;
			cfg.hours[d].spans[0].end = 17 * 60 + 15;
		}
		cfg.n_categories = 1;
		snprintf(cfg.categories[0].id, sizeof(cfg.categories[0].id), "A");
		snprintf(cfg.categories[0].prefix, sizeof(cfg.categories[0].prefix), "A-");
		cfg.categories[0].digits = 3;
		cfg.categories[0].first = 1;
		cfg.categories[0].last = 999;
		cfg.categories[0].service_minutes = 5.0;
		cfg.n_windows = 1;
		snprintf(cfg.windows[0].id, sizeof(cfg.windows[0].id), "1");
		cfg.windows[0].open = true;
		cfg.windows[0].n_categories = 1;
		o = office_new(&cfg);
		assert_non_null(o);
		memset(&fit, 0, sizeof(fit));
	}
	if (o->day_open) {
		event_init(&ev, EVENT_DAY_CLOSE, at(o->day, 600));
		ev.day = o->day;
		apply_ok(&ev);
	}
	event_init(&ev, EVENT_DAY_OPEN, at(day, 0));
	ev.day = day;
	apply_ok(&ev);
}

static void people(int count, int64_t t)
{
	struct event ev;

	event_init(&ev, EVENT_PEOPLE, t);
	ev.count = count;
	apply_ok(&ev);
}

static void issue(int64_t t)
{
	struct event ev;

	event_init(&ev, EVENT_TICKET_ISSUE, t);
	snprintf(ev.category, sizeof(ev.category), "A");
	ev.number = office_next_number(o, 0);
	apply_ok(&ev);
}

static int teardown(void **state)
{
	(void)state;
	office_free(o);
	o = NULL;
	return 0;
}

/*
 * A ticket a minute from 08:30 and nobody called; each holder alone at the
 * door. With @leave, the holders of minutes 0, 4, ..., 28 walk out 25
 * minutes after their ticket: 8 gone by 09:30. Return: whether the count
 * spoke at 09:30, with *@sig.
 */
static bool hour_of_tickets(int32_t day, bool leave, struct door_signal *sig)
{
	bool spoke = false;

	open_day(day);
	for (int m = 0; m <= 60; m++) {
		int64_t t = at(day, m);

		if (m < 60) {
			people(1, t);
			issue(t);
		}
		if (leave && m >= 25 && m <= 53 && (m - 25) % 4 == 0)
			people(-1, t);
		spoke = door_fit_update(&fit, o, t, no_away, sig);
		if (m >= 20 && !spoke) /* 4 samples by then */
			fail_msg("%02d:%02d: the count said nothing (%d samples, untrusted %d)",
				 8 + (30 + m) / 60, (30 + m) % 60, fit.n, fit.untrusted);
	}
	return spoke;
}

static void test_gone_counted(void **state)
{
	struct door_signal sig;

	(void)state;
	assert_true(hour_of_tickets(DAY, true, &sig));
	if (!(fabs(sig.gone - 8.0) < 2.5) || !(sig.hazard > 0.0))
		fail_msg("8 walked out: the count says %g, hazard %g", sig.gone, sig.hazard);
	assert_true(sig.var > 0.0 && isfinite(sig.var));
	/* The next day starts over, and nobody leaves. */
	assert_true(hour_of_tickets(DAY + 1, false, &sig));
	if (!(fabs(sig.gone) < 1.0) || !(sig.hazard < 1e-3))
		fail_msg("nobody walked out: the count says %g, hazard %g", sig.gone, sig.hazard);
}

static void test_first_samples_silent(void **state)
{
	struct door_signal sig = { .gone = -7.0 };

	(void)state;
	open_day(DAY);
	for (int m = 0; m < 15; m++) {
		people(1, at(DAY, m));
		issue(at(DAY, m));
		assert_false(door_fit_update(&fit, o, at(DAY, m), no_away, &sig));
	}
	assert_true(sig.gone == -7.0); /* untouched */
}

/* A count that cannot be right is not used again that day. */
static void test_untrusted(void **state)
{
	struct door_signal sig;
	struct event ev;

	(void)state;
	/* No door events at all. */
	open_day(DAY);
	for (int m = 0; m < 40; m++) {
		issue(at(DAY, m));
		assert_false(door_fit_update(&fit, o, at(DAY, m), no_away, &sig));
	}
	/* A working count, then a reset: silent for the rest of the day. */
	assert_true(hour_of_tickets(DAY + 1, true, &sig));
	event_init(&ev, EVENT_OCCUPANCY_RESET, at(DAY + 1, 61));
	ev.count = -1;
	apply_ok(&ev);
	assert_false(door_fit_update(&fit, o, at(DAY + 1, 61), no_away, &sig));
	/* A count clamped at 0. */
	assert_true(hour_of_tickets(DAY + 2, false, &sig));
	people(-(o->occupancy + 1), at(DAY + 2, 61));
	people(1, at(DAY + 2, 61));
	assert_false(door_fit_update(&fit, o, at(DAY + 2, 62), no_away, &sig));
	people(40, at(DAY + 2, 62));
	assert_false(door_fit_update(&fit, o, at(DAY + 2, 63), no_away, &sig));
	/* A sensor fault, cleared again: still silent that day. */
	assert_true(hour_of_tickets(DAY + 3, false, &sig));
	event_init(&ev, EVENT_SENSOR, at(DAY + 3, 61));
	snprintf(ev.sensor, sizeof(ev.sensor), "beams");
	ev.ok = false;
	apply_ok(&ev);
	assert_false(door_fit_update(&fit, o, at(DAY + 3, 61), no_away, &sig));
	ev.ok = true;
	ev.at = at(DAY + 3, 62);
	apply_ok(&ev);
	assert_false(door_fit_update(&fit, o, at(DAY + 3, 62), no_away, &sig));
	/* Nobody counted inside while holders wait (ins and outs both counted). */
	open_day(DAY + 4);
	for (int m = 0; m < 10; m++) {
		people(1, at(DAY + 4, m));
		people(-1, at(DAY + 4, m));
		issue(at(DAY + 4, m));
	}
	assert_false(door_fit_update(&fit, o, at(DAY + 4, 10), no_away, &sig));
	/* A new day with a working count speaks again. */
	assert_true(hour_of_tickets(DAY + 7, true, &sig));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_gone_counted, teardown),
		cmocka_unit_test_teardown(test_first_samples_silent, teardown),
		cmocka_unit_test_teardown(test_untrusted, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
