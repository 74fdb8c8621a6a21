/* SPDX-License-Identifier: MIT */
/* Unit tests of core/office.c: the fold of events into office state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/civil.h"
#include "core/office.h"

#define DAY 20261123 /* a Monday */
#define MIN 60000LL

static struct config cfg;

/* Local time of DAY at hh:mm, in epoch ms. */
static int64_t at(int hh, int mm)
{
	return civil_to_ms(DAY, hh * 60 + mm, 540);
}

static void set_text(char (*text)[CONFIG_NAME_MAX], const char *ja)
{
	snprintf(text[LANG_JA], CONFIG_NAME_MAX, "%s", ja);
}

static void add_category(const char *id, const char *prefix, int first, int last)
{
	struct config_category *c = &cfg.categories[cfg.n_categories++];

	snprintf(c->id, sizeof(c->id), "%s", id);
	set_text(c->name, id);
	snprintf(c->prefix, sizeof(c->prefix), "%s", prefix);
	c->digits = 3;
	c->first = first;
	c->last = last;
	c->service_minutes = 5;
}

static void add_window(const char *id, enum config_rule rule, const char *cats)
{
	struct config_window *w = &cfg.windows[cfg.n_windows++];

	snprintf(w->id, sizeof(w->id), "%s", id);
	set_text(w->label, id);
	w->rule = rule;
	w->open = true;
	for (const char *p = cats; *p; p++) {
		char id1[2] = { *p, 0 };
		w->categories[w->n_categories++] = config_category_index(&cfg, id1);
	}
}

/* Office: A (A-001..), B (B-001..), C (501..503); windows 1: A; 2: A,B fifo;
 * 3: B,A priority; 4: A,B longest; 5: C closed. Mon-Fri 08:30-17:15. */
static void setup_config(void)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.utc_offset_minutes = 540;
	for (int d = 0; d < 7; d++) {
		cfg.hours[d].n = (d == 0 || d == 6) ? 0 : 1;
		cfg.hours[d].spans[0].start = 8 * 60 + 30;
		cfg.hours[d].spans[0].end = 17 * 60 + 15;
	}
	cfg.reservation_grace_minutes = 10;
	add_category("A", "A-", 1, 999);
	add_category("B", "B-", 1, 999);
	add_category("C", "", 501, 503);
	add_window("1", CONFIG_RULE_FIFO, "A");
	add_window("2", CONFIG_RULE_FIFO, "AB");
	add_window("3", CONFIG_RULE_PRIORITY, "BA");
	add_window("4", CONFIG_RULE_LONGEST, "AB");
	add_window("5", CONFIG_RULE_FIFO, "C");
	cfg.windows[4].open = false;
}

static struct event ev_make(enum event_type type, int64_t t)
{
	struct event ev;

	event_init(&ev, type, t);
	return ev;
}

static void apply_ok(struct office *o, const struct event *ev)
{
	struct office_error err;

	if (office_apply(o, ev, &err) != 0)
		fail_msg("event %s refused: %s: %s", event_type_name(ev->type), err.code,
			 err.message);
}

static void open_day(struct office *o, int32_t day, int64_t t)
{
	struct event ev = ev_make(EVENT_DAY_OPEN, t);

	ev.day = day;
	apply_ok(o, &ev);
}

static void issue(struct office *o, const char *cat, int64_t t)
{
	struct event ev = ev_make(EVENT_TICKET_ISSUE, t);
	int c = config_category_index(&cfg, cat);

	snprintf(ev.category, sizeof(ev.category), "%s", cat);
	ev.number = office_next_number(o, c);
	apply_ok(o, &ev);
}

static void window_event(struct office *o, enum event_type type, const char *w, int64_t t)
{
	struct event ev = ev_make(type, t);

	snprintf(ev.window, sizeof(ev.window), "%s", w);
	apply_ok(o, &ev);
}

/* Calls the next ticket at window @w by its rule; returns its label. */
static const char *call_next(struct office *o, const char *w, int64_t t)
{
	struct event ev = ev_make(EVENT_TICKET_CALL, t);
	int i = office_next_ticket(o, config_window_index(&cfg, w), t);

	assert_true(i >= 0);
	snprintf(ev.window, sizeof(ev.window), "%s", w);
	snprintf(ev.ticket, sizeof(ev.ticket), "%s", o->tickets[i].label);
	apply_ok(o, &ev);
	return o->tickets[i].label;
}

