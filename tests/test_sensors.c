/* SPDX-License-Identifier: MIT */
/*
 * The sensor path end to end on the simulated source, in virtual time:
 * commands → simulated edges → counters → occupancy → events → office.
 * Also the start-up error for a missing chip (real libgpiod, no GPIO needed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/civil.h"
#include "tests/sensors/fixture.h"

static struct config cfg;
static struct event evs[SENSORS_OUT_MAX];

static int64_t at(int hh, int mm)
{
	return civil_to_ms(FIXTURE_DAY, hh * 60 + mm, 540);
}

/* Runs the path from its current time to @until, waking when it asks to. */
static void run_until(struct sensors *s, struct office *o, int64_t until, struct fixture_tally *t)
{
	int64_t last = INT64_MIN;
	int same = 0;
	for (;;) {
		int64_t due = sensors_due(s);
		if (due > until)
			break;
		/* Due at the same time again and again would be a busy loop. */
		same = due == last ? same + 1 : 0;
		assert_true(same < 1000);
		last = due;
		fixture_apply(o, evs, sensors_process(s, due, evs, SENSORS_OUT_MAX), t);
	}
	fixture_apply(o, evs, sensors_process(s, until, evs, SENSORS_OUT_MAX), t);
}

static void command(struct sensors *s, const char *cmd, int64_t now)
{
	char err[128] = "";
	if (sensors_command(s, cmd, now, err, sizeof(err)) < 0)
		fail_msg("%s: %s", cmd, err);
}

struct sim {
	struct sensors *s;
	struct office *o;
	struct fixture_tally t;
};

static int setup(void **state)
{
	static struct sim sim;
	char err[256];
	fixture_config(&cfg, "sim");
	memset(&sim, 0, sizeof(sim));
	sim.o = office_new(&cfg);
	assert_non_null(sim.o);
	fixture_day_open(sim.o, at(8, 30));
	sim.s = sensors_open_sim(&cfg, at(8, 30), -1, err, sizeof(err));
	assert_non_null(sim.s);
	*state = &sim;
	return 0;
}

static int teardown(void **state)
{
	struct sim *sim = *state;
	sensors_close(sim->s);
	office_free(sim->o);
	return 0;
}

static void test_walk(void **state)
{
	struct sim *sim = *state;
	command(sim->s, "walk in 20", at(9, 0));
	run_until(sim->s, sim->o, at(9, 10), &sim->t);
	command(sim->s, "walk out 15", at(9, 10));
	run_until(sim->s, sim->o, at(9, 20), &sim->t);
	assert_int_equal(sim->t.in, 20);
	assert_int_equal(sim->t.out, 15);
	assert_int_equal(sim->o->occupancy, 5);
	assert_int_equal(sim->t.faults, 0);
	assert_int_equal(sim->t.refused, 0);
	struct sensors_stats st;
	sensors_stats_get(sim->s, &st);
	assert_non_null(st.beams);
	assert_int_equal(st.beams->ins, 20);
	assert_true(st.edges >= 4 * 35); /* every crossing has at least 4 edges */
}

/* A loop that wakes late gets many edges at once: same counts. */
static void test_late_wakeup(void **state)
{
	struct sim *sim = *state;
	command(sim->s, "walk in 20", at(9, 0));
	command(sim->s, "walk out 20", at(9, 5));
	int calls = 0;
	while (sensors_due(sim->s) <= at(9, 30) && calls < 10000) {
		fixture_apply(sim->o, evs, sensors_process(sim->s, at(9, 30), evs, SENSORS_OUT_MAX),
			      &sim->t);
		calls++;
	}
	assert_true(calls > 1); /* it took several calls */
	assert_int_equal(sim->t.in, 20);
	assert_int_equal(sim->t.out, 20);
}

static void test_buttons(void **state)
{
	struct sim *sim = *state;
	/* Call with nobody waiting: nothing to do. */
	command(sim->s, "press call W1", at(9, 0));
	run_until(sim->s, sim->o, at(9, 1), &sim->t);
	assert_int_equal(sim->t.unresolved, 1);
	command(sim->s, "press ticket A", at(9, 1));
	run_until(sim->s, sim->o, at(9, 2), &sim->t);
	command(sim->s, "press ticket A", at(9, 2));
	run_until(sim->s, sim->o, at(9, 3), &sim->t);
	assert_int_equal(sim->t.issued, 2);
	assert_int_equal(sim->o->n_tickets, 2);
	assert_string_equal(sim->o->tickets[1].label, "A-002");
	command(sim->s, "press call W1", at(9, 3));
	run_until(sim->s, sim->o, at(9, 4), &sim->t);
	command(sim->s, "press recall W1", at(9, 4));
	run_until(sim->s, sim->o, at(9, 5), &sim->t);
	assert_int_equal(sim->t.called, 1);
	assert_int_equal(sim->t.recalled, 1);
	assert_int_equal(sim->o->tickets[0].state, TICKET_CALLED);
	assert_int_equal(sim->o->tickets[0].recalls, 1);
	assert_int_equal(sim->t.refused, 0);
	char err[128];
	assert_int_equal(sensors_command(sim->s, "press ticket Z", at(9, 5), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "ticket"));
}

