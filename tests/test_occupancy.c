/* SPDX-License-Identifier: MIT */
/*
 * Occupancy corrections: which events are journalled, and that the office
 * fold of them matches the module's own count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/civil.h"
#include "core/occupancy.h"
#include "core/office.h"

#define DAY 20261123 /* a Monday */
#define MIN 60000LL

static struct config cfg;

/* Office hours 08:30-17:15 on weekdays, UTC+09:00, grace 10 s. */
static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.utc_offset_minutes = 540;
	for (int d = 0; d < 7; d++) {
		cfg.hours[d].n = d == 0 || d == 6 ? 0 : 1;
		cfg.hours[d].spans[0].start = 8 * 60 + 30;
		cfg.hours[d].spans[0].end = 17 * 60 + 15;
	}
	cfg.door_grace_s = 10;
	cfg.capacity = 40;
	return 0;
}

static int64_t at(int hour, int minute)
{
	return civil_to_ms(DAY, hour * 60 + minute, cfg.utc_offset_minutes);
}

/* Feeds @ev to @o, checking that it is applied. */
static void apply(struct office *o, const struct event *ev)
{
	struct office_error err;
	assert_int_equal(office_apply(o, ev, &err), 0);
}

static void test_no_door(void **state)
{
	(void)state;
	struct occupancy occ;
	struct event ev;
	occupancy_init(&occ, &cfg, false);
	assert_int_equal(occupancy_door(&occ, false, at(9, 0), &ev), 0);
	assert_int_equal(occupancy_crossing(&occ, 1, at(9, 1), &ev), 1);
	assert_int_equal(ev.type, EVENT_PEOPLE);
	assert_int_equal(ev.count, 1);
	assert_true(ev.at == at(9, 1));
	assert_int_equal(occ.count, 1);
	assert_int_equal(occupancy_crossing(&occ, 0, at(9, 2), &ev), 0);
}

static void test_never_below_zero(void **state)
{
	(void)state;
	struct occupancy occ;
	struct event ev;
	occupancy_init(&occ, &cfg, false);
	assert_int_equal(occupancy_crossing(&occ, -1, at(9, 0), &ev), 1);
	assert_int_equal(ev.count, -1);
	assert_int_equal(occ.count, 0);
	assert_int_equal(occ.today.clamped, 1);
	assert_int_equal(occ.today.outs, 1);
	assert_int_equal(occupancy_crossing(&occ, 1, at(9, 1), &ev), 1);
	assert_int_equal(occ.count, 1);
}

/* Crossings while the door is shut count only within the grace. */
static void test_door_closed(void **state)
{
	(void)state;
	struct occupancy occ;
	struct event ev;
	occupancy_init(&occ, &cfg, true);
	/* The door counts as open until it reads otherwise: no change, no event. */
	assert_int_equal(occupancy_door(&occ, true, at(9, 0), &ev), 0);
	assert_int_equal(occupancy_crossing(&occ, 1, at(9, 1), &ev), 1);
	int64_t shut = at(9, 2);
	assert_int_equal(occupancy_door(&occ, false, shut, &ev), 1);
	assert_int_equal(ev.type, EVENT_DOOR);
	assert_false(ev.open);
	/* Someone still clearing the beams as the door swings shut. */
	assert_int_equal(occupancy_crossing(&occ, 1, shut + 9000, &ev), 1);
	assert_int_equal(occupancy_crossing(&occ, 1, shut + 10000, &ev), 1);
	/* The door shut: beams firing now are the cleaner's mop, a reflection... */
	assert_int_equal(occupancy_crossing(&occ, 1, shut + 10001, &ev), 0);
	assert_int_equal(occupancy_crossing(&occ, -1, shut + 60000, &ev), 0);
	assert_int_equal(occ.today.ignored, 2);
	assert_int_equal(occ.count, 3);
	assert_int_equal(occupancy_door(&occ, true, shut + 70000, &ev), 1);
	assert_true(ev.open);
	assert_int_equal(occupancy_crossing(&occ, -1, shut + 71000, &ev), 1);
	assert_int_equal(occ.count, 2);
}