static int setup(void **state)
{
	setup_config();
	*state = office_new(&cfg);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	office_free(*state);
	return 0;
}

/* Every ticket of a full day is found by its label, and only today's. */
static void test_ticket_find_full_day(void **state)
{
	struct office *o = *state;
	char label[EVENT_TICKET_MAX];

	open_day(o, DAY, at(8, 30));
	for (int k = 0; k < 999; k++) {
		issue(o, "A", at(8, 31));
		issue(o, "B", at(8, 31));
	}
	assert_int_equal(o->n_tickets, 1998);
	for (int i = 0; i < o->n_tickets; i++)
		assert_int_equal(office_ticket_find(o, o->tickets[i].label), i);
	assert_int_equal(office_ticket_find(o, "C-001"), -1);
	assert_int_equal(office_ticket_find(o, "A-1000"), -1);
	assert_int_equal(office_ticket_find(o, ""), -1);
	snprintf(label, sizeof(label), "%s", o->tickets[1234].label);
	{
		struct event ev = ev_make(EVENT_DAY_CLOSE, at(17, 15));

		ev.day = DAY;
		apply_ok(o, &ev);
	}
	open_day(o, DAY + 1, at(8, 30) + 86400000);
	assert_int_equal(office_ticket_find(o, label), -1);
	issue(o, "B", at(8, 31) + 86400000);
	assert_int_equal(office_ticket_find(o, "B-001"), 0);
}

static void test_labels(void **state)
{
	struct office *o = *state;
	char buf[EVENT_TICKET_MAX];

	office_label(o, 0, 12, buf, sizeof(buf));
	assert_string_equal(buf, "A-012");
	office_label(o, 2, 501, buf, sizeof(buf));
	assert_string_equal(buf, "501");
}

/* A realistic morning: opening, a queue, calls at several windows, a recall,
 * a no-show, service, and the resulting state. */
static void test_morning(void **state)
{
	struct office *o = *state;

	open_day(o, DAY, at(8, 30));
	for (int i = 0; i < 6; i++)
		issue(o, "A", at(8, 30) + i * MIN);
	for (int i = 0; i < 3; i++)
		issue(o, "B", at(8, 32) + i * MIN);
	assert_int_equal(office_waiting(o, 0), 6);
	assert_int_equal(office_waiting(o, 1), 3);

	assert_string_equal(call_next(o, "1", at(8, 40)), "A-001");
	assert_string_equal(call_next(o, "3", at(8, 40)), "B-001"); /* priority: B first */
	assert_string_equal(call_next(o, "2", at(8, 41)), "A-002"); /* fifo: A then B */
	window_event(o, EVENT_TICKET_RECALL, "1", at(8, 42));
	window_event(o, EVENT_TICKET_SERVE, "1", at(8, 43));
	window_event(o, EVENT_TICKET_NO_SHOW, "2", at(8, 44));
	assert_string_equal(call_next(o, "2", at(8, 44)), "B-002");
	window_event(o, EVENT_TICKET_DONE, "1", at(8, 47));
	assert_string_equal(call_next(o, "1", at(8, 47)), "A-003");
	/* longest-waiting across A and B: A-004 (08:33) before B-003 (08:34) */
	assert_string_equal(call_next(o, "4", at(8, 48)), "A-004");
	/* calling again at window 3 finishes B-001 */
	assert_string_equal(call_next(o, "3", at(8, 50)), "B-003");

	assert_int_equal(office_waiting(o, 0), 2);
	assert_int_equal(office_waiting(o, 1), 0);
	assert_int_equal(o->counts[0].issued, 6);
	assert_int_equal(o->counts[0].called, 4);
	assert_int_equal(o->counts[0].done, 1);
	assert_int_equal(o->counts[0].no_show, 1);
	assert_int_equal(o->counts[1].done, 1);
	assert_int_equal(o->tickets[0].state, TICKET_DONE);
	assert_int_equal(o->tickets[0].recalls, 1);
	assert_int_equal(o->tickets[1].state, TICKET_NO_SHOW);
	assert_string_equal(o->tickets[o->windows[0].ticket].label, "A-003");
	assert_string_equal(o->tickets[o->windows[2].ticket].label, "B-003");
	/* calls: 7 calls + 1 recall, the newest first */
	assert_int_equal(o->n_calls, OFFICE_RECENT_CALLS);
	assert_int_equal(o->call_seq, 8);
	assert_string_equal(o->tickets[o->calls[0].ticket].label, "B-003");
	assert_false(o->calls[0].recall);
	assert_true(o->calls[4].recall);
	assert_string_equal(o->tickets[o->calls[4].ticket].label, "A-001");
	assert_string_equal(o->tickets[o->calls[7].ticket].label, "A-001");
	assert_false(o->calls[7].recall);
	/* busy time of window 1: A-001 08:40-08:47 */
	assert_true(o->windows[0].busy_ms == 7 * MIN);
	assert_int_equal(o->seq, 1 + 9 + 7 + 4);
}

