/* SPDX-License-Identifier: MIT */
/* Unit tests of the simulator: scenario files, thinning, service times, the day. */
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
#include "core/office.h"
#include "core/rng.h"
#include "sim/engine.h"
#include "sim/scenario.h"

/* A small office: two categories, three windows, one on a lunch break. */
static const char small[] =
	"{\n"
	"  \"name\": \"small\",\n"
	"  \"start\": \"2026-11-24\",\n"
	"  \"weekdays\": [1, 2, 3, 4, 5],\n"
	"  \"hours\": { \"open\": \"08:30\", \"close\": \"18:00\" },\n"
	"  \"last_ticket\": \"17:00\",\n"
	"  \"profile\": [[\"08:30\", 1], [\"12:00\", 3], [\"13:00\", 1], [\"17:00\", 0]],\n"
	"  \"opening_queue\": 5,\n"
	"  \"reservations\": { \"slot_minutes\": 30, \"from\": \"09:00\", \"until\": \"16:00\" },\n"
	"  \"categories\": [\n"
	"    { \"id\": \"A\", \"per_day\": 80, \"service\": { \"mean\": 4, \"cv\": 0.7 },\n"
	"      \"no_show\": 0.05, \"patience\": 60 },\n"
	"    { \"id\": \"B\", \"per_day\": 20, \"service\": { \"mean\": 12, \"cv\": 1 },\n"
	"      \"reservations_per_day\": 3 }\n"
	"  ],\n"
	"  \"windows\": [\n"
	"    { \"id\": \"1\", \"categories\": [\"A\"], \"rule\": \"fifo\" },\n"
	"    { \"id\": \"2\", \"categories\": [\"A\", \"B\"], \"breaks\": [[\"12:00\", \"13:00\"]] },\n"
	"    { \"id\": \"3\", \"categories\": [\"B\"], \"rule\": \"priority\" }\n"
	"  ]\n"
	"}\n";

static struct sim_scenario sc;

static void load_small(void)
{
	struct sim_errors errs;
	int rc = sim_scenario_parse(small, strlen(small), "small.json", &sc, &errs);

	for (int i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.e[i]);
	assert_int_equal(rc, 0);
}

static void test_parse_small(void **state)
{
	(void)state;
	load_small();
	assert_string_equal(sc.name, "small");
	assert_int_equal(sc.cfg.n_categories, 2);
	assert_int_equal(sc.cfg.n_windows, 3);
	assert_int_equal(sc.cfg.windows[1].n_breaks, 1);
	assert_int_equal(sc.cfg.windows[1].breaks[0].start, 12 * 60);
	assert_int_equal(sc.cfg.windows[0].rule, CONFIG_RULE_FIFO);
	assert_int_equal(sc.cfg.windows[1].rule, CONFIG_RULE_LONGEST);
	assert_int_equal(sc.cfg.hours[2].spans[0].start, 8 * 60 + 30);
	assert_int_equal(sc.cfg.hours[0].n, 0);
	assert_int_equal(sc.start, 20261124);
	assert_int_equal(sc.cfg.utc_offset_minutes, 540);
	assert_true(fabs(sc.cfg.categories[1].service_minutes - 12) < 1e-9);
	assert_int_equal(sc.last_ticket, 17 * 60);
}

/* Each case: a change to the small scenario and the error it must give. */
static const struct {
	const char *from, *to, *error;
} parse_cases[] = {
	{ "\"per_day\": 80,", "\"per_day\": 80,,", "small.json:11:32: string or" },
	{ "\"cv\": 0.7", "\"cv\": -1", "small.json: $.categories[0].service.cv: -1 is outside" },
	{ "\"no_show\": 0.05", "\"no_shw\": 0.05",
	  "small.json: $.categories[0].no_shw: unknown key" },
	{ "[\"12:00\", \"13:00\"]", "[\"12:00\", \"25:00\"]",
	  "small.json: $.windows[1].breaks[0][1]: must be a time" },
	{ "[\"12:00\", \"13:00\"]", "[\"13:00\", \"12:00\"]",
	  "small.json: $.windows[1].breaks[0]: ends before it starts" },
	{ "\"categories\": [\"B\"]", "\"categories\": [\"Z\"]",
	  "small.json: $.windows[2].categories[0]: is not the id of a category" },
	{ "{ \"id\": \"3\"", "{ \"id\": \"1\"", "small.json: $.windows[2]: duplicate id \"1\"" },
	{ "\"hours\": { \"open\": \"08:30\", \"close\": \"18:00\" },", "",
	  "small.json: $.hours: is missing" },
	{ "\"rule\": \"fifo\"", "\"rule\": \"random\"",
	  "small.json: $.windows[0].rule: must be \"fifo\", \"longest\" or \"priority\"" },
	{ "[\"12:00\", 3], [\"13:00\", 1]", "[\"13:00\", 3], [\"12:00\", 1]",
	  "small.json: $.profile[2][1]: times must increase" },
	{ "\"name\": \"small\",", "\"name\": \"small\", \"name\": \"twice\",", "small.json:2:" },
	{ "\"start\": \"2026-11-24\"", "\"start\": \"24.11.2026\"",
	  "small.json: $.start: must be a date" },
	{ "\"last_ticket\": \"17:00\"", "\"last_ticket\": \"19:00\"",
	  "small.json: $.last_ticket: must be after hours.open and not after hours.close" },
};