/* A button held down for a minute issues one ticket. */
static void test_button_held(void **state)
{
	struct sim *sim = *state;
	simgpio_press(sensors_sim(sim->s), 3, at(9, 0), 60000, 3);
	run_until(sim->s, sim->o, at(9, 2), &sim->t);
	assert_int_equal(sim->t.issued, 1);
}

static void test_door(void **state)
{
	struct sim *sim = *state;
	command(sim->s, "walk in 3", at(9, 0));
	run_until(sim->s, sim->o, at(9, 1), &sim->t);
	command(sim->s, "door close", at(9, 1));
	run_until(sim->s, sim->o, at(9, 2), &sim->t);
	assert_int_equal(sim->t.doors_closed, 1);
	assert_false(sim->o->door_open);
	/* Beams firing with the door shut for longer than the grace: dropped. */
	command(sim->s, "walk in 4", at(9, 2));
	run_until(sim->s, sim->o, at(9, 3), &sim->t);
	assert_int_equal(sim->t.in, 3);
	command(sim->s, "door open", at(9, 3));
	command(sim->s, "walk out 1", at(9, 3) + 100);
	run_until(sim->s, sim->o, at(9, 4), &sim->t);
	assert_int_equal(sim->t.doors_open, 1);
	assert_int_equal(sim->t.out, 1);
	assert_int_equal(sim->o->occupancy, 2);
	struct sensors_stats st;
	sensors_stats_get(sim->s, &st);
	assert_int_equal(st.today->ignored, 4);
}

/* A beam lost at run time is reported and comes back; a stuck beam too. */
static void test_faults(void **state)
{
	struct sim *sim = *state;
	command(sim->s, "lose beams", at(9, 0));
	run_until(sim->s, sim->o, at(9, 1), &sim->t);
	assert_int_equal(sim->t.faults, 1);
	assert_true(sim->o->sensor_fault);
	assert_string_equal(sim->o->sensor_fault_name, "beams");
	/* Edges of a lost line are not counted. */
	command(sim->s, "walk in 2", at(9, 1));
	run_until(sim->s, sim->o, at(9, 2), &sim->t);
	assert_int_equal(sim->t.in, 0);
	command(sim->s, "back beams", at(9, 2));
	run_until(sim->s, sim->o, at(9, 3), &sim->t);
	assert_int_equal(sim->t.recoveries, 1);
	assert_false(sim->o->sensor_fault);
	command(sim->s, "walk in 2", at(9, 3));
	run_until(sim->s, sim->o, at(9, 4), &sim->t);
	assert_int_equal(sim->t.in, 2);

	/* Two sensors lost, one back: the office still shows the other. */
	command(sim->s, "lose door", at(9, 4));
	command(sim->s, "lose beams", at(9, 4) + 10);
	run_until(sim->s, sim->o, at(9, 4) + 1000, &sim->t);
	command(sim->s, "back beams", at(9, 4) + 1000);
	run_until(sim->s, sim->o, at(9, 4) + 2000, &sim->t);
	assert_true(sim->o->sensor_fault);
	assert_string_equal(sim->o->sensor_fault_name, "door");
	command(sim->s, "back door", at(9, 4) + 2000);
	run_until(sim->s, sim->o, at(9, 4) + 3000, &sim->t);
	assert_false(sim->o->sensor_fault);
	sim->t.faults = 1;
	sim->t.recoveries = 1; /* as before this block */

	/* The outer beam blocked by a parcel for a minute. */
	simgpio_set(sensors_sim(sim->s), 1, true, at(9, 5));
	simgpio_set(sensors_sim(sim->s), 1, false, at(9, 6));
	run_until(sim->s, sim->o, at(9, 5) + 2000, &sim->t);
	assert_int_equal(sim->t.faults, 1);
	run_until(sim->s, sim->o, at(9, 5) + 3000, &sim->t);
	assert_int_equal(sim->t.faults, 2);
	assert_string_equal(sim->o->sensor_fault_name, "beams");
	run_until(sim->s, sim->o, at(9, 7), &sim->t);
	assert_int_equal(sim->t.recoveries, 2);
	assert_false(sim->o->sensor_fault);
}

/* A day: people in and out, some outs missed; the day closes at 0. */
static void test_day_close(void **state)
{
	struct sim *sim = *state;
	command(sim->s, "walk in 30", at(9, 0));
	run_until(sim->s, sim->o, at(10, 0), &sim->t);
	command(sim->s, "walk out 26", at(10, 0));
	run_until(sim->s, sim->o, at(11, 0), &sim->t);
	assert_int_equal(sim->o->occupancy, 4);
	struct event ev;
	assert_int_equal(sensors_day_close(sim->s, at(17, 15), &ev), 1);
	fixture_apply(sim->o, &ev, 1, &sim->t);
	assert_int_equal(sim->o->occupancy, 0);
	assert_int_equal(sim->o->occupancy_corrections, -4);
	assert_int_equal(sim->t.correction, -4);
}