struct bad_case {
	const char *name;
	struct event ev;
	const char *code;
};

/* Every invalid event is refused with its code and leaves the state as it was. */
static void test_invalid_events(void **state)
{
	struct office *o = *state;
	static struct office snapshot;
	struct office_error err;
	struct bad_case cases[32];
	int n = 0;

	open_day(o, DAY, at(8, 30));
	issue(o, "A", at(8, 31));
	issue(o, "A", at(8, 32));
	issue(o, "C", at(8, 32));
	call_next(o, "1", at(8, 33));

#define CASE(nm, type, cd)                             \
	do {                                           \
		cases[n].name = nm;                    \
		cases[n].ev = ev_make(type, at(9, 0)); \
		cases[n].code = cd;                    \
	} while (0)
#define LAST (cases[n - 1].ev)
	CASE("call at a closed window", EVENT_TICKET_CALL, "window_closed");
	n++;
	snprintf(LAST.window, sizeof(LAST.window), "5");
	snprintf(LAST.ticket, sizeof(LAST.ticket), "501");
	CASE("call at an unknown window", EVENT_TICKET_CALL, "unknown_window");
	n++;
	snprintf(LAST.window, sizeof(LAST.window), "9");
	snprintf(LAST.ticket, sizeof(LAST.ticket), "A-002");
	CASE("call an unknown ticket", EVENT_TICKET_CALL, "unknown_ticket");
	n++;
	snprintf(LAST.window, sizeof(LAST.window), "2");
	snprintf(LAST.ticket, sizeof(LAST.ticket), "A-077");
	CASE("call a ticket already called", EVENT_TICKET_CALL, "bad_state");
	n++;
	snprintf(LAST.window, sizeof(LAST.window), "2");
	snprintf(LAST.ticket, sizeof(LAST.ticket), "A-001");
	CASE("call a category the window does not serve", EVENT_TICKET_CALL, "wrong_window");
	n++;
	snprintf(LAST.window, sizeof(LAST.window), "1");
	snprintf(LAST.ticket, sizeof(LAST.ticket), "501");
	CASE("issue a duplicate number", EVENT_TICKET_ISSUE, "duplicate_number");
	n++;
	snprintf(LAST.category, sizeof(LAST.category), "A");
	LAST.number = 2;
	CASE("issue outside the range", EVENT_TICKET_ISSUE, "bad_number");
	n++;
	snprintf(LAST.category, sizeof(LAST.category), "C");
	LAST.number = 504;
	CASE("issue in an unknown category", EVENT_TICKET_ISSUE, "unknown_category");
	n++;
	snprintf(LAST.category, sizeof(LAST.category), "Z");
	LAST.number = 1;
	CASE("check in an unknown reservation", EVENT_TICKET_ISSUE, "unknown_reservation");
	n++;
	snprintf(LAST.category, sizeof(LAST.category), "A");
	snprintf(LAST.reservation, sizeof(LAST.reservation), "R-404");
	LAST.number = 9;
	CASE("done at a free window", EVENT_TICKET_DONE, "no_ticket");
	n++;
	snprintf(LAST.window, sizeof(LAST.window), "2");
	CASE("serve at an unknown window", EVENT_TICKET_SERVE, "unknown_window");
	n++;
	snprintf(LAST.window, sizeof(LAST.window), "x");
	CASE("recall at a free window", EVENT_TICKET_RECALL, "no_ticket");
	n++;
	snprintf(LAST.window, sizeof(LAST.window), "4");
	CASE("cancel an unknown ticket", EVENT_TICKET_CANCEL, "unknown_ticket");
	n++;
	snprintf(LAST.ticket, sizeof(LAST.ticket), "B-001");
	CASE("cancel a called ticket", EVENT_TICKET_CANCEL, "bad_state");
	n++;
	snprintf(LAST.ticket, sizeof(LAST.ticket), "A-001");
	CASE("window set with an unknown category", EVENT_WINDOW_SET, "unknown_category");
	n++;
	snprintf(LAST.window, sizeof(LAST.window), "2");
	LAST.has_categories = true;
	LAST.n_categories = 2;
	snprintf(LAST.categories[0], CONFIG_ID_MAX, "A");
	snprintf(LAST.categories[1], CONFIG_ID_MAX, "Q");
	CASE("window set with a category twice", EVENT_WINDOW_SET, "bad_categories");
	n++;
	snprintf(LAST.window, sizeof(LAST.window), "2");
	LAST.has_categories = true;
	LAST.n_categories = 2;
	snprintf(LAST.categories[0], CONFIG_ID_MAX, "A");
	snprintf(LAST.categories[1], CONFIG_ID_MAX, "A");
	CASE("open the open day", EVENT_DAY_OPEN, "day_open");
	n++;
	LAST.day = DAY + 1;
	CASE("close another day", EVENT_DAY_CLOSE, "bad_day");
	n++;
	LAST.day = DAY - 1;
	CASE("book a reservation without id", EVENT_RESERVATION_BOOK, "bad_reservation");
	n++;
	snprintf(LAST.category, sizeof(LAST.category), "A");
	CASE("book a slot that ends before it starts", EVENT_RESERVATION_BOOK, "bad_slot");
	n++;
	snprintf(LAST.reservation, sizeof(LAST.reservation), "R-1");
	snprintf(LAST.category, sizeof(LAST.category), "A");
	LAST.slot_start = at(10, 0);
	LAST.slot_end = at(9, 30);
	CASE("expire an unknown reservation", EVENT_RESERVATION_EXPIRE, "unknown_reservation");
	n++;
	snprintf(LAST.reservation, sizeof(LAST.reservation), "R-9");
	CASE("unknown service state", EVENT_SERVICE_SET, "bad_service");
	n++;
	LAST.service = 7;
	CASE("unknown event type", EVENT_TYPE_COUNT, "bad_event");
	n++;
#undef CASE
#undef LAST

	for (int i = 0; i < n; i++) {
		memcpy(&snapshot, o, sizeof(snapshot));
		if (office_apply(o, &cases[i].ev, &err) == 0)
			fail_msg("case '%s' was accepted", cases[i].name);
		if (strcmp(err.code, cases[i].code) != 0)
			fail_msg("case '%s': code %s, expected %s (%s)", cases[i].name, err.code,
				 cases[i].code, err.message);
		assert_true(err.message[0] != '\0');
		if (memcmp(&snapshot, o, sizeof(snapshot)) != 0)
			fail_msg("case '%s' changed the state", cases[i].name);
	}
}