static void test_parse_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		char buf[sizeof(small) + 256];
		const char *at = strstr(small, parse_cases[i].from);
		struct sim_errors errs;
		bool found = false;

		assert_non_null(at);
		snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - small), small, parse_cases[i].to,
			 at + strlen(parse_cases[i].from));
		assert_int_equal(sim_scenario_parse(buf, strlen(buf), "small.json", &sc, &errs),
				 -1);
		for (int k = 0; k < errs.n; k++) {
			if (strncmp(errs.e[k], parse_cases[i].error,
				    strlen(parse_cases[i].error)) == 0)
				found = true;
		}
		if (!found) {
			fprintf(stderr, "case %zu: wanted \"%s\", got:\n", i, parse_cases[i].error);
			for (int k = 0; k < errs.n; k++)
				fprintf(stderr, "  %s\n", errs.e[k]);
		}
		assert_true(found);
	}
}

static void test_parse_collects_all(void **state)
{
	static const char bad[] = "{ \"name\": 5, \"hours\": { \"open\": \"x\" }, \"bogus\": 1,"
				  " \"categories\": [], \"windows\": [] }";
	struct sim_errors errs;

	(void)state;
	assert_int_equal(sim_scenario_parse(bad, strlen(bad), "bad.json", &sc, &errs), -1);
	assert_true(errs.n >= 5);
}

static void test_shipped_scenarios_parse(void **state)
{
	static const char *const files[] = {
		"sim/scenarios/normal.json",	    "sim/scenarios/monday.json",
		"sim/scenarios/after_holiday.json", "sim/scenarios/march_peak.json",
		"sim/scenarios/branch.json",	    "sim/scenarios/mms.json",
		"sim/scenarios/demo.json",
	};
	struct sim_errors errs;

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int rc = sim_scenario_load(files[i], &sc, &errs);

		for (int k = 0; k < errs.n; k++)
			fprintf(stderr, "%s\n", errs.e[k]);
		assert_int_equal(rc, 0);
	}
}

/* Arrival counts per profile piece, over many days, match the rate's integral. */
static void test_thinning_follows_profile(void **state)
{
	static double times[OFFICE_MAX_TICKETS];
	const int days = 400;
	const int edges[] = { 8 * 60 + 30, 12 * 60, 13 * 60, 17 * 60 };
	double count[3] = { 0 };
	struct rng r;

	(void)state;
	load_small();
	rng_seed(&r, 7);
	for (int d = 0; d < days; d++) {
		int n = sim_arrivals_draw(&sc, 0, 2, &r, times, OFFICE_MAX_TICKETS);

		for (int i = 0; i < n; i++) {
			assert_true(times[i] >= edges[0] && times[i] < edges[3]);
			assert_true(i == 0 || times[i] >= times[i - 1]);
			for (int k = 0; k < 3; k++) {
				if (times[i] >= edges[k] && times[i] < edges[k + 1])
					count[k]++;
			}
		}
	}
	for (int k = 0; k < 3; k++) {
		/* Expected: per_day 80 over weights 1 x 210 min, 3 x 60, 1 x 240 = 630. */
		double w = k == 1 ? 3 : 1;
		double expect = days * 80.0 * w * (edges[k + 1] - edges[k]) / 630.0;

		assert_true(fabs(count[k] - expect) < 4 * sqrt(expect));
	}
	/* The rate itself: per minute, at noon three times that of the morning. */
	assert_true(fabs(sim_scenario_rate(&sc, 0, 2, 12 * 60 + 5) -
			 3 * sim_scenario_rate(&sc, 0, 2, 9 * 60)) < 1e-12);
	assert_true(sim_scenario_rate(&sc, 0, 2, 17 * 60) == 0);
	assert_true(sim_scenario_rate(&sc, 0, 0, 10 * 60) == 0); /* Sunday: closed */
}