/* After hours, door shut and quiet for 30 minutes: reset. */
static void test_idle_reset(void **state)
{
	(void)state;
	struct occupancy occ;
	struct event ev;
	occupancy_init(&occ, &cfg, true);
	occupancy_door(&occ, true, at(8, 30), &ev);
	occupancy_crossing(&occ, 1, at(16, 0), &ev);
	occupancy_crossing(&occ, 1, at(16, 1), &ev);
	/* Door open: nothing is due, whatever the hour. */
	assert_true(occupancy_due(&occ) == OCCUPANCY_NEVER);
	assert_int_equal(occupancy_advance(&occ, at(23, 0), &ev), 0);
	occupancy_door(&occ, false, at(16, 30), &ev);
	/* Quiet from 16:30, but the office is open until 17:15. */
	assert_true(occupancy_due(&occ) == at(17, 15));
	assert_int_equal(occupancy_advance(&occ, at(17, 14), &ev), 0);
	assert_int_equal(occupancy_advance(&occ, at(17, 15), &ev), 1);
	assert_int_equal(ev.type, EVENT_OCCUPANCY_RESET);
	assert_int_equal(ev.count, -2);
	assert_int_equal(occ.count, 0);
	assert_int_equal(occ.today.correction, -2);
	assert_true(occupancy_due(&occ) == OCCUPANCY_NEVER);

	/* Quiet after hours: the reset comes 30 minutes after the last activity. */
	occupancy_door(&occ, true, at(18, 0), &ev);
	occupancy_crossing(&occ, 1, at(18, 1), &ev);
	occupancy_door(&occ, false, at(18, 2), &ev);
	assert_true(occupancy_due(&occ) == at(18, 32));
	assert_int_equal(occupancy_advance(&occ, at(18, 31), &ev), 0);
	assert_int_equal(occupancy_advance(&occ, at(18, 32), &ev), 1);
	assert_int_equal(ev.count, -1);
	assert_int_equal(occ.today.resets, 2);
}

/* A simulated day: the day closes at 0 with the correction on record, and
 * the office's fold agrees with the module at every step. */
static void test_day(void **state)
{
	(void)state;
	struct office *o = office_new(&cfg);
	assert_non_null(o);
	struct occupancy occ;
	struct event ev;
	occupancy_init(&occ, &cfg, true);
	if (occupancy_door(&occ, true, at(8, 30), &ev))
		apply(o, &ev);
	assert_int_equal(occupancy_door(&occ, true, at(8, 30), &ev), 0);
	/* 40 in, 37 out: three outs missed (a pair, a beam swing). */
	int64_t t = at(8, 31);
	for (int i = 0; i < 40; i++) {
		if (occupancy_crossing(&occ, 1, t, &ev))
			apply(o, &ev);
		t += 5 * MIN;
		if (i >= 3 && occupancy_crossing(&occ, -1, t, &ev))
			apply(o, &ev);
		assert_int_equal(o->occupancy, occ.count);
	}
	assert_int_equal(o->occupancy, 3);
	assert_int_equal(occupancy_percent(o->occupancy, cfg.capacity), 8);
	assert_int_equal(occupancy_day_close(&occ, at(23, 59), &ev), 1);
	apply(o, &ev);
	assert_int_equal(o->occupancy, 0);
	assert_int_equal(o->occupancy_corrections, -3);
	assert_int_equal(o->people_in, 40);
	assert_int_equal(o->people_out, 37);
	assert_int_equal(occ.today.correction, -3);
	/* Nothing left to close. */
	assert_int_equal(occupancy_day_close(&occ, at(23, 59), &ev), 0);
	occupancy_day_open(&occ);
	assert_int_equal(occ.today.ins, 0);
	office_free(o);
}

static void test_restore(void **state)
{
	(void)state;
	struct occupancy occ;
	struct event ev;
	occupancy_init(&occ, &cfg, true);
	occupancy_restore(&occ, 5, false, at(19, 0));
	assert_int_equal(occ.count, 5);
	assert_false(occ.door_open);
	assert_int_equal(occupancy_crossing(&occ, 1, at(19, 1), &ev), 0);
	assert_int_equal(occupancy_advance(&occ, at(19, 30), &ev), 1);
	assert_int_equal(ev.count, -5);
}

static void test_percent(void **state)
{
	(void)state;
	assert_int_equal(occupancy_percent(10, 0), -1);
	assert_int_equal(occupancy_percent(0, 40), 0);
	assert_int_equal(occupancy_percent(-2, 40), 0);
	assert_int_equal(occupancy_percent(20, 40), 50);
	assert_int_equal(occupancy_percent(50, 40), 125);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_door, setup),
		cmocka_unit_test_setup(test_never_below_zero, setup),
		cmocka_unit_test_setup(test_door_closed, setup),
		cmocka_unit_test_setup(test_idle_reset, setup),
		cmocka_unit_test_setup(test_day, setup),
		cmocka_unit_test_setup(test_restore, setup),
		cmocka_unit_test_setup(test_percent, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