static void test_closed_day_refuses(void **state)
{
	struct office *o = *state;
	struct office_error err;
	struct event ev = ev_make(EVENT_TICKET_ISSUE, at(8, 0));

	snprintf(ev.category, sizeof(ev.category), "A");
	ev.number = 1;
	assert_int_equal(office_apply(o, &ev, &err), -1);
	assert_string_equal(err.code, "day_closed");
	assert_int_equal(o->seq, 0);
}

static void test_suspended_refuses_issue(void **state)
{
	struct office *o = *state;
	struct office_error err;
	struct event ev = ev_make(EVENT_SERVICE_SET, at(9, 0));

	open_day(o, DAY, at(8, 30));
	ev.service = EVENT_SERVICE_SUSPENDED;
	apply_ok(o, &ev);
	ev = ev_make(EVENT_TICKET_ISSUE, at(9, 1));
	snprintf(ev.category, sizeof(ev.category), "A");
	ev.number = 1;
	assert_int_equal(office_apply(o, &ev, &err), -1);
	assert_string_equal(err.code, "suspended");
}

static void test_range_exhausted(void **state)
{
	struct office *o = *state;

	open_day(o, DAY, at(8, 30));
	for (int i = 0; i < 3; i++)
		issue(o, "C", at(8, 31));
	assert_int_equal(office_next_number(o, 2), -1);
	assert_string_equal(o->tickets[2].label, "503");
}

/* Reservations: called at their slot ahead of walk-ins; before it only when
 * nobody else waits; expired after the grace time by office_due(). */