static void check_service(int c, double mean, double cv)
{
	const int n = 200000;
	double s = 0, s2 = 0, m, v;
	struct rng r;

	rng_seed(&r, 11);
	for (int i = 0; i < n; i++) {
		double x = sim_service_draw(&sc, c, &r);

		assert_true(x > 0);
		s += x;
		s2 += x * x;
	}
	m = s / n;
	v = s2 / n - m * m;
	assert_true(fabs(m - mean) < 0.01 * mean);
	assert_true(fabs(sqrt(v) / m - cv) < 0.03 * cv);
}

static void test_service_times(void **state)
{
	(void)state;
	load_small();
	check_service(0, 4, 0.7);
	check_service(1, 12, 1.0);
	sc.cat[1].service_dist = SIM_DIST_EXPONENTIAL;
	check_service(1, 12, 1.0);
}

/* A digest of every event of a day, for comparing runs. */
struct digest {
	uint64_t h;
	int events, calls, issued, people_in;
	bool call_at_closed_window;
};

static int digest_sink(void *ctx, const struct office *o, const struct event *ev)
{
	struct digest *d = ctx;
	const unsigned char *p = (const unsigned char *)ev;

	for (size_t i = 0; i < sizeof(*ev); i++)
		d->h = (d->h ^ p[i]) * 1099511628211ULL;
	d->events++;
	if (ev->type == EVENT_TICKET_ISSUE)
		d->issued++;
	if (ev->type == EVENT_PEOPLE && ev->count > 0)
		d->people_in++;
	if (ev->type == EVENT_TICKET_CALL) {
		int w = config_window_index(o->cfg, ev->window);

		d->calls++;
		if (!o->windows[w].open)
			d->call_at_closed_window = true;
	}
	return 0;
}

static void run_day(uint64_t seed, struct digest *dg, struct office **out)
{
	struct office *o = office_new(&sc.cfg);
	struct sim_day *d;
	char err[256] = "";

	memset(dg, 0, sizeof(*dg));
	dg->h = 1469598103934665603ULL;
	assert_non_null(o);
	d = sim_day_new(&sc, o, 20261124, seed, digest_sink, dg);
	assert_non_null(d);
	if (sim_day_run(d, err, sizeof(err)))
		fail_msg("day failed: %s", err);
	sim_day_free(d);
	if (out)
		*out = o;
	else
		office_free(o);
}

static void test_day_deterministic(void **state)
{
	struct digest a, b, c;

	(void)state;
	load_small();
	run_day(42, &a, NULL);
	run_day(42, &b, NULL);
	run_day(43, &c, NULL);
	assert_true(a.h == b.h);
	assert_int_equal(a.events, b.events);
	assert_true(a.h != c.h);
}

static void test_day_drives_office(void **state)
{
	struct office *o;
	struct digest dg;
	int ended = 0, walk_ins = 0;

	(void)state;
	load_small();
	run_day(5, &dg, &o);
	assert_false(o->day_open);
	assert_int_equal(o->day, 20261124);
	/* About 100 walk-ins, 5 at the door, a few reservations. */
	assert_true(dg.issued > 60 && dg.issued < 160);
	assert_int_equal(dg.issued, o->n_tickets);
	assert_false(dg.call_at_closed_window);
	assert_true(dg.people_in >= dg.issued);
	assert_int_equal(o->occupancy, 0); /* everyone has left */
	for (int t = 0; t < o->n_tickets; t++) {
		const struct office_ticket *tk = &o->tickets[t];

		walk_ins += tk->reservation < 0;
		if (tk->state == TICKET_DONE || tk->state == TICKET_NO_SHOW)
			ended++;
		assert_true(tk->state != TICKET_WAITING && tk->state != TICKET_CALLED);
	}
	/* Nobody is left waiting when the day ends after the last ticket. */
	assert_int_equal(ended, o->n_tickets);
	assert_true(walk_ins < o->n_tickets || sc.cat[1].reservations_per_day == 0);
	assert_int_equal(dg.calls, o->n_tickets);
	office_free(o);
}