/* Commands come in through a pipe too. */
static void test_command_fd(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	char err[128];
	struct sensors *s = sensors_open_sim(&cfg, at(8, 30), p[0], err, sizeof(err));
	assert_non_null(s);
	struct office *o = office_new(&cfg);
	fixture_day_open(o, at(8, 30));
	struct pollfd fds[SENSORS_MAX_FDS];
	assert_int_equal(sensors_fds(s, fds, SENSORS_MAX_FDS), 1);
	assert_int_equal(fds[0].fd, p[0]);
	const char *cmds = "walk in 2\npress ticket A\nbogus\n";
	assert_int_equal(write(p[1], cmds, strlen(cmds)), (ssize_t)strlen(cmds));
	struct fixture_tally t = { 0 };
	fixture_apply(o, evs, sensors_process(s, at(9, 0), evs, SENSORS_OUT_MAX), &t);
	run_until(s, o, at(9, 1), &t);
	assert_int_equal(t.in, 2);
	assert_int_equal(t.issued, 1);
	close(p[1]);
	run_until(s, o, at(9, 2), &t);
	assert_int_equal(sensors_fds(s, fds, SENSORS_MAX_FDS), 0);
	close(p[0]);
	sensors_close(s);
	office_free(o);
}

static void test_missing_chip(void **state)
{
	(void)state;
	struct config c;
	char err[256] = "";
	fixture_config(&c, "no-such-chip");
	assert_null(sensors_open(&c, 0, err, sizeof(err)));
	print_message("%s\n", err);
	assert_non_null(strstr(err, "door"));
	assert_non_null(strstr(err, "no-such-chip"));
	assert_non_null(strstr(err, "line 0"));
	/* Beams must come in pairs. */
	c.beam_inner.set = false;
	assert_null(sensors_open_sim(&c, 0, -1, err, sizeof(err)));
	assert_non_null(strstr(err, "beam_inner"));
}

/* A commercial counter with in/out pulse lines instead of beams. */
static void test_pulse_counter(void **state)
{
	(void)state;
	struct config c;
	char err[256];
	fixture_config(&c, "sim");
	c.beam_outer.set = c.beam_inner.set = false;
	c.counter_in = (struct config_line){ true, 1, "" };
	c.counter_out = (struct config_line){ true, 2, "" };
	struct sensors *s = sensors_open_sim(&c, at(8, 30), -1, err, sizeof(err));
	assert_non_null(s);
	struct office *o = office_new(&c);
	fixture_day_open(o, at(8, 30));
	struct fixture_tally t = { 0 };
	command(s, "walk in 7", at(9, 0));
	command(s, "walk out 3", at(9, 1));
	/* A pulse shorter than the debounce is noise. */
	simgpio_set(sensors_sim(s), 1, true, at(9, 2));
	simgpio_set(sensors_sim(s), 1, false, at(9, 2) + 4);
	run_until(s, o, at(9, 5), &t);
	assert_int_equal(t.in, 7);
	assert_int_equal(t.out, 3);
	assert_int_equal(o->occupancy, 4);
	struct sensors_stats st;
	sensors_stats_get(s, &st);
	assert_null(st.beams);
	sensors_close(s);
	office_free(o);
}

/* machiai.conf's [gpio] section, parsed, drives the same path. */
static void test_from_config_file(void **state)
{
	(void)state;
	static const char conf[] = "[office]\n"
				   "id = 131016-0001\n"
				   "name = みなと区役所\n"
				   "[category A]\n"
				   "name = 証明書\n"
				   "[window 1]\n"
				   "categories = A\n"
				   "[gpio]\n"
				   "chip = gpiochip9\n"
				   "door = 4\n"
				   "beam_outer = GPIO17\n"
				   "beam_inner = GPIO27\n"
				   "beam_active_low = yes\n"
				   "ticket.A = 5\n"
				   "call.1 = 13\n"
				   "recall.1 = 19\n";
	static struct config c;
	static struct config_errors errs;
	assert_int_equal(config_parse(conf, sizeof(conf) - 1, &c, &errs), 0);
	char err[256];
	assert_null(sensors_open(&c, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "gpiochip9"));
	assert_non_null(strstr(err, "line 4"));

	struct sensors *s = sensors_open_sim(&c, at(8, 30), -1, err, sizeof(err));
	assert_non_null(s);
	struct office *o = office_new(&c);
	fixture_day_open(o, at(8, 30));
	struct fixture_tally t = { 0 };
	command(s, "walk in 3", at(9, 0));
	command(s, "press ticket A", at(9, 0) + 60000);
	command(s, "press call 1", at(9, 0) + 70000);
	run_until(s, o, at(9, 5), &t);
	assert_int_equal(t.in, 3);
	assert_int_equal(t.issued, 1);
	assert_int_equal(t.called, 1);
	assert_string_equal(o->tickets[0].label, "A-001");
	sensors_close(s);
	office_free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_wakeup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buttons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_button_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_door, setup, teardown),
		cmocka_unit_test_setup_teardown(test_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_day_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command_fd, setup, teardown),
		cmocka_unit_test(test_missing_chip),
		cmocka_unit_test(test_from_config_file),
		cmocka_unit_test(test_pulse_counter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