static void test_reservations(void **state)
{
	struct office *o = *state;
	struct event ev = ev_make(EVENT_RESERVATION_BOOK, at(8, 0));
	struct event due[4];

	snprintf(ev.reservation, sizeof(ev.reservation), "R-1");
	snprintf(ev.category, sizeof(ev.category), "A");
	ev.slot_start = at(10, 0);
	ev.slot_end = at(10, 30);
	apply_ok(o, &ev);
	snprintf(ev.reservation, sizeof(ev.reservation), "R-2");
	ev.slot_start = at(11, 0);
	ev.slot_end = at(11, 30);
	apply_ok(o, &ev);
	open_day(o, DAY, at(8, 30));
	assert_int_equal(o->n_reservations, 2);

	issue(o, "A", at(9, 0)); /* A-001 walk-in */
	ev = ev_make(EVENT_TICKET_ISSUE, at(9, 50));
	snprintf(ev.category, sizeof(ev.category), "A");
	snprintf(ev.reservation, sizeof(ev.reservation), "R-1");
	ev.number = office_next_number(o, 0);
	apply_ok(o, &ev); /* A-002 checks in for 10:00 */
	issue(o, "A", at(9, 55)); /* A-003 walk-in */

	/* 09:56: slot not started: walk-ins first */
	assert_string_equal(o->tickets[office_next_ticket(o, 0, at(9, 56))].label, "A-001");
	/* 10:00: the reservation goes ahead of both walk-ins */
	assert_string_equal(o->tickets[office_next_ticket(o, 0, at(10, 0))].label, "A-002");
	assert_int_equal(o->reservations[0].state, RESERVATION_CHECKED_IN);

	/* R-2 not checked in: expires at 11:10, not before */
	assert_int_equal(office_due(o, at(11, 9), due, 4), 0);
	assert_int_equal(office_due(o, at(11, 10), due, 4), 1);
	assert_int_equal(due[0].type, EVENT_RESERVATION_EXPIRE);
	assert_string_equal(due[0].reservation, "R-2");
	apply_ok(o, &due[0]);
	assert_int_equal(o->reservations[1].state, RESERVATION_NO_SHOW);
	assert_int_equal(office_due(o, at(11, 11), due, 4), 0);
}

static void test_early_reservation_called_when_alone(void **state)
{
	struct office *o = *state;
	struct event ev = ev_make(EVENT_RESERVATION_BOOK, at(8, 0));

	snprintf(ev.reservation, sizeof(ev.reservation), "R-1");
	snprintf(ev.category, sizeof(ev.category), "B");
	ev.slot_start = at(14, 0);
	ev.slot_end = at(14, 30);
	apply_ok(o, &ev);
	open_day(o, DAY, at(8, 30));
	ev = ev_make(EVENT_TICKET_ISSUE, at(9, 0));
	snprintf(ev.category, sizeof(ev.category), "B");
	snprintf(ev.reservation, sizeof(ev.reservation), "R-1");
	ev.number = 1;
	apply_ok(o, &ev);
	assert_int_equal(office_next_ticket(o, 2, at(9, 1)), 0);
	assert_int_equal(office_next_ticket(o, 0, at(9, 1)), -1); /* window 1 serves A only */
}

/* Opening hours drive the day; numbers restart each day; closing cancels. */
static void test_day_rollover(void **state)
{
	struct office *o = *state;
	struct event due[4];
	int n;

	assert_int_equal(office_due(o, at(8, 29), due, 4), 0);
	n = office_due(o, at(8, 30), due, 4);
	assert_int_equal(n, 1);
	assert_int_equal(due[0].type, EVENT_DAY_OPEN);
	assert_int_equal(due[0].day, DAY);
	apply_ok(o, &due[0]);
	issue(o, "A", at(9, 0));
	issue(o, "A", at(9, 1));
	issue(o, "A", at(9, 2));
	call_next(o, "1", at(9, 5));
	assert_int_equal(office_due(o, at(17, 14), due, 4), 0);
	n = office_due(o, at(17, 15), due, 4);
	assert_int_equal(n, 1);
	assert_int_equal(due[0].type, EVENT_DAY_CLOSE);
	apply_ok(o, &due[0]);
	assert_false(o->day_open);
	assert_int_equal(o->counts[0].cancelled, 3);
	assert_int_equal(o->windows[0].ticket, -1);
	for (int i = 0; i < 3; i++)
		assert_int_equal(o->tickets[i].state, TICKET_CANCELLED);
	/* the same evening: stays closed */
	assert_int_equal(office_due(o, at(18, 0), due, 4), 0);

	/* next morning (Tuesday) */
	int64_t tue = civil_to_ms(DAY + 1, 8 * 60 + 31, 540);
	n = office_due(o, tue, due, 4);
	assert_int_equal(n, 1);
	assert_int_equal(due[0].day, DAY + 1);
	apply_ok(o, &due[0]);
	assert_int_equal(o->n_tickets, 0);
	assert_int_equal(office_next_number(o, 0), 1);
	issue(o, "A", tue);
	assert_string_equal(o->tickets[0].label, "A-001");
}