/*
 * The door in the simulator: with no companions and no visitors, the people
 * inside are exactly the ticket holders who have come and not yet gone out
 * (an away holder a minute after the ticket, one who gives up when patience
 * runs out unless called before, a served one leave_minutes after done).
 */
struct door_check {
	struct sim_day *day;
	int64_t prev_at;
	int prev_occupancy;
	bool open;
	int checks, mismatches, gave_up, served_patient;
};

static int inside_at(const struct sim_day *day, const struct office *o, int64_t at)
{
	int64_t leave = (int64_t)llround(sc.leave_minutes * 60000.0);
	int n = 0;

	for (int t = 0; t < o->n_tickets; t++) {
		const struct office_ticket *tk = &o->tickets[t];
		const struct sim_ticket *st = sim_day_ticket(day, t);
		int64_t called = tk->called_at > 0 && tk->called_at <= at ? tk->called_at : 0;

		if (tk->issued_at > at)
			continue;
		if (st->away && at >= tk->issued_at + 60000)
			continue;
		if (st->leaves_at <= at && (called == 0 || called >= st->leaves_at))
			continue;
		if (tk->state == TICKET_DONE && tk->ended_at + leave <= at)
			continue;
		n++;
	}
	return n;
}

static int door_sink(void *ctx, const struct office *o, const struct event *ev)
{
	struct door_check *dc = ctx;

	if (dc->open && ev->at > dc->prev_at) {
		dc->checks++;
		if (dc->prev_occupancy != inside_at(dc->day, o, dc->prev_at))
			dc->mismatches++;
	}
	dc->open = o->day_open && ev->type != EVENT_DAY_CLOSE;
	dc->prev_at = ev->at;
	dc->prev_occupancy = o->occupancy;
	return 0;
}

static void test_day_door_count(void **state)
{
	static const char *const from = "  \"opening_queue\": 5,\n";
	char text[sizeof(small) + 200];
	const char *p = strstr(small, from);
	struct sim_errors errs;
	struct door_check dc = { 0 };
	struct office *o;
	char err[256] = "";

	(void)state;
	assert_non_null(p);
	/* The small office, busier, with nobody but ticket holders at the door. */
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(p - small), small,
		 "  \"opening_queue\": 40,\n"
		 "  \"door\": { \"companions\": 0, \"visitors\": 0, \"leave_minutes\": 1 },\n",
		 p + strlen(from));
	assert_int_equal(sim_scenario_parse(text, strlen(text), "door.json", &sc, &errs), 0);
	o = office_new(&sc.cfg);
	assert_non_null(o);
	dc.day = sim_day_new(&sc, o, 20261124, 7, door_sink, &dc);
	assert_non_null(dc.day);
	if (sim_day_run(dc.day, err, sizeof(err)))
		fail_msg("day failed: %s", err);
	for (int t = 0; t < o->n_tickets; t++) {
		const struct office_ticket *tk = &o->tickets[t];
		const struct sim_ticket *st = sim_day_ticket(dc.day, t);

		if (st->away || st->leaves_at == INT64_MAX)
			continue;
		if (tk->called_at == 0 || tk->called_at >= st->leaves_at)
			dc.gave_up++;
		else
			dc.served_patient++;
	}
	/* Both kinds of walk-in with a patience happened, and the count followed them. */
	assert_true(dc.gave_up > 5);
	assert_true(dc.served_patient > 20);
	assert_true(dc.checks > 200);
	assert_int_equal(dc.mismatches, 0);
	assert_int_equal(o->people_in, o->people_out);
	sim_day_free(dc.day);
	office_free(o);
}

static void test_next_date(void **state)
{
	(void)state;
	load_small();
	assert_int_equal(sim_scenario_next_date(&sc, 20261128), 20261130); /* Sat -> Mon */
	assert_int_equal(sim_scenario_next_date(&sc, 20261124), 20261124);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_small),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_collects_all),
		cmocka_unit_test(test_shipped_scenarios_parse),
		cmocka_unit_test(test_thinning_follows_profile),
		cmocka_unit_test(test_service_times),
		cmocka_unit_test(test_day_deterministic),
		cmocka_unit_test(test_day_drives_office),
		cmocka_unit_test(test_day_door_count),
		cmocka_unit_test(test_next_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