/* The daemon was off overnight with the day open: close yesterday, open today. */
static void test_missed_close(void **state)
{
	struct office *o = *state;
	struct event due[4];

	open_day(o, DAY, at(8, 30));
	int n = office_due(o, civil_to_ms(DAY + 1, 9 * 60, 540), due, 4);
	assert_int_equal(n, 2);
	assert_int_equal(due[0].type, EVENT_DAY_CLOSE);
	assert_int_equal(due[0].day, DAY);
	assert_int_equal(due[1].type, EVENT_DAY_OPEN);
	assert_int_equal(due[1].day, DAY + 1);
	/* Saturday: closes, does not open */
	apply_ok(o, &due[0]);
	apply_ok(o, &due[1]);
	n = office_due(o, civil_to_ms(20261128, 9 * 60, 540), due, 4);
	assert_int_equal(n, 1);
	assert_int_equal(due[0].type, EVENT_DAY_CLOSE);
}

static void test_window_set(void **state)
{
	struct office *o = *state;
	struct event ev = ev_make(EVENT_WINDOW_SET, at(9, 0));

	open_day(o, DAY, at(8, 30));
	issue(o, "C", at(8, 40));
	snprintf(ev.window, sizeof(ev.window), "5");
	ev.has_open = true;
	ev.open = true;
	apply_ok(o, &ev);
	assert_string_equal(call_next(o, "5", at(9, 1)), "501");

	ev = ev_make(EVENT_WINDOW_SET, at(9, 2));
	snprintf(ev.window, sizeof(ev.window), "1");
	ev.has_categories = true;
	ev.n_categories = 2;
	snprintf(ev.categories[0], CONFIG_ID_MAX, "B");
	snprintf(ev.categories[1], CONFIG_ID_MAX, "C");
	apply_ok(o, &ev);
	assert_int_equal(o->windows[0].n_categories, 2);
	assert_int_equal(o->windows[0].categories[0], 1);
	assert_true(o->windows[0].open);
	issue(o, "B", at(9, 3));
	assert_string_equal(call_next(o, "1", at(9, 4)), "B-001");
}

static void test_people_and_sensors(void **state)
{
	struct office *o = *state;
	struct event ev = ev_make(EVENT_PEOPLE, at(9, 0));

	ev.count = 3;
	apply_ok(o, &ev);
	ev.count = -5;
	apply_ok(o, &ev);
	assert_int_equal(o->occupancy, 0);
	assert_int_equal(o->people_in, 3);
	assert_int_equal(o->people_out, 5);
	ev.count = 4;
	apply_ok(o, &ev);
	ev = ev_make(EVENT_OCCUPANCY_RESET, at(17, 30));
	ev.count = -4;
	apply_ok(o, &ev);
	assert_int_equal(o->occupancy, 0);
	assert_int_equal(o->occupancy_corrections, -4);
	ev = ev_make(EVENT_SENSOR, at(9, 0));
	snprintf(ev.sensor, sizeof(ev.sensor), "beams");
	ev.ok = false;
	apply_ok(o, &ev);
	assert_true(o->sensor_fault);
	assert_string_equal(o->sensor_fault_name, "beams");
	ev.ok = true;
	apply_ok(o, &ev);
	assert_false(o->sensor_fault);
}

static void test_event_names(void **state)
{
	(void)state;
	for (int t = 0; t < EVENT_TYPE_COUNT; t++)
		assert_int_equal(event_type_from_name(event_type_name(t)), t);
	assert_int_equal(event_type_from_name("ticket.unknown"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_labels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ticket_find_full_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_morning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_day_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_suspended_refuses_issue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_exhausted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reservations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_early_reservation_called_when_alone, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_day_rollover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missed_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_people_and_sensors, setup, teardown),
		cmocka_unit_test(test_event_names),
	};
	return cmocka_run_group_tests_name("office", tests, NULL, NULL);
}
